"""A smoke stage's one-line result in the current language, for the text report.

The stages run in the target interpreter (stdlib only, no yolodoctor) and report
their result as an English line; the JSON keeps it, and the error signatures are
matched against it. The text report shows it in the chosen language: the lines the
stages and the runner write are recognised here by their shape and said again
with tr(); a line of another shape (a library's own error) is shown as written.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from ..i18n import tr

_Said = Callable[[re.Match], str]


def _rules() -> list[tuple[str, _Said]]:
    # (pattern, how to say it): tr() is called when a line is shown, never at import.
    return [
        # stage results (yolodoctor/smoke/target/ydsmoke_*.py)
        (r"(\d+) threads, allocation and matmul correct",
         lambda m: tr("{threads} threads, allocation and matmul correct", threads=m[1])),
        (r"(.+) \(capability ([\d.]+)\): allocation and kernels correct",
         lambda m: tr("{gpu} (capability {capability}): allocation and kernels correct", gpu=m[1], capability=m[2])),
        (r"autocast (.+) agrees with float32; (\d+) training steps finite",
         lambda m: tr("autocast {dtype} agrees with float32; {steps} training steps finite", dtype=m[1], steps=m[2])),
        (r"sdpa (\S+) match the reference(?:; backends that ran: (.+?))?(?:; flash-attn (\S+) matches)?",
         lambda m: tr("sdpa {dtypes} match the reference", dtypes=m[1])
         + (tr("; backends that ran: {backends}", backends=m[2]) if m[2] else "")
         + (tr("; flash-attn {version} matches", version=m[3]) if m[3] else "")),
        (r"torchvision (\S+): nms, batched_nms, roi_align correct on (.+)",
         lambda m: tr("torchvision {version}: nms, batched_nms, roi_align correct on {device}", version=m[1],
                      device=m[2])),
        (r"ultralytics (\S+): (\S+) built, predicted, trained (\d+) epoch\(s\) on (.+?)"
         r"(?:; network access blocked: (.+))?",
         lambda m: tr("ultralytics {version}: {model} built, predicted, trained {epochs} epoch(s) on {device}",
                      version=m[1], model=m[2], epochs=m[3], device=m[4])
         + (tr("; network access blocked: {hosts}", hosts=m[5]) if m[5] else "")),
        (r"(\S+) all-reduce across (\d+) processes on (.+): correct",
         lambda m: tr("{backend} all-reduce across {count} processes on {where}: correct", backend=m[1],
                      count=m[2], where=m[3])),
        (r"import torch failed: (.+)", lambda m: tr("import torch failed: {error}", error=m[1])),
        # failures the stages name themselves (the common ones)
        (r"NaN/Inf in the network output under autocast (\S+) on (\S+) \(the float32 output is finite\): "
         r"mixed precision is broken here",
         lambda m: tr("NaN/Inf in the network output under autocast {dtype} on {device} (the float32 output is "
                      "finite): mixed precision is broken here", dtype=m[1], device=m[2])),
        (r"NaN/Inf in the float32 (output|gradients) on (\S+): the device computes wrong numbers",
         lambda m: (tr("NaN/Inf in the float32 output on {device}: the device computes wrong numbers", device=m[2])
                    if m[1] == "output" else
                    tr("NaN/Inf in the float32 gradients on {device}: the device computes wrong numbers",
                       device=m[2]))),
        (r"TensorRT engine execution failed", lambda m: tr("TensorRT engine execution failed")),
        # stages skipped because the device stage failed (yolodoctor/smoke/runner.py)
        (r"torch could not be imported \(see the device stage\)",
         lambda m: tr("torch could not be imported (see the device stage)")),
        (r"the device stage did not finish(?:: (.+))?",
         lambda m: tr("the device stage did not finish: {detail}", detail=local_detail(m[1])) if m[1]
         else tr("the device stage did not finish")),
        # stages skipped by the target
        (r"torch is not installed", lambda m: tr("torch is not installed")),
        (r"torchvision is not installed", lambda m: tr("torchvision is not installed")),
        (r"ultralytics is not installed", lambda m: tr("ultralytics is not installed")),
        (r"neither onnx nor tensorrt is installed", lambda m: tr("neither onnx nor tensorrt is installed")),
        (r"GPU health needs a CUDA device", lambda m: tr("GPU health needs a CUDA device")),
        (r"this torch has no torch\.distributed\.run \(torchrun\)",
         lambda m: tr("this torch has no torch.distributed.run (torchrun)")),
        # stages skipped by the plan (yolodoctor/smoke/plan.py)
        (r"runs with --level full", lambda m: tr("runs with --level full")),
        (r"no selected device passed the device stage", lambda m: tr("no selected device passed the device stage")),
        (r"needs a working CUDA device", lambda m: tr("needs a working CUDA device")),
        (r"(\S+) failed the device stage", lambda m: tr("{device} failed the device stage", device=m[1])),
        # a stage that reported nothing (yolodoctor/smoke/runner.py)
        (r"did not finish within (\S+) s(?: \(last step: (.+)\))?",
         lambda m: tr("did not finish within {seconds} s", seconds=m[1]) + _last_step(m[2])),
        (r"the process died on signal (.+?)(?: \(last step: (.+)\))?",
         lambda m: tr("the process died on signal {signal}", signal=m[1]) + _last_step(m[2])),
        (r"cannot run the interpreter: (.+)", lambda m: tr("cannot run the interpreter: {error}", error=m[1])),
        (r"the stage process ended without reporting a result(?: \(last step: (.+)\))?",
         lambda m: tr("the stage process ended without reporting a result") + _last_step(m[1])),
        (r"the stage process failed with exit code (-?\d+)(?: \(last step: (.+)\))?",
         lambda m: tr("the stage process failed with exit code {code}", code=m[1]) + _last_step(m[2])),
    ]


_NOTES = {  # what the plan appends in parentheses (Job.note)
    "gloo on the CPU: NCCL needs two GPUs, one was selected":
        lambda: tr("gloo on the CPU: NCCL needs two GPUs, one was selected"),
}


def _last_step(step: Optional[str]) -> str:
    return tr(" (last step: {step})", step=step) if step else ""


def local_detail(text: str) -> str:
    """`text` (a stage's result line) said in the current language where its shape is known."""
    health = health_detail(text)
    if health is not None:
        return health
    note = ""
    for english, said in _NOTES.items():
        if text == english:
            return said()
        if text.endswith(f" ({english})"):
            text, note = text[:-len(english) - 3], tr(" ({note})", note=said())
            break
    for pattern, say in _rules():
        found = re.fullmatch(pattern, text, re.S)
        if found:
            return say(found) + note
    return text + note


# ------------------------------------------------------------------ the health stage ---

def _health_words() -> dict[str, str]:
    from .health import load_health

    return load_health().chinese  # label / throttle reason name -> Chinese (health.toml label_zh, name_zh)


def _health_summary(summary: str) -> str:
    """health_run's comparison with the datasheet (health.summary_line), said again."""
    found = re.fullmatch(r"against (.+?): (.+)", summary, re.S)
    if found:
        words = _health_words()
        ratios = []
        for item in found[2].split(", "):
            part = re.fullmatch(r"(.+) (\d+%)", item)
            ratios.append(f"{words.get(part[1], part[1])} {part[2]}" if part else item)
        return tr("against {gpu}: {ratios}", gpu=found[1], ratios=tr(", ").join(ratios))
    found = re.fullmatch(r"no datasheet figures for (.+) in compat/gpus\.toml: measured only", summary, re.S)
    if found:
        return tr("no datasheet figures for {gpu} in compat/gpus.toml: measured only", gpu=found[1])
    return summary


def health_detail(text: str) -> Optional[str]:
    """The health stage's line (the measurements, then health_run's comparison), or None if not one."""
    found = re.fullmatch(r"(fp16 [\d.]+(?:, bf16 [\d.]+)?, fp32 [\d.]+ TFLOP/s); memory (\S+) GB/s; "
                         r"pinned H2D (\S+) / D2H (\S+) GB/s(?:; (.+))?", text, re.S)
    if not found:
        return None
    line = tr("{compute}; memory {memory} GB/s; pinned H2D {h2d} / D2H {d2h} GB/s", compute=found[1],
              memory=found[2], h2d=found[3], d2h=found[4])
    for part in (found[5] or "").split("; ") if found[5] else []:
        line += tr("; ") + _health_summary(part)
    return line


def local_finding_message(finding) -> str:
    """The message of a health finding (YDS201-205, made by smoke/health.py) in the current language;
    any other finding's message as it is."""
    from .health import load_health

    kinds = {entry["id"]: kind for kind, entry in load_health().findings.items()}
    kind = kinds.get(finding.id)
    where = str(finding.data.get("stage") or "")
    if kind is None or not finding.message.startswith(f"{where}: "):
        return finding.message
    message, words = finding.message[len(where) + 2:], _health_words()
    said = None
    if kind == "slow" and " reaches " in message and finding.data.get("comparison"):
        gpu = message.split(" reaches ", 1)[0]
        items = [tr("{label}: {measured} {unit}, {ratio} of {expected}", label=words.get(row["label"], row["label"]),
                    measured=f"{row['measured']:.1f}", unit=row["unit"], ratio=f"{row['ratio']:.0%}",
                    expected=f"{row['expected']:g}") for row in finding.data["comparison"]]
        said = tr("{gpu} reaches {items}", gpu=gpu, items=tr("; ").join(items))
    elif kind == "throttled" and ": " in message:
        gpu, names = message.rsplit(": ", 1)
        said = tr("{where}: {what}", where=gpu, what=tr(", ").join(words.get(n, n) for n in names.split(", ")))
    elif kind == "pcie":
        found = re.fullmatch(r"link at Gen(\d+) x(\d+) under load; the GPU and system support Gen(\d+) x(\d+)", message)
        if found:
            said = tr("link at Gen{gen} x{width} under load; the GPU and system support Gen{max_gen} x{max_width}",
                      gen=found[1], width=found[2], max_gen=found[3], max_width=found[4])
    elif kind == "memory_errors" and ": " in message:
        gpu, items = message.split(": ", 1)
        said = tr("{where}: {what}", where=gpu, what=tr("; ").join(_memory_item(i) for i in items.split("; ")))
    elif kind == "xid":
        found = re.fullmatch(r"Xid (.+) during the smoke run", message)
        if found:
            said = tr("Xid {codes} during the smoke run", codes=found[1])
    return tr("{where}: {what}", where=where, what=said) if said else finding.message


def _memory_item(item: str) -> str:
    found = re.fullmatch(r"(\d+) uncorrectable ECC errors since the driver loaded", item)
    if found:
        return tr("{count} uncorrectable ECC errors since the driver loaded", count=found[1])
    found = re.fullmatch(r"(\d+) uncorrectable ECC errors over the GPU's life", item)
    if found:
        return tr("{count} uncorrectable ECC errors over the GPU's life", count=found[1])
    known = {"pages pending retirement (a reset is needed)": lambda: tr("pages pending retirement (a reset is needed)"),
             "row remapping pending (a reset is needed)": lambda: tr("row remapping pending (a reset is needed)"),
             "row remapping failed": lambda: tr("row remapping failed")}
    return known[item]() if item in known else item


# ---------------------------------------------------------- the checks inside a stage (-v) ---

def _check_rules() -> list[tuple[str, _Said]]:
    return [
        (r"import (torch|ultralytics)", lambda m: tr("import {package}", package=m[1])),
        (r"allocate and fill (\d+) MiB", lambda m: tr("allocate and fill {size} MiB", size=m[1])),
        (r"matmul (\d+)x(\d+) against float64", lambda m: tr("matmul {n}x{m} against float64", n=m[1], m=m[2])),
        (r"initialise (\S+)", lambda m: tr("initialise {device}", device=m[1])),
        (r"float32 forward and backward", lambda m: tr("float32 forward and backward")),
        (r"autocast (\S+) with GradScaler", lambda m: tr("autocast {dtype} with GradScaler", dtype=m[1])),
        (r"(\d+) optimizer steps under autocast (\S+)",
         lambda m: tr("{steps} optimizer steps under autocast {dtype}", steps=m[1], dtype=m[2])),
        (r"sdpa (\S+) causal", lambda m: tr("sdpa {dtype} causal", dtype=m[1])),
        (r"flash-attn kernel", lambda m: tr("flash-attn kernel")),
        (r"nms on (\d+) boxes", lambda m: tr("nms on {count} boxes", count=m[1])),
        (r"batched_nms on (\d+) boxes, 3 classes", lambda m: tr("batched_nms on {count} boxes, 3 classes", count=m[1])),
        (r"roi_align against a linear ramp", lambda m: tr("roi_align against a linear ramp")),
        (r"build a model from its yaml", lambda m: tr("build a model from its yaml")),
        (r"predict on a generated image", lambda m: tr("predict on a generated image")),
        (r"train (\d+) epochs? on (\d+) generated images",
         lambda m: tr("train {epochs} epoch(s) on {images} generated images", epochs=m[1], images=m[2])),
        (r"ONNX export", lambda m: tr("ONNX export")),
        (r"ONNX Runtime inference", lambda m: tr("ONNX Runtime inference")),
        (r"torchrun (\d+) processes, (\S+) all-reduce",
         lambda m: tr("torchrun {count} processes, {backend} all-reduce", count=m[1], backend=m[2])),
        # check details
        (r"max relative error (\S+)", lambda m: tr("max relative error {error}", error=m[1])),
        (r"max relative error (\S+) \(forward\), (\S+) \(backward\)",
         lambda m: tr("max relative error {forward} (forward), {backward} (backward)", forward=m[1], backward=m[2])),
        (r"max relative error (\S+) vs float32, gradient cosine (\S+)",
         lambda m: tr("max relative error {error} vs float32, gradient cosine {cosine}", error=m[1], cosine=m[2])),
        (r"output (\(.+\)), loss (\S+)", lambda m: tr("output {shape}, loss {loss}", shape=m[1], loss=m[2])),
        (r"loss (\S+(?: -> \S+)+)", lambda m: tr("loss {values}", values=m[1])),
        (r"kept (\d+) of (\d+)", lambda m: tr("kept {kept} of {count}", kept=m[1], count=m[2])),
        (r"max abs error (\S+)", lambda m: tr("max abs error {error}", error=m[1])),
        (r"torch (\S+) from (.+)", lambda m: tr("torch {version} from {path}", version=m[1], path=m[2])),
        (r"flash-attn is not installed", lambda m: tr("flash-attn is not installed")),
        (r"flash-attn is installed; its kernel needs a CUDA device",
         lambda m: tr("flash-attn is installed; its kernel needs a CUDA device")),
        (r"(\d+) boxes from an untrained model", lambda m: tr("{count} boxes from an untrained model", count=m[1])),
        (r"loss (.+), checkpoint written", lambda m: tr("loss {values}, checkpoint written", values=m[1])),
        (r"onnx is not installed", lambda m: tr("onnx is not installed")),
        (r"onnxruntime is not installed: the graph was checked, not run",
         lambda m: tr("onnxruntime is not installed: the graph was checked, not run")),
    ]


def local_check(text: str) -> str:
    """A check's name or its one-line result (written by the stage in English) in the current language."""
    for pattern, say in _check_rules():
        found = re.fullmatch(pattern, text, re.S)
        if found:
            return say(found)
    return text
