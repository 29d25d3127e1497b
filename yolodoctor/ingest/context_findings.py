"""Findings that only where the paste ran can tell (ingest.context): another Python's user site, a container
without GPU access, another vendor's GPU, a notebook kernel, a CPU build where CUDA was asked for, a PyPI mirror
serving PyPI's builds, pip of another Python, a pinned torch without wheels for the paste's Python, and torch
unable to use CUDA with nothing else in the paste."""

from __future__ import annotations

from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .context import PasteContext
from .context_words import MODULE_DISTRIBUTIONS
from .model import LIKELY, IngestResult
from .proofs import cpu_build, pip_of_other_python, pinned_torch_without_wheels
from .prose_facts import labelled_only
from .ranked import Ranked, describe

# Categories whose finding means torch cannot use a GPU: with one of them, "no GPU in a container" explains nothing.
GPU_CAUSES = frozenset({"torch_cpu_only", "driver_too_old", "driver_mismatch", "gpu_not_visible",
                        "gpu_arch_unsupported", "torch_missing", "wrong_interpreter"})


def from_context(result: IngestResult, context: PasteContext, ranked: list[Ranked],
                  areas: dict[str, str]) -> list[Ranked]:
    """Findings that only where the paste ran can tell (see the module docstring)."""
    facts = result.facts
    out: list[Ranked] = []
    present = {r.finding.category for r in ranked} | {g.category for r in ranked for g in r.finding.folded}
    # What failed, not what a line merely risks (a `docker run` without --gpus beside an unrelated error).
    failing = {r.finding.category for r in ranked if r.finding.severity == "error"}
    python = facts.python.version or ""
    other_python = bool(python) and context.user_site_python is not None and \
        not python.startswith(context.user_site_python + ".") and python != context.user_site_python
    if context.user_site is not None and (context.environment is not None or other_python) \
            and "wrong_interpreter" not in present:
        evidence = [tr("pasted line {line}: imported from the user site-packages of Python {python} ({path})",
                       line=context.user_site, python=context.user_site_python,
                       path=f"~/.local/lib/python{context.user_site_python}")]
        if context.environment is not None:
            evidence.append(tr("pasted line {line}: the paste names an environment it set up",
                               line=context.environment))
        if other_python:
            evidence.append(tr("python {version} is the one the paste reports", version=python))
        out.append(Ranked(Finding(
            id="user-site-shadowing", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The failing code was imported from another Python's user site-packages (~/.local), not "
                     "from the environment set up for it"),
            message=tr("A package in {path} is found before the environment's own copy (or the program ran with "
                       "the Python that owns that user site).", path="~/.local/lib/python*/site-packages"),
            fix=tr("Run the program with the environment's Python ({run}, or select its Jupyter kernel), and "
                   "remove the stale copy from the user site: {uninstall} run with that Python, or set {variable}.",
                   run="python -m ...", uninstall="python -m pip uninstall <package>", variable="PYTHONNOUSERSITE=1"),
            evidence=tuple(evidence), certainty=LIKELY,
            references=("https://docs.python.org/3/library/site.html#site.ENABLE_USER_SITE",),
            data={"lines": [context.user_site]}), corroborated=True, explains=True, line=context.user_site))
    if context.container is not None and facts.torch.cuda_available is False and not (present & GPU_CAUSES) \
            and cpu_build(facts, context) is None:  # a CPU-only torch explains it without the container
        out.append(Ranked(Finding(
            id="container-without-gpu", category="gpu_not_visible", severity="error",
            area=areas.get("gpu_not_visible", "system"),
            title=tr("torch sees no GPU inside a container: the container was likely started without GPU access"),
            message=tr("{call} is False in a container, and nothing in the paste points elsewhere.",
                       call="torch.cuda.is_available()"),
            fix=tr("Start the container with the GPUs ({run}, with the NVIDIA Container Toolkit installed and "
                   "configured: {configure}), then check {smi} and {ls} inside it.", run="docker run --gpus all ...",
                   configure="nvidia-ctk runtime configure --runtime=docker", smi="nvidia-smi", ls="ls /dev/nvidia*"),
            evidence=(tr("pasted line {line}: the paste runs in a container", line=context.container),
                      tr("{call} is False", call="torch.cuda.is_available()")),
            certainty=LIKELY,
            references=("https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/"
                        "install-guide.html",),
            data={"lines": [context.container]}), corroborated=True, line=context.container))
    # torch sees no CUDA device, or is a build without CUDA (all there is for a Mac, or for Windows with an AMD
    # card): with only another vendor's GPU in the paste, that GPU is the cause, not the torch build. The same
    # holds when nothing else failed and the paste only shows torch without CUDA (a Mac's collect_env dump), unless
    # the paste sets the GPU up through ROCm: then the AMD card is the GPU meant, and the torch build is in question.
    no_cuda = not ranked and (facts.torch.cuda_available is False or context.cuda_unusable is not None) \
        and not facts.torch.cuda and not facts.torch.hip and context.rocm is None
    without_nvidia = not facts.nvidia.gpus and facts.nvidia.driver_version is None \
        and context.nvidia_gpu_named is None and bool(failing & {"gpu_not_visible", "torch_cpu_only"} or no_cuda)
    if without_nvidia and context.other_gpu is not None:
        out.append(_no_nvidia_gpu(
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
        out.append(_no_nvidia_gpu(
            context.no_nvidia_gpu, areas,
            title=tr("The paste says this machine has no NVIDIA GPU (or runs on the CPU): code that asks for CUDA "
                     "cannot run there"),
            message=tr("torch finds no CUDA device, and the reporter says the machine has no NVIDIA GPU; nothing "
                       "in the environment is broken."),
            fix=tr("Run on the CPU ({device}: remove the code's {cuda} calls or pass its device option), or run on a "
                   "machine with an NVIDIA GPU.", device="device=cpu", cuda=".cuda()"),
            stated=tr("pasted line {line}: the machine has no NVIDIA GPU, or runs on the CPU",
                      line=context.no_nvidia_gpu)))
    other = _module_in_other_python(context)
    if other is not None and "wrong_interpreter" not in present:
        evidence, strong = other
        if strong or not ranked:
            out.append(Ranked(Finding(
                id="module-missing-other-python", category="wrong_interpreter",
                severity="error" if strong else "warning", area=areas.get("wrong_interpreter", "packages"),
                title=tr("'{module}' is installed, but not in the Python that failed to import it: another "
                         "interpreter ran the program", module=context.missing_module) if strong else
                tr("'{module}' is missing in the Python that ran, which is likely not the one the packages were "
                   "installed into (sudo's, or not the portable build's own)", module=context.missing_module),
                message=tr("The paste shows '{module}' missing in one run and present for another interpreter (an "
                           "interactive session, pip, another path, sudo's or a portable build's own Python).",
                           module=context.missing_module),
                fix=tr("Run the program with the Python that has the package, or install it into the one that runs "
                       "it: {install}; {show} names the interpreter each command uses.",
                       install="<that python> -m pip install <package>",
                       show="python -c \"import sys; print(sys.executable)\""),
                evidence=tuple(evidence), certainty=LIKELY,
                references=("https://packaging.python.org/en/latest/tutorials/installing-packages/"
                            "#ensure-you-can-run-python-from-the-command-line",),
                data={"lines": [context.module_missing]}), corroborated=True, explains=strong,
                line=context.module_missing))
    if context.activation_ignored is not None and "wrong_interpreter" not in present \
            and not any(r.finding.category == "wrong_interpreter" for r in out):
        # The environment was activated, yet the interpreter the shell finds is elsewhere (pyenv's shims, an alias,
        # a PATH entry placed before the environment's): the activation did not reach `python`.
        activated, shown = context.activation_ignored
        missing = context.module_missing is not None
        out.append(Ranked(Finding(
            id="activated-environment-not-first-on-path", category="wrong_interpreter",
            severity="error" if missing else "warning", area=areas.get("wrong_interpreter", "packages"),
            title=tr("An environment was activated, but the python the shell runs is not the environment's: another "
                     "interpreter comes first on PATH"),
            message=tr("After the activation the interpreter path the paste shows lies outside that environment (a "
                       "pyenv shim, an alias, a PATH entry before the environment's)."),
            fix=tr("Make the environment's python the one that runs: remove the alias or reorder the shell's start-up "
                   "lines so the activation's PATH entry comes first ({check} must name the environment), or call the "
                   "environment's python by its full path.", check="which python"),
            evidence=(tr("pasted line {line}: an environment is activated", line=activated),
                      tr("pasted line {line}: the interpreter found is outside that environment", line=shown)),
            certainty=LIKELY, references=("https://docs.conda.io/projects/conda/en/latest/user-guide/tasks/"
                                          "manage-environments.html#activating-an-environment",),
            data={"lines": [activated, shown]}), corroborated=True, explains=missing, line=shown))
    if not ranked and not out and context.notebook is not None and context.environment is not None \
            and context.environment != context.notebook:
        out.append(Ranked(Finding(
            id="notebook-kernel-environment", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("A notebook started from an environment runs the kernel Jupyter was installed with, unless "
                     "that environment has its own kernel"),
            message=tr("The paste sets up an environment and runs a notebook; nothing else in it explains the "
                       "problem."),
            fix=tr("Register the environment as a kernel and select it: in the environment, {register}; in the "
                   "notebook, {show} shows which Python runs.",
                   register="python -m pip install ipykernel && python -m ipykernel install --user --name <env>",
                   show="import sys; print(sys.executable)"),
            evidence=(tr("pasted line {line}: an environment is set up", line=context.environment),
                      tr("pasted line {line}: a notebook is run", line=context.notebook)),
            certainty=LIKELY, references=("https://ipython.readthedocs.io/en/stable/install/kernel_install.html",),
            data={"lines": [context.environment, context.notebook]}), corroborated=False,
            line=context.notebook))
    if not ranked and not out and context.ide_failing is not None and context.environment is not None:
        # An IDE runs code with the interpreter its settings name, which need not be the environment the packages
        # went into; nothing else in the paste explains the failure it reports.
        out.append(Ranked(Finding(
            id="ide-interpreter-environment", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The IDE runs another interpreter than the environment the packages were installed into"),
            message=tr("The paste sets up an environment and reports a failure inside an IDE (PyCharm, VS Code, "
                       "Spyder); nothing else in it explains the problem."),
            fix=tr("Select the environment's Python as the IDE's interpreter (PyCharm: the project interpreter; VS "
                   "Code: Python: Select Interpreter), or install the package into the interpreter the IDE uses; "
                   "{show} run inside the IDE names it.", show="import sys; print(sys.executable)"),
            evidence=(tr("pasted line {line}: an environment is set up", line=context.environment),
                      tr("pasted line {line}: the failure is reported inside an IDE", line=context.ide_failing)),
            certainty=LIKELY, references=("https://www.jetbrains.com/help/pycharm/configuring-python-interpreter.html",),
            data={"lines": [context.environment, context.ide_failing]}), corroborated=False,
            line=context.ide_failing))
    places = _ide_and_terminal(context)
    # A module missing where it fails is what the other interpreter explains: it is installed where it works.
    # (An "also possible" wrong interpreter beside the missing module is the same suspicion, not a finding.)
    primary = {r.finding.category for r in ranked if not r.alternative}
    if places is not None and not out and primary <= {"torch_missing"}:
        # The same program works in one place and fails in the other: an IDE runs the interpreter its settings
        # name, the terminal the first python on PATH (or the activated environment); they are not the same one.
        works, fails = places
        explained = context.module_missing is not None
        out.append(Ranked(Finding(
            id="ide-and-terminal-differ", category="wrong_interpreter",
            severity="error" if explained else "warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The IDE and the terminal run different Python interpreters: the packages are in one of them"),
            message=tr("The paste says the program works in one place (an IDE or a terminal) and fails in the "
                       "other; nothing else in it explains the problem."),
            fix=tr("Run {show} in both places and make them the same: select that interpreter in the IDE "
                   "(PyCharm: the project interpreter; VS Code: Python: Select Interpreter), or install the "
                   "package into the one that fails with {install}.",
                   show="python -c \"import sys; print(sys.executable)\"",
                   install="<that python> -m pip install <package>"),
            evidence=(tr("pasted line {line}: it works there", line=works),
                      tr("pasted line {line}: it fails there", line=fails)),
            certainty=LIKELY, references=("https://www.jetbrains.com/help/pycharm/configuring-python-interpreter.html",),
            data={"lines": [works, fails]}), corroborated=explained, explains=explained, line=fails))
    cpu = cpu_build(facts, context)
    if cpu is not None and context.cuda_requested is not None and not (present & GPU_CAUSES):
        out.append(Ranked(Finding(
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
    if context.pypi_mirror is not None and context.cuda_pin is not None and context.pytorch_index is None \
            and "pip_index" not in present:
        # A PyPI mirror carries PyPI's files: a +cuXXX torch is only on the PyTorch index, which the paste never names.
        out.append(Ranked(Finding(
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
    other_pip = pip_of_other_python(facts, context)
    if other_pip is not None and "wrong_interpreter" not in present:
        line, pip_python, running = other_pip
        out.append(Ranked(Finding(
            id="pip-of-another-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("pip belongs to Python {pip}, but the program runs with Python {python}: packages go into "
                     "another interpreter than the one that runs", pip=pip_python, python=running),
            message=tr("A bare pip is the first one on PATH, which need not belong to the python that runs the "
                       "program."),
            fix=tr("Install with the interpreter that runs the program: {command}.",
                   command="python -m pip install <package>"),
            evidence=(tr("pasted line {line}: pip runs with Python {pip}", line=line, pip=pip_python),
                      tr("Python {python} runs the program", python=running)),
            certainty=LIKELY, references=("https://pip.pypa.io/en/stable/user_guide/#running-pip",),
            data={"lines": [line]}), corroborated=True, line=line))
    cpu_line = context.cpu_torch if context.cpu_torch is not None else (
        context.pypi_mirror if cpu is not None else None)
    if context.pypi_mirror is not None and cpu_line is not None and facts.host.os != "Linux" \
            and "pip_index" not in present and not any(r.finding.category == "pip_index" for r in out):
        # PyPI serves only the CPU build of torch for Windows and macOS, and a PyPI mirror serves exactly that: the
        # mirror explains the CPU build the paste shows (on Linux PyPI's default build has CUDA, so it does not).
        out.append(Ranked(Finding(
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
    pinned = pinned_torch_without_wheels(result)
    # an "also possible" Python finding does not count: the release asked for proves it, so it is stated in full
    if pinned is not None and not any(r.finding.category == "python_unsupported" and not r.alternative for r in ranked):
        version, python, line, pythons = pinned
        out.append(Ranked(Finding(
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
            data={"lines": [line], "torch": version, "python": python}), corroborated=True, line=line))
    torch = facts.torch
    if cpu is None and context.conda_cuda_spec is not None and torch.cuda_available is False and not torch.cuda \
            and not torch.hip and not (present & GPU_CAUSES) and not any(r.finding.category in GPU_CAUSES for r in out):
        # conda's solver takes the CPU build when no CUDA build of the release matches the spec; nothing else
        # in the paste explains CUDA being unavailable, and the build itself is not shown.
        out.append(Ranked(Finding(
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
            out.append(Ranked(Finding(
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
            return out
        out.append(Ranked(Finding(
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
            out.append(Ranked(Finding(
                id=f"cuda-unavailable-unexplained:{alternative}", category=alternative, severity="info",
                area=areas.get(alternative, "system"),
                title=tr("Also possible: {cause}", cause=describe(alternative)),
                message=tr("{call} is False, and the paste shows nothing else.", call="torch.cuda.is_available()"),
                fix="", evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),), certainty=LIKELY,
                references=(), data={"alternative_of": "torch_cpu_only"}),
                corroborated=False, alternative=True, line=line))
    if not ranked and not out and context.portable_other_python and context.site_packages is not None:
        out.append(Ranked(Finding(
            id="portable-build-other-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("Packages went into another Python's site-packages, not into the portable build's own Python"),
            message=tr("The paste names a portable / standalone build, and the pip or Python output shows a "
                       "site-packages outside it; nothing else in the paste explains the problem."),
            fix=tr("Install with the build's own Python: {install} (a bare pip is the first Python on PATH); check "
                   "with {show}.", install="python_embeded\\python.exe -m pip install ...",
                   show="python_embeded\\python.exe -m pip show torch"),
            evidence=(tr("pasted line {line}: a portable / standalone build", line=context.portable),
                      tr("pasted line {line}: a site-packages outside that build", line=context.site_packages)),
            certainty=LIKELY, references=("https://docs.python.org/3/installing/index.html",),
            data={"lines": [context.portable, context.site_packages]}), corroborated=False,
            line=context.site_packages))
    return out


def _module_in_other_python(context: PasteContext) -> Optional[tuple[list[str], bool]]:
    """(evidence, strong) where a module the paste could not import is there for another interpreter: an
    interactive session imports it, pip says it is installed, the paste prints two interpreters (strong); or the
    failing run went through sudo, or a portable build's Python was bypassed (weak: where it ran, not what it has)."""
    module, line = context.missing_module, context.module_missing
    # a package's build step runs in pip's isolated environment: a module missing there is the build's (its own
    # signatures say so), whatever the user's interpreter has
    if module is None or line is None or context.build_step is not None:
        return None
    missing = tr("pasted line {line}: '{module}' cannot be imported", line=line, module=module)
    strong: list[str] = []
    for at, name in context.imported_modules:
        if name == module and at != line:
            strong.append(tr("pasted line {line}: an interactive session imports '{module}'", line=at, module=module))
            break
    distributions = MODULE_DISTRIBUTIONS.get(module, (module.replace("_", "-"),))
    # pip's word about torch is weighed by torch's own signal (a failed install, a build step)
    for at, dist in () if module == "torch" else context.satisfied:
        if dist in distributions:
            strong.append(tr("pasted line {line}: pip says {dist} is already installed", line=at, dist=dist))
            break
    # the paste's own install command put it in place, yet the import fails (pip's word about torch: see above)
    for at, dist in () if module == "torch" else context.installed:
        if dist in distributions:
            strong.append(tr("pasted line {line}: the paste installs {dist}, and the import still fails",
                             line=at, dist=dist))
            if context.bang_pip is not None:
                strong.append(tr("pasted line {line}: {command} in a notebook runs the pip on the PATH, which need "
                                 "not be the kernel's Python", line=context.bang_pip, command="!pip install"))
            break
    paths = {path for _, path in context.executables}
    if len(paths) > 1:
        strong.append(tr("pasted lines {first} and {second}: two Python interpreters",
                         first=context.executables[0][0], second=context.executables[-1][0]))
    if strong:
        return [missing, *strong], True
    if context.sudo_python is not None:
        return [missing, tr("pasted line {line}: Python (or pip) is run through sudo", line=context.sudo_python)], False
    if context.portable_other_python:
        return [missing, tr("pasted line {line}: the paste runs a portable / standalone build",
                            line=context.portable)], False
    return None


def _no_nvidia_gpu(line: int, areas: dict[str, str], title: str, message: str, fix: str, stated: str) -> Ranked:
    """The machine has no NVIDIA GPU (another vendor's, or none said in words): CUDA fails whatever is installed."""
    return Ranked(Finding(
        id="no-nvidia-gpu", category="other", severity="error", area=areas.get("other", "system"),
        title=title, message=message, fix=fix, evidence=(stated, tr("no NVIDIA GPU or driver in the paste")),
        certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",), data={"lines": [line]}),
        corroborated=True, explains=True, line=line)


def _ide_and_terminal(context: PasteContext) -> Optional[tuple[int, int]]:
    """(line where it works, line where it fails) when an IDE and a terminal disagree, else None."""
    if context.ide_failing is not None and context.terminal_works is not None:
        return context.terminal_works, context.ide_failing
    if context.ide_works is not None and context.terminal_failing is not None:
        return context.ide_works, context.terminal_failing
    return None
