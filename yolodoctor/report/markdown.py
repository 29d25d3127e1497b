"""`check --format markdown`: a report to paste into an issue, facts folded away at the end."""

from __future__ import annotations

import json
from typing import Any

from .summary import SYMBOLS, inspected_line, verdict_line


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _fence(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text}\n{fence}"


def render_markdown(document: dict[str, Any]) -> str:
    out = ["## yolodoctor check", "", f"**{verdict_line(document)}**", "", "| | Area | |", "|---|---|---|"]
    for area in document["areas"]:
        out.append(f"| {SYMBOLS[area['status']]} | {_cell(area['label'])} | {_cell(area['summary'])} |")
    for finding in document["findings"]:
        certainty = " (likely)" if finding["certainty"] == "likely" else ""
        out += ["", f"### {SYMBOLS[finding['severity']]} {finding['id']}: {finding['title']}{certainty}", "",
                f"`{finding['category']}`, {finding['severity']}"
                + (f", not counted: {finding['not_counted']}" if finding.get("not_counted") else ""),
                "", finding["message"]]
        if finding["evidence"]:
            out += ["", "**Why**", ""] + [f"- `{e}`" if "`" not in e else f"- {e}" for e in finding["evidence"]]
        if finding["fix"]:
            out += ["", "**Fix**", "", _fence(finding["fix"])]
        for explained in finding["explained"]:
            out += ["", f"Also explains **{explained['id']}** ({explained['title']}): {explained['message']}"]
    if document.get("rule_errors"):
        out += ["", "**Rules that failed to run**", ""] + [f"- {e}" for e in document["rule_errors"]]
    probe_errors = document["facts"].get("probe_errors", [])
    if probe_errors:
        out += ["", "**Probes that failed**", ""] + [f"- {e['probe']}: {e['message']}" for e in probe_errors]
    out += ["", inspected_line(document), "", "<details><summary>Facts</summary>", "",
            _fence(json.dumps(document["facts"], indent=2, ensure_ascii=False), "json"), "", "</details>", ""]
    return "\n".join(out)
