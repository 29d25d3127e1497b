"""`check --format github`: GitHub Actions workflow commands (annotations), one per finding."""

from __future__ import annotations

from typing import Any

from .gha import annotation, level_for
from .summary import inspected_line, verdict_line


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
        level = level_for(finding["severity"])
        if finding.get("not_counted"):  # reported, but it does not fail this profile's job
            title += f" (not counted: {finding['not_counted']})"
            level = "notice"
        lines.append(annotation(level, "\n".join(body), title=title))
    for error in document.get("rule_errors", []):
        lines.append(annotation("error", error, title="yolodoctor rule failed"))
    lines.append(f"yolodoctor check: {verdict_line(document)}")
    lines.append(inspected_line(document))
    return "\n".join(lines) + "\n"
