"""Findings that only where the paste ran can tell (ingest.context): another Python's user site, a container
without GPU access, another vendor's GPU, a notebook kernel, a CPU build where CUDA was asked for, a PyPI mirror
serving PyPI's builds, pip of another Python, a pinned torch without wheels for the paste's Python, and torch
unable to use CUDA with nothing else in the paste.

Each finding is one check: a small function that sees the paste (`Seen`) and the findings of the checks before it,
and returns what it finds (most often nothing). They run in the order of CHECKS; those about which interpreter ran
are in interpreter_findings.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..diagnose.model import Finding
from ..facts.model import Facts
from ..i18n import tr
from .batch_job_gpu import batch_job_without_gpu
from .context import PasteContext
from .cuda_true_elsewhere import cuda_true_where_not_compiled
from .cudnn_gpu_newer_than_build import cudnn_failure_on_newer_gpu
from .interpreter_findings import (activation_not_first, ide_and_terminal_differ, ide_interpreter,
                                   commands_disagree, import_works_elsewhere, system_shebang,
                                   module_missing_other_python, notebook_kernel, pip_of_another_python,
                                   portable_build_other_python, py_launcher_outside_environment,
                                   python2_ran_not_python3, site_of_another_python,
                                   torch_seen_other_than_environment, user_site_shadowing,
                                   pip_site_of_another_python, python_upgraded_module_missing)
from .fp16_nan_losses import fp16_nan_losses
from .gpu_hidden_from_program import gpu_hidden_from_program
from .gpu_unsupported_said import gpu_unsupported_said
from .half_precision_no_detections import half_precision_no_detections
from .insufficient_driver import insufficient_driver_in_container
from .isolated_build_torch_said import build_step_torch_said_missing
from .known_regressions import release_with_known_regression
from .mirror_unsynced import unsynced_on_mirror
from .model import LIKELY, IngestResult
from .onnxruntime_cudnn import onnxruntime_build_cudnn
from .onnxruntime_required import onnxruntime_requires_other_cudnn
from .oom_in_words import gpu_oom_at_stage
from .proofs import Proof, cpu_build, pinned_torch_without_wheels
from .prose_facts import labelled_only
from .ranked import Ranked, describe
from .slow_download import slow_download_not_cpu_build
from .system_manager_install import module_installed_by_system_manager
from .visible_devices_word import visible_devices_word
from .yolo_class_index import yolo_class_index_out_of_bounds
from .yolo_regression_said import yolo_regression_said

# Categories whose finding means torch cannot use a GPU: with one of them, "no GPU in a container" explains nothing.
GPU_CAUSES = frozenset({"torch_cpu_only", "driver_too_old", "driver_mismatch", "gpu_not_visible",
                        "gpu_arch_unsupported", "torch_missing", "wrong_interpreter"})


@dataclass(frozen=True)
class Seen:
    """What every check reads: the paste, what it showed, and the findings ranked before the context's."""

    result: IngestResult
    facts: Facts
    context: PasteContext
    ranked: list[Ranked]
    areas: dict[str, str]
    present: frozenset[str]  # the ranked findings' categories, folded ones included
    failing: frozenset[str]  # the ranked errors' categories: what failed, not what a line merely risks
    cpu: Optional[Proof]  # the CPU-only build the paste shows (proofs.cpu_build)


def from_context(result: IngestResult, context: PasteContext, ranked: list[Ranked],
                 areas: dict[str, str]) -> list[Ranked]:
    """Findings that only where the paste ran can tell (see the module docstring)."""
    facts = result.facts
    seen = Seen(result, facts, context, ranked, areas,
                present=frozenset({r.finding.category for r in ranked}
                                  | {g.category for r in ranked for g in r.finding.folded}),
                # a `docker run` without --gpus beside an unrelated error risks nothing that failed
                failing=frozenset(r.finding.category for r in ranked if r.finding.severity == "error"),
                cpu=cpu_build(facts, context))
    out: list[Ranked] = []
    for check in CHECKS:
        out.extend(check(seen, out))
    return out


