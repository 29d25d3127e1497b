"""`check --format github`: GitHub Actions workflow commands (annotations), one per finding."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from .gha import annotation, level_for
from .summary import inspected_line, verdict_line


def render_github(document: dict[str, Any]) -> str:
    lines = []
    for finding in document["findings"]:
        body = [finding["message"]]
        if finding["evidence"]:
            body += ["", tr("Why:")] + [f"- {e}" for e in finding["evidence"]]
        if finding["fix"]:
            body += ["", tr("Fix:"), finding["fix"]]
        for explained in finding["explained"]:
            body += ["", tr("Also explains {rule_id} ({title}): {message}", rule_id=explained["id"],
                            title=explained["title"], message=explained["message"])]
        title = f"{finding['id']} {finding['title']}"
        level = level_for(finding["severity"])
        if finding.get("not_counted"):  # reported, but it does not fail this profile's job
            title += tr(" (not counted: {reason})", reason=finding["not_counted"])
            level = "notice"
        lines.append(annotation(level, "\n".join(body), title=title))
    for error in document.get("rule_errors", []):
        lines.append(annotation("error", error, title=tr("yolodoctor rule failed")))
    lines.append(tr("yolodoctor check: {verdict}", verdict=verdict_line(document)))
    lines.append(inspected_line(document))
    return "\n".join(lines) + "\n"
