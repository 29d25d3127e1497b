"""The GitHub Actions job summary: GitHub-flavoured Markdown appended to $GITHUB_STEP_SUMMARY.

GitHub keeps one summary file per step and drops the whole summary, not just the excess, when the file
passes 1 MiB (the runner's "upload aborted, supports content up to a size of 1024k"). The writer therefore
measures what the step already wrote and shortens its own part to fit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping, Optional

from ..diagnose.model import AREAS, Finding
from ..facts.model import Facts
from ..verdict import Verdict
from .redact import redact_text

STEP_SUMMARY_LIMIT = 1024 * 1024
_SAFETY_MARGIN = 4 * 1024  # room for what later steps' tools append to the same file
_MARK = {"error": "✗", "warning": "!", "info": "i"}
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


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


def _headline(verdict: Verdict) -> str:
    errors = sum(1 for f in verdict.counted if f.severity == "error")
    warnings = sum(1 for f in verdict.counted if f.severity == "warning")
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if verdict.exit_code == 0:
        state = "✓ passed"
    elif verdict.exit_code == 1:
        state = "! passed with warnings"
    else:
        state = "✗ failed"
    return f"## yolodoctor pre-flight: {state} ({counts}, exit code {verdict.exit_code})"


def render(verdict: Verdict, facts: Facts, profile_description: Optional[str] = None,
           detail: bool = True) -> str:
    lines = [_headline(verdict), ""]
    context = []
    if verdict.profile:
        desc = f" ({md_text(profile_description)})" if profile_description else ""
        context.append(f"profile **{md_text(verdict.profile)}**{desc}")
    context.append(f"fail-on `{verdict.fail_on}`")
    if verdict.policy_path:
        context.append(f"policy `{Path(verdict.policy_path).name}`")
    if verdict.ignored:
        context.append("ignored " + ", ".join(sorted({f"`{f.id}`" for f in verdict.ignored})))
    lines += ["· ".join(context), "", _machine_line(facts), ""]
    lines += ["| area | status | findings |", "| --- | --- | --- |"]
    by_area: dict[str, list[Finding]] = {}
    for finding in verdict.reported:
        by_area.setdefault(finding.area, []).append(finding)
    for area in (*AREAS, *sorted(set(by_area) - set(AREAS))):
        found = by_area.get(area, [])
        counted = [f for f in found if verdict.reason(f) is None]
        status = _status(counted) if counted else ("✓" if not found else "– not counted")
        cell = "<br>".join(f"{_MARK.get(f.severity, '?')} {f.id} {md_text(f.title, True)}" for f in found)
        lines.append(f"| {area} | {status} | {cell} |")
    lines.append("")
    if detail:
        for finding in verdict.reported:
            lines += _finding_block(finding, verdict.reason(finding))
    return "\n".join(lines).rstrip() + "\n"


def _status(found: list[Finding]) -> str:
    severities = {f.severity for f in found}
    if "error" in severities:
        return "✗ error"
    if "warning" in severities:
        return "! warning"
    return "i info"


def _machine_line(facts: Facts) -> str:
    parts = []
    if facts.python.executable:
        parts.append(f"Python {facts.python.version or '?'} (`{redact_text(facts.python.executable)}`)")
    if facts.torch.version:
        parts.append(f"torch {facts.torch.version}" + (f" (CUDA {facts.torch.cuda})" if facts.torch.cuda else ""))
    if facts.nvidia.gpus:
        names = sorted({g.name or "GPU" for g in facts.nvidia.gpus})
        parts.append(f"{len(facts.nvidia.gpus)} GPU(s): {', '.join(names)}")
    if facts.nvidia.driver_version:
        parts.append(f"driver {facts.nvidia.driver_version}")
    if facts.host.container:
        parts.append(f"container: {facts.host.container}")
    origin = f"Facts ({facts.origin})" if facts.origin else "Facts"
    return f"{origin}: " + md_text("; ".join(parts) if parts else "nothing known")


def _finding_block(finding: Finding, not_counted: Optional[str]) -> list[str]:
    mark = _MARK.get(finding.severity, "?")
    head = f"### {mark} {finding.id} {md_text(finding.title)}"
    if not_counted:
        head += f" (not counted: {md_text(not_counted)})"
    block = [head, "", md_text(redact_text(finding.message)), ""]
    if finding.fix:
        block += ["**Fix:** " + md_text(redact_text(finding.fix)).replace("\n", "  \n"), ""]
    if finding.evidence:
        block += ["<details><summary>Evidence</summary>", ""]
        block += [f"- {md_text(redact_text(e))}" for e in finding.evidence]
        block += ["", "</details>", ""]
    return block


def append_step_summary(markdown: str, env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """Append to the file named by GITHUB_STEP_SUMMARY; a warning line when it could not, else None.
    Nothing is written when `markdown` does not fit in what is left of the step's 1 MiB."""
    env = os.environ if env is None else env
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        used = os.path.getsize(path) if os.path.exists(path) else 0
    except OSError:
        used = 0
    room = STEP_SUMMARY_LIMIT - _SAFETY_MARGIN - used
    data = markdown.encode("utf-8")
    if len(data) > room:
        return f"the job summary ({len(data)} bytes) does not fit in the {max(room, 0)} bytes left of the step's 1 MiB"
    try:
        with open(path, "ab") as fh:
            fh.write(data)
    except OSError as exc:
        return f"cannot write the job summary to {path}: {exc.strerror or exc}"
    return None


def write_summary(verdict: Verdict, facts: Facts, profile_description: Optional[str] = None,
                  env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The full summary, or the table alone when the details do not fit; a warning line when neither does."""
    full = render(verdict, facts, profile_description, detail=True)
    problem = append_step_summary(full, env)
    if problem and "does not fit" in problem:
        short = render(verdict, facts, profile_description, detail=False) + \
            "\n_Details left out to stay within GitHub's 1 MiB step summary limit; see the step log._\n"
        problem = append_step_summary(short, env)
    return problem
