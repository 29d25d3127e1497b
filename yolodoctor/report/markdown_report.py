"""`yolodoctor report`: the machine as markdown ready to paste into an issue.

A short table a person reads, the findings when a diagnosis is available,
and the complete Facts as a fenced JSON block between two HTML comments
(invisible on GitHub) so that `yolodoctor check --from` reads them back
exactly. Everything is redacted before anything is rendered.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from .. import __version__
from ..facts.model import Facts, facts_from_dict, to_dict
from ..i18n import tr
from .redact import redact_data, redact_text, redact_user

REPORT_MARKER = "yolodoctor-report"
# The whole report lies between these two comments (invisible on GitHub): `check --from` reads the facts
# block inside and nothing else of it, so the readable part can never add to or contradict the facts.
BLOCK_START = (f"<!-- {REPORT_MARKER} v1: read back by `yolodoctor check --from FILE`; "
               f"paste everything down to /{REPORT_MARKER} -->")
BLOCK_END = f"<!-- /{REPORT_MARKER} -->"


def redacted_facts(facts: Facts, user: Optional[tuple[str, str]] = None) -> dict[str, Any]:
    """The facts as JSON data with secrets removed; with `user` = (home, name), paths are anonymised too."""
    data = redact_data(to_dict(facts))
    if user is not None:
        data = _map_strings(data, lambda text: redact_user(text, user[0], user[1]))
    return data


def render_report(facts: Facts, findings: Optional[Sequence[Any]] = None, diagnosis_note: Optional[str] = None,
                  user: Optional[tuple[str, str]] = None) -> str:
    data = redacted_facts(facts, user)
    shown = facts_from_dict(data)  # the readable part is rendered from the redacted facts only

    def clean(text: Any) -> str:
        text = redact_text(str(text))
        return redact_user(text, user[0], user[1]) if user is not None else text

    lines = [BLOCK_START, tr("## Environment report (yolodoctor)"), ""]
    lines += _summary_table(shown)
    lines += ["", tr("### Findings"), ""]
    if findings is None:
        lines.append(f"_{diagnosis_note or tr('No diagnosis is included in this report.')}_")
    elif not findings:
        lines.append(tr("No problems found."))
    else:
        for finding in findings:
            lines += _finding(finding, clean)
    lines += ["", "<details>", tr("<summary>Facts for <code>yolodoctor check --from</code></summary>"), "",
              "```json", json.dumps(data, indent=2, ensure_ascii=False, default=str), "```",
              "", "</details>", BLOCK_END, ""]
    return "\n".join(lines)


def _finding(finding: Any, clean) -> list[str]:
    title, _explanation, fix = _texts(finding)
    kind = (tr("{severity}, likely", severity=finding.severity) if finding.certainty == "likely"
            else f"{finding.severity}")  # the severity is an enum value: kept
    out = [tr("- **{rule_id}** {title} ({kind}, `{category}`): {message}", rule_id=finding.id,
              title=_cell(clean(title)), kind=kind, category=finding.category, message=_cell(clean(finding.message)))]
    if fix:
        out += ["", _indent(_fence(clean(fix)), "  ")]
    for explained in getattr(finding, "folded", ()):
        out.append(tr("  - also explains **{rule_id}** ({title})", rule_id=explained.id,
                      title=_cell(clean(_texts(explained)[0]))))
    return out


def _texts(finding: Any) -> tuple[str, str, Optional[str]]:
    """Title, explanation and fix in the current language (check_report's choice, for the same findings)."""
    if not hasattr(finding, "explanation"):  # not an engine finding: its own texts
        return finding.title, "", getattr(finding, "fix", None)
    from .check_report import _texts as in_language

    return in_language(finding)


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text}\n{fence}"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def _summary_table(f: Facts) -> list[str]:
    py, host, nv, torch = f.python, f.host, f.nvidia, f.torch
    gpus = [f"{g.index}: {g.name}" + (f" (sm {g.compute_capability})" if g.compute_capability else "")
            + (f", {g.memory_total_mib} MiB" if g.memory_total_mib else "") for g in nv.gpus]
    torch_text = None
    if torch.status == "missing":
        torch_text = tr("not installed")
    elif torch.version:
        build = f"CUDA {torch.cuda}" if torch.cuda else (f"ROCm {torch.hip}" if torch.hip else
                                                          tr("CPU-only build") if torch.status == "ok" else None)
        torch_text = tr("{version} ({build})", version=torch.version, build=build) if build else torch.version
        if torch.cuda_available is not None:
            torch_text += (tr(", cuda available: yes") if torch.cuda_available else tr(", cuda available: no"))
    if torch.error:
        torch_text = (torch_text + tr("; ") if torch_text else "") + tr("error: {error}", error=torch.error)
    rows = [
        ("yolodoctor", f.yolodoctor_version or __version__),
        (tr("collected"), f.collected_at),
        ("Python", " ".join(filter(None, [py.version, f"({py.executable})" if py.executable else None]))),
        ("OS", " ".join(filter(None, [host.os, host.arch, host.distro]))
         + (tr(", container: {container}", container=host.container) if host.container else "")),
        (tr("NVIDIA driver"), nv.driver_version + (f" (CUDA {nv.cuda_driver_version})" if nv.cuda_driver_version else "")
         if nv.driver_version else tr("not loaded") if nv.kernel_module_loaded is False else None),
        # No GPU list: none where the driver is seen not loaded or a source answered with none.
        (tr("GPUs"), "; ".join(gpus) or (tr("none found") if nv.kernel_module_loaded is False or nv.gpus_source
                                         else None)),
        ("torch", torch_text),
        ("cuDNN", torch.cudnn_version),
        (tr("CUDA toolkit (nvcc)"), f.cuda.nvcc_version),
    ]
    for name in ("torchvision", "ultralytics", "flash_attn", "numpy", "cv2", "tensorrt", "onnxruntime"):
        package = f.packages.get(name)
        if package is None:
            continue
        text = package.version or package.status
        if package.status in ("error", "crashed", "timeout") and package.error:
            text = f"{text}; {package.status}: {package.error}"
        rows.append((name, text))
    rows.append(("/dev/shm", f"{f.host.shm_total_bytes // (1 << 20)} MiB" if f.host.shm_total_bytes else None))
    out = ["| | |", "|---|---|"]
    for key, value in rows:
        out.append(f"| {key} | {_cell(value) if value not in (None, '') else tr('unknown')} |")
    return out


def _cell(value: Any) -> str:
    return str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")


def _map_strings(value: Any, fn) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {(fn(k) if isinstance(k, str) else k): _map_strings(v, fn) for k, v in value.items()}
    return value
