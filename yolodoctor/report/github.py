"""`check --format github`: GitHub Actions workflow commands (annotations), one per finding."""

from __future__ import annotations

from typing import Any

from .summary import inspected_line, verdict_line

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's escaping rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(document: dict[str, Any]) -> str:
    lines = []
    for finding in document["findings"]:
        body = [finding["message"]]
        if finding["evidence"]:
            body += ["", "Why:"] + [f"- {e}" for e in finding["evidence"]]
        if finding["fix"]:
            body += ["", "Fix:", finding["fix"]]
        for explained in finding["explained"]:
            body += ["", f"Also explains {explained['id']} ({explained['title']}): {explained['message']}"]
        title = f"{finding['id']} {finding['title']}"
        lines.append(f"::{LEVELS[finding['severity']]} title={_property(title)}::{_data(chr(10).join(body))}")
    for error in document.get("rule_errors", []):
        lines.append(f"::error title={_property('yolodoctor rule failed')}::{_data(error)}")
    lines.append(f"yolodoctor check: {verdict_line(document)}")
    lines.append(inspected_line(document))
    return "\n".join(lines) + "\n"
