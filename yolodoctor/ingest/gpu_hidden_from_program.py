"""torch sees the GPU in a bare check, and the program finds none: the program's own launch hides it.

A paste that says `torch.cuda.is_available()` gives True ("torch.cuda.is_available() is True", "returns True",
"返回 True") and shows the program failing to find or use a GPU ("RuntimeError: No CUDA GPUs are available", "this
program trains on the CPU", "not using my gpu") has one torch with CUDA and a GPU it can see: what differs is how the
program is started. Training scripts, their bash launchers and configuration files set CUDA_VISIBLE_DEVICES to a
fixed index (os.environ["CUDA_VISIBLE_DEVICES"] = "2", export CUDA_VISIBLE_DEVICES=1), pick a device the machine
does not have (gpu_ids: 1, --gpu 3) or ask for no GPU at all; on a machine with fewer GPUs than the index, CUDA in
the program sees none (gpu_not_visible).

The program's torch built without CUDA ("Torch not compiled with CUDA enabled": two Pythons, read by
ingest.cuda_true_elsewhere), a CPU-only build shown anywhere, a True said as the outcome of a fix ("now returns
True"), another cause already ranked, or no failure of the program in the paste leave it unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

if TYPE_CHECKING:
    from .context_findings import Seen

# The findings that read the program's failure as "nothing else shown" (a CPU-only torch most likely) or CUDA's own
# "no GPU" as an effect: the True of the bare check is what else the paste shows, so they do not stand in its way.
_FALLBACKS = ("cuda-unavailable-unexplained", "cuda-unavailable-driver-fits", "no-gpu-said-in-words",
              "cuda-no-device", "torch-no-cuda-gpus")
# CUDA's and torch's "no device" in the program: the signals that say a CUDA torch found no GPU.
_NO_DEVICE = ("torch-no-cuda-gpus", "cuda-no-device")
_NOT_COMPILED = "torch-not-compiled-with-cuda"


def gpu_hidden_from_program(seen: "Seen", out: list[Ranked]) -> list[Ranked]:
    """is_available() said to give True, and the program finds or uses no GPU: the program's launch hides it."""
    facts, context = seen.facts, seen.context
    said = getattr(context, "cuda_true_said", None)
    if said is None or seen.cpu is not None or facts.torch.hip:
        return []
    ranked = (*seen.ranked, *out)
    if any(r.finding.id == _NOT_COMPILED or r.finding.category == "wrong_interpreter" for r in ranked):
        return []
    if any(not r.finding.id.startswith(_FALLBACKS) for r in out) \
            or any(r.finding.severity != "info" and not r.finding.id.startswith(_FALLBACKS) for r in seen.ranked):
        return []
    device = next((r.line for r in seen.ranked if r.finding.id.startswith(_NO_DEVICE)), None)
    failing = device if device is not None else context.cuda_unusable
    if failing is None:
        return []
    return [Ranked(Finding(
        id="gpu-hidden-from-program", category="gpu_not_visible", severity="warning",
        area=seen.areas.get("gpu_not_visible", "system"),
        title=tr("torch sees the GPU in a plain check, but the program finds none: the way the program is started "
                 "hides the GPU"),
        message=tr("The paste says {call} gives True (line {said}), yet the program finds or uses no GPU (line "
                   "{line}): the same torch sees a GPU outside the program, so the program's launch hides it, most "
                   "often a {var} set to an index the machine does not have.",
                   call="torch.cuda.is_available()", said=said, line=failing, var="CUDA_VISIBLE_DEVICES"),
        fix=tr("Look for {var} in the program's scripts, launchers and configuration ({python}, {bash}, a device "
               "or gpu_ids setting) and set it to a GPU the machine has ({zero} on a one-GPU machine), or remove it; "
               "then check inside the program: {check}.",
               var="CUDA_VISIBLE_DEVICES", python="os.environ[\"CUDA_VISIBLE_DEVICES\"]",
               bash="export CUDA_VISIBLE_DEVICES=...", zero="0",
               check="print(os.environ.get('CUDA_VISIBLE_DEVICES'), torch.cuda.device_count())"),
        evidence=(tr("pasted line {line}: torch.cuda.is_available() is said to give True", line=said),
                  tr("pasted line {line}: the program finds or uses no GPU", line=failing)),
        certainty=LIKELY,
        references=("https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#env-vars",),
        data={"lines": [said, failing]}), corroborated=False, explains=True, line=failing)]
