"""`check --format markdown`: a report to paste into an issue, facts folded away at the end."""

from __future__ import annotations

import json
from typing import Any

from ..i18n import tr
from .summary import SYMBOLS, inspected_line, verdict_line


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _fence(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text}\n{fence}"


def render_markdown(document: dict[str, Any]) -> str:
    out = ["## yolodoctor check", "", f"**{verdict_line(document)}**", "", tr("| | Area | |"), "|---|---|---|"]
    for area in document["areas"]:
        out.append(f"| {SYMBOLS[area['status']]} | {_cell(area['label'])} | {_cell(area['summary'])} |")
    for finding in document["findings"]:
        certainty = " " + tr("(likely)") if finding["certainty"] == "likely" else ""
        out += ["", f"### {SYMBOLS[finding['severity']]} {finding['id']}: {finding['title']}{certainty}", "",
                f"`{finding['category']}`, {finding['severity']}"
                + (tr(", not counted: {reason}", reason=finding["not_counted"]) if finding.get("not_counted") else ""),
                "", finding["message"]]
        if finding["evidence"]:
            out += ["", tr("**Why**"), ""] + [f"- `{e}`" if "`" not in e else f"- {e}" for e in finding["evidence"]]
        if finding["fix"]:
            out += ["", tr("**Fix**"), "", _fence(finding["fix"])]
        for explained in finding["explained"]:
            out += ["", tr("Also explains **{rule_id}** ({title}): {message}", rule_id=explained["id"],
                           title=explained["title"], message=explained["message"])]
    if document.get("rule_errors"):
        out += ["", tr("**Rules that failed to run**"), ""] + [f"- {e}" for e in document["rule_errors"]]
    probe_errors = document["facts"].get("probe_errors", [])
    if probe_errors:
        out += ["", tr("**Probes that failed**"), ""] + [f"- {e['probe']}: {e['message']}" for e in probe_errors]
    out += ["", inspected_line(document), "", tr("<details><summary>Facts</summary>"), "",
            _fence(json.dumps(document["facts"], indent=2, ensure_ascii=False), "json"), "", "</details>", ""]
    return "\n".join(out)
