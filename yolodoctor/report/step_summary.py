"""The GitHub Actions job summary: GitHub-flavoured Markdown appended to $GITHUB_STEP_SUMMARY.

GitHub keeps one summary file per step and drops the whole summary, not just the excess, when the file
passes 1 MiB (the runner's "upload aborted, supports content up to a size of 1024k"). The writer therefore
measures what the step already wrote and shortens its own part to fit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping, Optional

from ..i18n import tr
from .summary import inspected_line

STEP_SUMMARY_LIMIT = 1024 * 1024
_SAFETY_MARGIN = 4 * 1024  # room for what later steps' tools append to the same file
_MARK = {"error": "✗", "warning": "!", "info": "i"}
_CODE_SPAN = re.compile(r"(?<!`)(`{1,8})(?!`)(.{1,2000}?)(?<!`)\1(?!`)", re.S)


def md_text(text: str, in_table: bool = False) -> str:
    """Escape text for GFM: HTML and emphasis characters outside code spans; line breaks and '|' in tables."""
    out = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_plain(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_plain(text[last:]))
    result = "".join(out)
    if in_table:
        result = result.replace("|", r"\|").replace("\r", "").replace("\n", "<br>")
    return result


def _escape_plain(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_[]#":
        text = text.replace(ch, "\\" + ch)
    return text


def _headline(document: dict[str, Any]) -> str:
    summary, code = document["summary"], document["exit_code"]
    errors, warnings = summary["error"], summary["warning"]
    counts = tr(", ").join([tr("{count} error", count=errors) if errors == 1 else tr("{count} errors", count=errors),
                            tr("{count} warning", count=warnings) if warnings == 1
                            else tr("{count} warnings", count=warnings)])
    state = tr("✓ passed") if code == 0 else tr("! passed with warnings") if code == 1 else tr("✗ failed")
    return tr("## yolodoctor pre-flight: {state} ({counts}, exit code {code})", state=state, counts=counts, code=code)


def render(document: dict[str, Any], detail: bool = True) -> str:
    """The job summary for a check report (report/check_report.py)."""
    lines = [_headline(document), ""]
    context = []
    if document.get("profile"):
        context.append(tr("profile **{profile}**", profile=md_text(document["profile"])))
    context.append(tr("fail-on `{value}`", value=document["fail_on"]))
    if document.get("policy"):
        context.append(tr("policy `{name}`", name=Path(document["policy"]).name))
    if document.get("ignored"):
        context.append(tr("ignored {rule_ids}", rule_ids=", ".join(f"`{rule_id}`" for rule_id in document["ignored"])))
    lines += [" · ".join(context), "", md_text(inspected_line(document)), ""]
    lines += [tr("| area | status | summary | findings |"), "| --- | --- | --- | --- |"]
    by_id = {f["id"]: f for f in document["findings"]}
    for area in document["areas"]:
        found = [by_id[i] for i in area["findings"] if i in by_id]
        ids = "<br>".join(f"{_MARK.get(f['severity'], '?')} {f['id']} {md_text(f['title'], True)}"
                          + (tr(" (not counted)") if f.get("not_counted") else "") for f in found)
        lines.append(f"| {md_text(area['label'], True)} | {_status(area['status'])} | "
                     f"{md_text(area['summary'], True)} | {ids} |")
    lines.append("")
    if detail:
        for finding in document["findings"]:
            lines += _finding_block(finding)
    for error in document.get("rule_errors", []):
        lines += [tr("**Rule failed to run:** {error}", error=md_text(error)), ""]
    return "\n".join(lines).rstrip() + "\n"


def _status(status: str) -> str:
    """An area's status with its mark (the status is an enum value; its word follows the language)."""
    words = {"error": lambda: tr("✗ error"), "warning": lambda: tr("! warning"), "ok": lambda: tr("✓ ok"),
             "absent": lambda: tr("– absent"), "unknown": lambda: tr("? unknown")}
    return words[status]() if status in words else status


def _finding_block(finding: dict[str, Any]) -> list[str]:
    head = f"### {_MARK.get(finding['severity'], '?')} {finding['id']} {md_text(finding['title'])}"
    if finding.get("not_counted"):
        head += tr(" (not counted: {reason})", reason=md_text(finding["not_counted"]))
    block = [head, "", md_text(finding["message"]), ""]
    if finding.get("fix"):
        block += [tr("**Fix:** ") + md_text(finding["fix"]).replace("\n", "  \n"), ""]
    if finding.get("evidence"):
        block += [tr("<details><summary>Evidence</summary>"), ""]
        block += [f"- {md_text(e)}" for e in finding["evidence"]]
        block += ["", "</details>", ""]
    for explained in finding.get("explained", []):
        block += [tr("Also explains {rule_id} ({title}): {message}", rule_id=explained["id"],
                     title=md_text(explained["title"]), message=md_text(explained["message"])), ""]
    return block


def append_step_summary(markdown: str, env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """Append to the file named by GITHUB_STEP_SUMMARY; a warning line when it could not, else None.
    Nothing is written when `markdown` does not fit in what is left of the step's 1 MiB."""
    return _append(markdown, env)[0]


def _append(markdown: str, env: Optional[Mapping[str, str]]) -> tuple[Optional[str], bool]:
    """(the warning line or None, whether it was left out for want of room)."""
    env = os.environ if env is None else env
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None, False
    try:
        used = os.path.getsize(path) if os.path.exists(path) else 0
    except OSError:
        used = 0
    room = STEP_SUMMARY_LIMIT - _SAFETY_MARGIN - used
    data = markdown.encode("utf-8")
    if len(data) > room:
        return tr("the job summary ({size} bytes) does not fit in the {room} bytes left of the step's 1 MiB",
                  size=len(data), room=max(room, 0)), True
    try:
        with open(path, "ab") as fh:
            fh.write(data)
    except OSError as exc:
        return tr("cannot write the job summary to {path}: {error}", path=path, error=exc.strerror or exc), False
    return None, False


def write_summary(document: dict[str, Any], env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The full summary, or the table alone when the details do not fit; a warning line when neither does."""
    problem, too_big = _append(render(document, detail=True), env)
    if too_big:
        short = render(document, detail=False) + "\n" + \
            tr("_Details left out to stay within GitHub's 1 MiB step summary limit; see the step log._") + "\n"
        problem = append_step_summary(short, env)
    return problem