def _container_without_gpu(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """torch sees no GPU inside a container, and nothing else explains it: torch.cuda.is_available() is False, or the
    paste says in words that the GPU is not found or not used ("Gpu isnt recognized after install . Docker .")."""
    facts, context, areas, present = seen.facts, seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    unusable = facts.torch.cuda_available is False or (context.cuda_unusable is not None and not facts.torch.cuda)
    if context.container is not None and unusable and not (present & GPU_CAUSES) \
            and cpu_build(facts, context) is None:  # a CPU-only torch explains it without the container
        new.append(Ranked(Finding(
            id="container-without-gpu", category="gpu_not_visible", severity="error",
            area=areas.get("gpu_not_visible", "system"),
            title=tr("torch sees no GPU inside a container: the container was likely started without GPU access"),
            message=tr("{call} is False in a container, and nothing in the paste points elsewhere.",
                       call="torch.cuda.is_available()") if facts.torch.cuda_available is False else
            tr("The paste says the GPU is not found or not used (line {line}) in a container, and nothing in the "
               "paste points elsewhere.", line=context.cuda_unusable),
            fix=tr("Start the container with the GPUs ({run}, with the NVIDIA Container Toolkit installed and "
                   "configured: {configure}), then check {smi} and {ls} inside it.", run="docker run --gpus all ...",
                   configure="nvidia-ctk runtime configure --runtime=docker", smi="nvidia-smi", ls="ls /dev/nvidia*"),
            evidence=(tr("pasted line {line}: the paste runs in a container", line=context.container),
                      tr("{call} is False", call="torch.cuda.is_available()") if facts.torch.cuda_available is False
                      else tr("pasted line {line}: the GPU is said not to be found or used",
                              line=context.cuda_unusable)),
            certainty=LIKELY,
            references=("https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/"
                        "install-guide.html",),
            data={"lines": [context.container]}), corroborated=True, line=context.container))
    return new


# The signatures of a file system found full at run time, outside pip ("[Errno 28] No space left on device", or the
# bare words): the disk, or /dev/shm, which the message does not name.
RUNTIME_NO_SPACE = frozenset({"runtime-no-space", "no-space-left-bare"})
SHM_SMALL_BYTES = 1 << 30  # below this, a /dev/shm that df shows is the 64 MB kind a container starts with


def _no_space_is_shm(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A program that finds a file system full at run time, in a container or beside a small /dev/shm that df
    shows: it is /dev/shm (Docker gives a container 64 MB), which multiprocessing, DataLoader workers and
    tensor-parallel workers fill, not the disk."""
    context, facts = seen.context, seen.facts
    if any(r.finding.category == "shm_small" and not r.alternative for r in seen.ranked):
        return []  # a message that names shared memory already says so
    shm = facts.host.shm_total_bytes
    small_shm = shm is not None and shm < SHM_SMALL_BYTES
    if context.container is None and not small_shm:
        return []
    full = [r for r in seen.ranked if r.finding.category == "resources_low"
            and RUNTIME_NO_SPACE & set(r.finding.data.get("signals", []))]
    if not full:
        return []
    line = full[0].line
    where = tr("pasted line {line}: the paste runs in a container", line=context.container) \
        if context.container is not None else tr("/dev/shm size: {size} MiB", size=shm >> 20)
    return [Ranked(Finding(
        id="no-space-in-container-shm", category="shm_small", severity="error",
        area=seen.areas.get("shm_small", "system"),
        title=tr("A file system ran full at run time where /dev/shm is small: shared memory, not the disk"),
        message=tr("'No space left on device' (line {line}) in a container or beside a small /dev/shm: "
                   "multiprocessing locks and queues, DataLoader workers and tensor-parallel workers write to "
                   "/dev/shm, which Docker makes 64 MB.", line=line),
        fix=tr("Check {df}; start the container with {shm} or {ipc} (Kubernetes: an emptyDir with medium Memory on "
               "/dev/shm), or use fewer workers.", df="df -h /dev/shm", shm="--shm-size=8g", ipc="--ipc=host"),
        evidence=(where, tr("pasted line {line}: a file system is full", line=line)),
        certainty=LIKELY, references=("https://docs.docker.com/reference/cli/docker/container/run/",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]


# The signatures of worker processes that died without saying why (nnU-Net's batchgenerators, concurrent.futures,
# joblib/loky): on a host that is RAM; in a container, shared memory first.
WORKERS_DIED = frozenset({"worker-pool-died"})


def _workers_died_in_container_is_shm(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """Worker processes that died without a message, in a container: the container's /dev/shm (64 MB under Docker)
    is what multiprocessing workers hand their data through, so shared memory is read before host RAM."""
    context = seen.context
    if context.container is None or any(r.finding.category == "shm_small" and not r.alternative
                                        for r in seen.ranked + out):
        return []
    died = [r for r in seen.ranked if r.finding.category == "resources_low"
            and WORKERS_DIED & set(r.finding.data.get("signals", []))]
    if not died:
        return []
    line = died[0].line
    return [Ranked(Finding(
        id="workers-died-in-container-shm", category="shm_small", severity="error",
        area=seen.areas.get("shm_small", "system"),
        title=tr("Worker processes died inside a container: its small /dev/shm, before host RAM"),
        message=tr("Worker processes died without a message (line {line}) in a container: multiprocessing workers "
                   "hand their data through /dev/shm, which Docker makes 64 MB.", line=line),
        fix=tr("Check {df}; start the container with {shm} or {ipc} (Kubernetes: an emptyDir with medium Memory on "
               "/dev/shm), or use fewer workers.", df="df -h /dev/shm", shm="--shm-size=8g", ipc="--ipc=host"),
        evidence=(tr("pasted line {line}: the paste runs in a container", line=context.container),
                  tr("pasted line {line}: worker processes died", line=line)),
        certainty=LIKELY, references=("https://docs.docker.com/reference/cli/docker/container/run/",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]


def _no_nvidia_gpu_here(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The only GPU the paste shows is another vendor's, or the reporter says there is no NVIDIA GPU."""
    facts, context, ranked, areas, failing = seen.facts, seen.context, seen.ranked, seen.areas, seen.failing
    new: list[Ranked] = []
    # torch sees no CUDA device, or is a build without CUDA (all there is for a Mac, or for Windows with an AMD
    # card): with only another vendor's GPU in the paste, that GPU is the cause, not the torch build. The same
    # holds when nothing else failed and the paste only shows torch without CUDA (a Mac's collect_env dump), unless
    # the paste sets the GPU up through ROCm: then the AMD card is the GPU meant, and the torch build is in question.
    no_cuda = not ranked and (facts.torch.cuda_available is False or context.cuda_unusable is not None) \
        and not facts.torch.cuda and not facts.torch.hip and context.rocm is None
    without_nvidia = not facts.nvidia.gpus and facts.nvidia.driver_version is None \
        and context.nvidia_gpu_named is None and bool(failing & {"gpu_not_visible", "torch_cpu_only"} or no_cuda)
    if without_nvidia and context.other_gpu is not None:
        new.append(_no_nvidia_gpu(
            context.other_gpu, areas,
            title=tr("The GPU the paste names is not an NVIDIA GPU: CUDA builds of torch cannot use it"),
            message=tr("torch finds no CUDA device, and the only GPU the paste shows is another vendor's; nothing "
                       "in the environment is broken."),
            fix=tr("Run on the CPU ({device}), use the build for that GPU (ROCm for AMD on Linux, XPU for Intel, "
                   "MPS on Apple silicon), or run on a machine with an NVIDIA GPU.", device="device=cpu"),
            stated=tr("pasted line {line}: a GPU that is not NVIDIA's", line=context.other_gpu)))
    elif without_nvidia and context.no_nvidia_gpu is not None:
        # The reporter says there is no NVIDIA GPU (or that it runs on the CPU): code that calls CUDA fails there
        # whatever is installed.
        new.append(_no_nvidia_gpu(
            context.no_nvidia_gpu, areas,
            title=tr("The paste says this machine has no NVIDIA GPU (or runs on the CPU): code that asks for CUDA "
                     "cannot run there"),
            message=tr("torch finds no CUDA device, and the reporter says the machine has no NVIDIA GPU; nothing "
                       "in the environment is broken."),
            fix=tr("Run on the CPU ({device}: remove the code's {cuda} calls or pass its device option), or run on a "
                   "machine with an NVIDIA GPU.", device="device=cpu", cuda=".cuda()"),
            stated=tr("pasted line {line}: the machine has no NVIDIA GPU, or runs on the CPU",
                      line=context.no_nvidia_gpu)))
    return new


def _cuda_requested_cpu_installed(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A CUDA build asked for, a CPU build installed."""
    context, areas, present, cpu = seen.context, seen.areas, seen.present, seen.cpu
    new: list[Ranked] = []
    if cpu is not None and context.cuda_requested is not None and not (present & GPU_CAUSES):
        new.append(Ranked(Finding(
            id="cuda-requested-cpu-installed", category="torch_cpu_only", severity="error",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("A CUDA build of torch was asked for, but the CPU-only build was installed"),
            message=tr("The paste asks for CUDA (a conda cudatoolkit / pytorch-cuda spec, a PyTorch CUDA index or a "
                       "+cuXXX pin) and shows a torch built without CUDA: the installer resolved to the CPU build."),
            fix=cpu.fix + " " + tr("With conda, require a CUDA build explicitly ({spec}) and remove cpuonly ({remove}), "
                                   "or install the CUDA wheel with pip.", spec="pytorch=*=*cuda*",
                                   remove="conda remove cpuonly"),
            evidence=(tr("pasted line {line}: a CUDA build is asked for", line=context.cuda_requested), *cpu.evidence),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.cuda_requested]}), corroborated=True, line=context.cuda_requested))
    return new


def _cuda_build_from_pypi_mirror(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A +cuXXX torch asked of a PyPI mirror, which carries PyPI's files only."""
    context, areas, present = seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    if context.pypi_mirror is not None and context.cuda_pin is not None and context.pytorch_index is None \
            and "pip_index" not in present:
        # A PyPI mirror carries PyPI's files: a +cuXXX torch is only on the PyTorch index, which the paste never names.
        new.append(Ranked(Finding(
            id="cuda-build-from-pypi-mirror", category="pip_index", severity="error",
            area=areas.get("pip_index", "packages"),
            title=tr("A +cuXXX build of torch is asked for from a PyPI mirror, which serves only PyPI's builds"),
            message=tr("PyPI mirrors (TUNA, Aliyun, USTC, ...) copy PyPI, where torch has no +cuXXX builds (and only "
                       "the CPU build on Windows); those builds come from the PyTorch index, which the paste does not "
                       "use."),
            fix=tr("Install torch from the PyTorch index, keeping the mirror for the rest: {command}.",
                   command="pip install torch==<version>+cu<xxx> --extra-index-url https://download.pytorch.org/whl/cu<xxx>"),
            evidence=(tr("pasted line {line}: a PyPI mirror is used", line=context.pypi_mirror),
                      tr("pasted line {line}: a +cuXXX build of torch is asked for", line=context.cuda_pin)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.pypi_mirror, context.cuda_pin]}), corroborated=True, line=context.cuda_pin))
    return new


def _cpu_build_from_pypi_mirror(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A CPU build from a PyPI mirror, on Windows or macOS."""
    facts, context, areas, present, cpu = seen.facts, seen.context, seen.areas, seen.present, seen.cpu
    new: list[Ranked] = []
    cpu_line = context.cpu_torch if context.cpu_torch is not None else (
        context.pypi_mirror if cpu is not None else None)
    if context.pypi_mirror is not None and cpu_line is not None and facts.host.os != "Linux" \
            and "pip_index" not in present and not any(r.finding.category == "pip_index" for r in out):
        # PyPI serves only the CPU build of torch for Windows and macOS, and a PyPI mirror serves exactly that: the
        # mirror explains the CPU build the paste shows (on Linux PyPI's default build has CUDA, so it does not).
        new.append(Ranked(Finding(
            id="cpu-build-from-pypi-mirror", category="pip_index", severity="error",
            area=areas.get("pip_index", "packages"),
            title=tr("torch came from a PyPI mirror, which serves PyPI's CPU-only build of torch for Windows and "
                     "macOS"),
            message=tr("PyPI mirrors (TUNA, Aliyun, USTC, ...) copy PyPI, where torch for Windows and macOS is the CPU "
                       "build and no +cuXXX build exists; the CUDA builds come only from the PyTorch index."),
            fix=tr("Uninstall torch and install it from the PyTorch index, keeping the mirror for the rest: {command}.",
                   command="pip install torch --index-url https://download.pytorch.org/whl/cu126 "
                           "--extra-index-url https://pypi.tuna.tsinghua.edu.cn/simple"),
            evidence=(tr("pasted line {line}: a PyPI mirror is used", line=context.pypi_mirror),
                      tr("pasted line {line}: torch is a CPU build", line=cpu_line)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.pypi_mirror, cpu_line]}), corroborated=True, explains=True, line=cpu_line))
    return new


def _pinned_torch_no_wheel(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A pinned torch release without wheels for the paste's Python."""
    result, ranked, areas = seen.result, seen.ranked, seen.areas
    new: list[Ranked] = []
    pinned = pinned_torch_without_wheels(result)
    # an "also possible" Python finding does not count: the release asked for proves it, so it is stated in full
    if pinned is not None and not any(r.finding.category == "python_unsupported" and not r.alternative for r in ranked):
        version, python, line, pythons = pinned
        new.append(Ranked(Finding(
            id="pinned-torch-no-wheel-for-python", category="python_unsupported", severity="error",
            area=areas.get("python_unsupported", "packages"),
            title=tr("torch {version} has no wheels for Python {python}, so installing it fails",
                     version=version, python=python),
            message=tr("The paste asks for torch {version}, built for Python {pythons} only; pip finds no "
                       "release of it for this Python.", version=version, pythons=", ".join(pythons)),
            fix=tr("Create the environment with a Python that release supports ({pythons}), or ask for a torch "
                   "release built for Python {python}.", pythons=", ".join(pythons), python=python),
            evidence=(tr("pasted line {line}: torch {version} is asked for", line=line, version=version),
                      tr("Python {python} runs the install", python=python)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/previous-versions/",),
            data={"lines": [line], "torch": version, "python": python}),
            # beside a CPU-only torch the paste shows installed, the failed install is how the user tried to leave
            # that build: the build that runs is read first
            corroborated=seen.cpu is None, line=line))
    return new


def _conda_cuda_spec_cuda_unavailable(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """conda's solver took the CPU build for a spec that asked for CUDA."""
    facts, context, areas, present, cpu = seen.facts, seen.context, seen.areas, seen.present, seen.cpu
    new: list[Ranked] = []
    torch = facts.torch
    # a CUDA inferred from the conda command itself is what the spec asked for, not the build the solver took
    if cpu is None and context.conda_cuda_spec is not None and torch.cuda_available is False \
            and (not torch.cuda or (torch.source or "").startswith("inferred")) and not torch.hip \
            and not (present & GPU_CAUSES) and not any(r.finding.category in GPU_CAUSES for r in out):
        # conda's solver takes the CPU build when no CUDA build of the release matches the spec; nothing else
        # in the paste explains CUDA being unavailable, and the build itself is not shown.
        new.append(Ranked(Finding(
            id="conda-cuda-spec-cuda-unavailable", category="torch_cpu_only", severity="warning",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("conda was asked for a CUDA build of pytorch, and CUDA is not available: conda most likely "
                     "installed the CPU-only build"),
            message=tr("When no CUDA build of the requested pytorch release matches the cudatoolkit / pytorch-cuda "
                       "spec (or cpuonly is in the environment), conda's solver installs the CPU-only build "
                       "without a warning."),
            fix=tr("Check the build with {list}: a build string with cpu is the CPU-only build. Require a CUDA "
                   "build explicitly ({spec}) with a CUDA version that release was built for, and remove cpuonly "
                   "({remove}); or install the CUDA wheel with pip.", list="conda list pytorch",
                   spec="pytorch=*=*cuda*", remove="conda remove cpuonly"),
            evidence=(tr("pasted line {line}: a conda spec asks for CUDA", line=context.conda_cuda_spec),
                      tr("torch.cuda.is_available() is False")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/previous-versions/",),
            data={"lines": [context.conda_cuda_spec]}), corroborated=True, line=context.conda_cuda_spec))
    return new


def _cpu_build_replaced_cuda(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The reporter says in words that a CPU build of torch replaced the one the paste shows (an install, an update,
    a solver or another package's requirements swapped them): the CUDA build shown is the "before"."""
    facts, context, areas, present, cpu = seen.facts, seen.context, seen.areas, seen.present, seen.cpu
    line = context.cpu_torch_swapped
    if line is None or cpu is not None or present & GPU_CAUSES \
            or any(r.finding.category in GPU_CAUSES or r.finding.category == "pip_index" for r in out):
        return []
    # A CPU build is what a machine without an NVIDIA GPU is meant to have (or a ROCm one is in question).
    if context.nvidia_gpu_named is None and any(
            at is not None for at in (context.rocm, context.other_gpu, context.no_nvidia_gpu)):
        return []
    torch = facts.torch
    wanted = torch.cuda_available is False or any(
        at is not None for at in (context.cuda_unusable, context.gpu_wanted, context.nvidia_gpu_named,
                                  context.cuda_requested, context.conda_cuda_spec, context.cuda_pin))
    return [Ranked(Finding(
        id="cpu-build-replaced-cuda", category="torch_cpu_only", severity="error" if wanted else "warning",
        area=areas.get("torch_cpu_only", "torch"),
        title=tr("The paste says a CPU-only build of torch replaced the CUDA build, so no GPU can be used"),
        message=tr("The words say an install, an update, a solver or another package's requirements swapped torch for "
                   "a CPU build (one without CUDA); a CUDA build the paste shows is the one from before."),
        fix=tr("Check the build with {check} (a +cpu version or None is a CPU build), then install a CUDA build from "
               "the PyTorch index ({command}) after the packages that replaced it, or install those with the same "
               "index.", check="python -c \"import torch; print(torch.__version__, torch.version.cuda)\"",
               command="pip install torch --index-url https://download.pytorch.org/whl/cu126"),
        evidence=(tr("pasted line {line}: a CPU build of torch replaced the one before", line=line),),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
        data={"lines": [line]}), corroborated=True, line=line)]


def _untagged_replaced_cuda_on_windows(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A CUDA build of torch was taken out and PyPI's untagged torch put in its place (another package's
    requirements, an update script, a solver: ingest.torch_swap), on Windows, where PyPI's torch is the CPU-only
    build. On Linux PyPI's torch has CUDA, and the swap is not read."""
    facts, context = seen.facts, seen.context
    swap = context.untagged_after_cuda
    windows = facts.host.os == "Windows" or (facts.host.os is None and context.windows_named is not None)
    if swap is None or not windows or seen.cpu is not None or seen.present & GPU_CAUSES \
            or any(r.finding.category in GPU_CAUSES for r in out) \
            or any(at is not None for at in (context.rocm, context.other_gpu, context.no_nvidia_gpu)):
        return []
    taken, put, old, new = swap
    wanted = facts.torch.cuda_available is False or any(
        at is not None for at in (context.cuda_unusable, context.gpu_wanted, context.nvidia_gpu_named))
    return [Ranked(Finding(
        id="untagged-torch-replaced-cuda", category="torch_cpu_only", severity="error" if wanted else "warning",
        area=seen.areas.get("torch_cpu_only", "torch"),
        title=tr("A CUDA build of torch was replaced by PyPI's torch {new}, which on Windows is the CPU-only build",
                 new=new),
        message=tr("torch {old} was taken out (line {taken}) and torch {new}, with no +cuXXX tag, put in its place "
                   "(line {put}): on Windows a torch without the tag comes from PyPI, whose Windows files have no "
                   "CUDA.", old=old, new=new, taken=taken, put=put),
        fix=tr("Install the CUDA build again after the packages that replaced it ({command}), or install those "
               "with --no-deps or with the same index; then check it: {check}.",
               command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126",
               check="python -c \"import torch; print(torch.__version__, torch.cuda.is_available())\""),
        evidence=(tr("pasted line {line}: torch {version} taken out", line=taken, version=old),
                  tr("pasted line {line}: torch {version} put in, with no CUDA tag", line=put, version=new),
                  tr("the paste ran on Windows")),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
        data={"lines": [taken, put]}), corroborated=True, line=put)]


def _cuda_build_fixed_it(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The fix that worked, as the paste tells it, installs a CUDA build of torch (from the PyTorch CUDA index, a
    +cuXXX pin, conda's pytorch-cuda): the torch it replaced had no usable CUDA build. Only where nothing else was
    found, and not on a machine without an NVIDIA GPU."""
    context = seen.context
    line = context.cuda_build_fixed
    if line is None or out or any(r.finding.severity != "info" for r in seen.ranked) \
            or any(at is not None for at in (context.other_gpu, context.rocm, context.no_nvidia_gpu)):
        return []
    return [Ranked(Finding(
        id="cuda-build-fixed-it", category="torch_cpu_only", severity="warning",
        area=seen.areas.get("torch_cpu_only", "torch"),
        title=tr("The fix that worked installs a CUDA build of torch: the torch before it had no usable CUDA build "
                 "(most often a CPU-only one)"),
        message=tr("The paste says installing torch as a CUDA build fixed it (line {line}), so the torch it replaced "
                   "could not use CUDA.", line=line),
        fix=tr("Install torch as a CUDA build from the PyTorch index ({command}) in the Python that runs the program, "
               "and check it: {check}.",
               command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126",
               check="python -c \"import torch; print(torch.__version__, torch.cuda.is_available())\""),
        evidence=(tr("pasted line {line}: a CUDA build of torch installed as the fix that worked", line=line),),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",), data={"lines": [line]}),
        corroborated=True, line=line)]


def _cuda_unavailable(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """torch cannot use CUDA and nothing else in the paste says why."""
    result = seen.result
    facts = seen.facts
    context = seen.context
    ranked = seen.ranked
    areas = seen.areas
    cpu = seen.cpu
    new: list[Ranked] = []
    torch = facts.torch
    # A note (an Ultralytics release that predates newer model families) explains nothing about the GPU. A GPU
    # the reporter only names ("RTX 3060", "nvidia-smi shows it fine") says nothing of the driver or the build.
    weighty = [r for r in ranked if r.finding.severity != "info"]
    labelled = labelled_only(facts, result.stated)
    gpu_in_words = bool(facts.nvidia.gpus) and not labelled.nvidia.gpus
    # A CPU-only build shown beside code or a command that asks for a GPU (a CUDA device selected in the traceback,
    # a container run with NVIDIA's runtime): the build is what keeps it from the GPU, even where nothing says so.
    wanted = cpu is not None and context.gpu_wanted is not None
    if not weighty and not out and (torch.cuda_available is False or context.cuda_unusable is not None or wanted) \
            and not torch.cuda and not torch.hip and labelled.nvidia.driver_version is None:
        # torch cannot use CUDA and nothing in the paste says why: no build, no driver, no error (an NVIDIA GPU named
        # without its driver changes nothing: the GPU is there, torch does not use it). The usual cause is a CPU-only
        # torch (pip's default on Windows, a mirror, a solver fallback); a guess.
        line = context.cuda_unusable if context.cuda_unusable is not None else \
            context.gpu_wanted if context.gpu_wanted is not None else 1
        gpu_named = bool(facts.nvidia.gpus)
        if cpu is not None:  # the build is shown: a CPU-only torch is the cause, not a guess
            unusable = torch.cuda_available is False or context.cuda_unusable is not None
            new.append(Ranked(Finding(
                id="cuda-unavailable-cpu-build", category="torch_cpu_only", severity="error",
                area=areas.get("torch_cpu_only", "torch"), title=cpu.title,
                message=tr("{call} is False, and the torch in the paste is built without CUDA.",
                           call="torch.cuda.is_available()") if unusable else
                tr("The paste asks for a GPU (line {line}), and the torch in the paste is built without CUDA.",
                   line=line),
                fix=cpu.fix, evidence=cpu.evidence + (
                    tr("{call} is False", call="torch.cuda.is_available()") if unusable else
                    tr("pasted line {line}: code or a command asks for a GPU", line=line),),
                certainty=cpu.certainty, references=("https://pytorch.org/get-started/locally/",),
                data={"lines": [line]}), corroborated=True, line=line))
            return new
        new.append(Ranked(Finding(
            id="cuda-unavailable-unexplained", category="torch_cpu_only", severity="warning",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("torch cannot use CUDA and the paste shows nothing else: most often the installed torch is a "
                     "CPU-only build"),
            message=tr("A GPU is only named in words, and neither a driver, torch's CUDA build nor an error is in "
                       "the paste; a CPU-only torch is the usual cause, then a driver too old for torch's CUDA, then "
                       "no GPU visible.") if gpu_in_words else
            tr("The paste names an NVIDIA GPU but neither its driver, torch's CUDA build nor an error; a "
               "CPU-only torch is the usual cause, then a driver too old for torch's CUDA, then no GPU "
               "visible.") if gpu_named else
            tr("Neither a driver, a GPU, torch's CUDA build nor an error is in the paste; a CPU-only torch "
               "is the usual cause, then a driver too old for torch's CUDA, then no GPU visible."),
            fix=tr("Check the build: {check}; None (or a +cpu version) is a CPU-only build: install a CUDA build "
                   "from the PyTorch index ({command}). Otherwise check the driver with {smi}.",
                   check="python -c \"import torch; print(torch.__version__, torch.version.cuda)\"",
                   command="pip install torch --index-url https://download.pytorch.org/whl/cu126", smi="nvidia-smi"),
            evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),
                      tr("no driver, CUDA build of torch or error in the paste; the GPU only named in words")
                      if gpu_in_words else
                      tr("an NVIDIA GPU is named, but no driver, CUDA build of torch or error is in the paste")
                      if gpu_named else tr("no driver, GPU, CUDA build of torch or error in the paste")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [line]}), corroborated=False, line=line))
        for alternative in ("driver_too_old", "gpu_not_visible"):  # the next causes (ranked by layer)
            new.append(Ranked(Finding(
                id=f"cuda-unavailable-unexplained:{alternative}", category=alternative, severity="info",
                area=areas.get(alternative, "system"),
                title=tr("Also possible: {cause}", cause=describe(alternative)),
                message=tr("{call} is False, and the paste shows nothing else.", call="torch.cuda.is_available()"),
                fix="", evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),), certainty=LIKELY,
                references=(), data={"alternative_of": "torch_cpu_only"}),
                corroborated=False, alternative=True, line=line))
    return new


def _inferred(result: IngestResult, path: str) -> bool:
    """The fact was inferred (a torch version's default CUDA build), not read from a tool's output."""
    return any(p == path and how != "stated" for p, _value, _line, how in result.stated)


def _cuda_unavailable_driver_fits(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """torch cannot use CUDA, the paste shows the NVIDIA driver and nothing else explains it, and that driver is new
    enough for the torch in question: on Windows (where PyPI's torch has no CUDA at all), or for the CUDA PyPI's
    wheel of the shown torch release is built for (compat/torch.toml). The driver is then not the cause, and a torch
    without CUDA is the likely one; a container, another vendor's GPU or a ROCm stack leave it unread."""
    from ..knowledge import compat

    facts, context = seen.facts, seen.context
    torch = facts.torch
    driver_cuda = facts.nvidia.cuda_driver_version
    if out or any(r.finding.severity != "info" for r in seen.ranked) or driver_cuda is None \
            or not (torch.cuda_available is False or context.cuda_unusable is not None) \
            or (torch.cuda and not _inferred(seen.result, "torch.cuda")) or torch.hip or torch.cuda_available is True \
            or any(at is not None for at in (context.container, context.rocm, context.other_gpu, context.no_nvidia_gpu)):
        return []
    windows = facts.host.os == "Windows" or (facts.host.os is None and context.windows_named is not None)
    wheel = compat.pypi_default_cuda(torch.version) if torch.version else None  # "cu121"
    needed = f"{wheel[2:-1]}.{wheel[-1]}" if wheel and wheel.startswith("cu") and len(wheel) >= 4 else None
    try:
        fits = needed is not None and tuple(map(int, needed.split("."))) <= tuple(map(int, driver_cuda.split(".")[:2]))
    except ValueError:
        fits = False
    if not (windows or fits):
        return []
    line = context.cuda_unusable if context.cuda_unusable is not None else 1
    reason = (tr("on Windows, where PyPI's torch has no CUDA") if windows else
              tr("PyPI's torch {version} is built for CUDA {needed}, which this driver supports", version=torch.version,
                 needed=needed))
    new = [Ranked(Finding(
        id="cuda-unavailable-driver-fits", category="torch_cpu_only", severity="warning",
        area=seen.areas.get("torch_cpu_only", "torch"),
        title=tr("torch cannot use CUDA although the driver supports CUDA {cuda}: most likely the installed torch is "
                 "a CPU-only build", cuda=driver_cuda),
        message=tr("The paste shows the NVIDIA driver (CUDA {cuda}) and no build of torch; {reason}, so the driver is "
                   "not what keeps torch from the GPU.", cuda=driver_cuda, reason=reason),
        fix=tr("Check the build: {check}; None (or a +cpu version) is a CPU-only build: install a CUDA build "
               "from the PyTorch index ({command}).",
               check="python -c \"import torch; print(torch.__version__, torch.version.cuda)\"",
               command="pip install torch --index-url https://download.pytorch.org/whl/cu126"),
        evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),
                  tr("the driver supports CUDA {cuda}", cuda=driver_cuda), reason),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
        data={"lines": [line]}), corroborated=False, line=line)]
    new.append(Ranked(Finding(
        id="cuda-unavailable-driver-fits:gpu_not_visible", category="gpu_not_visible", severity="info",
        area=seen.areas.get("gpu_not_visible", "system"),
        title=tr("Also possible: {cause}", cause=describe("gpu_not_visible")),
        message=tr("{call} is False, and the paste shows nothing else.", call="torch.cuda.is_available()"),
        fix="", evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),), certainty=LIKELY,
        references=(), data={"alternative_of": "torch_cpu_only"}), corroborated=False, alternative=True, line=line))
    return new


def _no_nvidia_gpu(line: int, areas: dict[str, str], title: str, message: str, fix: str, stated: str) -> Ranked:
    """The machine has no NVIDIA GPU (another vendor's, or none said in words): CUDA fails whatever is installed."""
    return Ranked(Finding(
        id="no-nvidia-gpu", category="other", severity="error", area=areas.get("other", "system"),
        title=title, message=message, fix=fix, evidence=(stated, tr("no NVIDIA GPU or driver in the paste")),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",), data={"lines": [line]}),
        corroborated=True, explains=True, line=line)



# In this order: each check sees what those before it found.
CHECKS: tuple[Callable[[Seen, list[Ranked]], list[Ranked]], ...] = (
    user_site_shadowing, _container_without_gpu, _no_nvidia_gpu_here, module_missing_other_python,
    site_of_another_python,
    activation_not_first, py_launcher_outside_environment, python2_ran_not_python3, notebook_kernel,
    ide_interpreter, ide_and_terminal_differ, import_works_elsewhere, commands_disagree, system_shebang,
    torch_seen_other_than_environment, _cuda_requested_cpu_installed,
    _cuda_build_from_pypi_mirror, pip_of_another_python, _cpu_build_from_pypi_mirror, _pinned_torch_no_wheel,
    _conda_cuda_spec_cuda_unavailable, _cpu_build_replaced_cuda, _untagged_replaced_cuda_on_windows,
    _cuda_build_fixed_it,
    # before the guesses about an unusable CUDA: the reporter's own finding that the YOLO code regressed
    yolo_regression_said,
    _cuda_unavailable, _cuda_unavailable_driver_fits,
    portable_build_other_python, _no_space_is_shm, _workers_died_in_container_is_shm,
    python_upgraded_module_missing, pip_site_of_another_python,
    cuda_true_where_not_compiled,
    onnxruntime_build_cudnn, onnxruntime_requires_other_cudnn,
    unsynced_on_mirror, slow_download_not_cpu_build,
    gpu_oom_at_stage,
    release_with_known_regression,
    fp16_nan_losses,
    insufficient_driver_in_container,
    cudnn_failure_on_newer_gpu,
    build_step_torch_said_missing,
    visible_devices_word,
    yolo_class_index_out_of_bounds,
    batch_job_without_gpu,
    gpu_unsupported_said,
    module_installed_by_system_manager,
    gpu_hidden_from_program,
    half_precision_no_detections,
)
