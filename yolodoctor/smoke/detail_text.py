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
