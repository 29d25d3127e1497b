"""A Slurm job that asked for no GPU, where torch in the job sees none.

On a cluster, Slurm gives a job only the GPUs it requests (--gres=gpu:N, --gpus, --gpus-per-node, --gpus-per-task,
-G N): a job started with srun, sbatch or salloc without one runs on the compute node with every GPU hidden (the
cgroup exposes none, and Slurm sets no CUDA_VISIBLE_DEVICES), while torch on the login or staging node, where the
command was tried first, may well see a GPU. This reads a paste that runs Slurm (an srun, sbatch or salloc command
line, or an #SBATCH directive) and requests no GPU anywhere, where torch in the job sees no GPU: torch's
is_available() is False (the command's own output line after an srun ... is_available() call, "# False" included),
or words say torch cannot use CUDA, or CUDA finds no GPU.

A GPU request anywhere in the paste, a GPU list (nvidia-smi shows GPUs where the job ran), torch using the GPU with
no False in the paste, a CPU-only torch build, Slurm's words in prose only ("slurm" without a command), or another
cause already ranked leave it unread."""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

# The findings that read torch's False as "nothing else shown" (a CPU-only torch most likely), and CUDA's own "no
# GPU" read as an effect: the job's missing request is what else the paste shows, so they do not stand in its way.
_FALLBACKS = ("cuda-unavailable-unexplained", "cuda-unavailable-driver-fits", "no-gpu-said-in-words",
              "cuda-no-device")
# A Slurm command line (a shell prompt before it allowed) or a batch script's directive.
_SLURM_COMMAND = re.compile(r"^[ \t]{0,8}(?:[^\n$#>]{0,80}?[$#>][ \t]{0,4})?(?:srun|sbatch|salloc)[ \t]{1,4}\S"
                            r"|^[ \t]{0,4}#SBATCH[ \t]{1,4}-", re.MULTILINE)
# A GPU asked of Slurm: --gres=gpu[:type]:N (also --gres gpu:N and a gres list naming gpu), --gpus, --gpus-per-*,
# -G N, or a GPU partition's constraint is not enough (a partition without a request gives no GPU).
_GPU_REQUEST = re.compile(r"--gres(?:[ \t]{0,2}=[ \t]{0,2}|[ \t]{1,2})[\w:,]{0,40}?\bgpu\b"
                          r"|--gpus(?:-per-(?:node|task|socket))?\b|(?:^|[ \t])-G[ \t]{0,2}\d", re.MULTILINE)
# torch's answer printed after the call: "False", "# False", ">>> False", "(job) False".
_FALSE_LINE = re.compile(r"^[ \t#>]{0,8}False[ \t]*$")


def _job_said_false(lines: list[str]) -> Optional[int]:
    """The line number of torch's False printed by a command that runs Slurm (srun ... is_available() on a line, its
    output within the next three lines)."""
    for number, line in enumerate(lines, 1):
        if "is_available" in line and _SLURM_COMMAND.search(line):
            for offset, after in enumerate(lines[number:number + 3], 1):
                if _FALSE_LINE.match(after):
                    return number + offset
    return None


def batch_job_without_gpu(seen, out: list[Ranked]) -> list[Ranked]:
    """A Slurm job with no GPU requested, torch seeing no GPU in it: the job was given none (gpu_not_visible)."""
    facts, context = seen.facts, seen.context
    if facts.nvidia.gpus or seen.cpu is not None or facts.torch.hip \
            or any(not r.finding.id.startswith(_FALLBACKS) for r in out) \
            or any(r.finding.severity != "info" and not r.finding.id.startswith(_FALLBACKS) for r in seen.ranked):
        return []
    text = seen.result.sample  # the paste's start (20,000 characters), as the other readers of its lines
    command = _SLURM_COMMAND.search(text)
    if command is None or _GPU_REQUEST.search(text):
        return []
    lines = text.splitlines()
    said = _job_said_false(lines)
    if said is None:
        if facts.torch.cuda_available is False:
            said = next((at for path, _value, at, _how in seen.result.stated if path == "torch.cuda_available"), 1)
        elif context.cuda_unusable is not None:
            said = context.cuda_unusable
        elif any(r.finding.id.startswith(("no-gpu-said-in-words", "cuda-no-device")) for r in seen.ranked):
            said = next(r.line for r in seen.ranked if r.finding.id.startswith(("no-gpu-said-in-words",
                                                                                   "cuda-no-device")))
        else:
            return []
    line = text.count("\n", 0, command.start()) + 1
    return [Ranked(Finding(
        id="slurm-job-without-gpu", category="gpu_not_visible", severity="warning",
        area=seen.areas.get("gpu_not_visible", "system"),
        title=tr("The Slurm job requests no GPU, so the job runs with every GPU hidden"),
        message=tr("Slurm gives a job only the GPUs it asks for; the paste runs the job (line {line}) without "
                   "{gres} or {gpus}, and torch in the job sees no GPU (line {said}), while a GPU seen on the login "
                   "node says nothing of the compute node.", line=line, said=said, gres="--gres=gpu:N",
                   gpus="--gpus"),
        fix=tr("Request the GPUs in the job: {sbatch} in the batch script, or {srun} on the command line (and a GPU "
               "partition if the cluster has one); then check inside the job: {check}.",
               sbatch="#SBATCH --gres=gpu:1", srun="srun --gres=gpu:1 ...",
               check="srun --gres=gpu:1 nvidia-smi"),
        evidence=(tr("pasted line {line}: a Slurm job with no GPU requested", line=line),
                  tr("pasted line {line}: torch sees no GPU", line=said)),
        certainty=LIKELY, references=("https://slurm.schedmd.com/gres.html",),
        data={"lines": [line, said]}), corroborated=False, explains=True, line=line)]
