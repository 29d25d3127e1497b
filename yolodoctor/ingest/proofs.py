"""Facts that settle what a pasted error means: a symptom's proven cause, a signal the facts sharpen or
contradict, and a stated fact the rules have already judged.

- PROOFS: a category proven by the facts (a +cpu torch proves "CUDA unavailable" is the CPU build);
- BY_RELEASE: a signal whose message the facts sharpen (an Ultralytics argument judged by the release that
  introduced it against the version the paste shows);
- CONTRADICTED: a signal whose own category the facts contradict (torch said missing, yet shown installed);
- STATED: a stating signal that adds nothing when a tool's reading holds the same fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from packaging.version import InvalidVersion, Version

from ..facts.model import Facts
from ..i18n import tr
from .context import PasteContext
from .inferred import INSTALL_KIND
from .model import CERTAIN, LIKELY, IngestResult, Signal
from .values import local_tag

@dataclass(frozen=True)
class Proof:
    """Facts that settle a symptom's cause."""

    title: str
    evidence: tuple[str, ...]
    fix: str
    certainty: str = CERTAIN


def cpu_build(facts: Facts, context: PasteContext) -> Optional[Proof]:
    torch = facts.torch
    tag = local_tag(torch.version) if torch.version else None
    complete = torch.status == "ok" and torch.cuda is None and torch.hip is None and torch.version
    if tag == "cpu" or complete:
        return Proof(tr("torch is a CPU-only build, so no CUDA device can be used"),
                     (tr("torch {version} (a +cpu build)", version=torch.version) if tag == "cpu" else
                      tr("torch {version}, built without CUDA", version=torch.version),),
                     tr("Install a CUDA build of torch with a variant the driver supports, e.g. {command} (see "
                        "nvidia-smi for the CUDA version the driver supports).",
                        command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126"))
    return None


_TORCH_PIN = re.compile(r"(?<![\w-])torch==(?P<version>\d{1,3}(?:\.\d{1,4}){1,3})")


def pinned_torch_without_wheels(result: IngestResult) -> Optional[tuple[str, str, int, tuple[str, ...]]]:
    """(torch version, Python, line, that release's Pythons) when the paste asks for a torch release (an install
    command, pip's own "requirement torch==X") that has no wheels for the paste's Python: judged by the
    release asked for, not by today's."""
    from ..knowledge import compat

    python = result.facts.python.version
    if not python:
        return None
    asked = [(o.value, o.line) for o in result.observations if o.source == INSTALL_KIND and o.path == "torch.source"]
    asked += [(s.text, s.line) for s in result.signals]
    for text, line in asked:
        for pin in _TORCH_PIN.finditer(str(text)):
            release = compat.torch_release(pin.group("version"))
            if release is not None and release.python and not release.supports_python(python):
                return pin.group("version"), python, line, tuple(release.python)
            early = compat.early_release_pythons(pin.group("version")) if release is None else None
            if early and ".".join(python.split(".")[:2]) not in early:  # a release older than the main table
                return pin.group("version"), python, line, early
    return None


def _driver_older_than_torch(facts: Facts, context: PasteContext) -> Optional[Proof]:
    driver, needed = facts.nvidia.cuda_driver_version, facts.torch.cuda
    try:
        if driver and needed and Version(driver).release[:2] < Version(needed).release[:2]:
            return Proof(tr("The driver supports CUDA {driver}, older than torch's CUDA {needed}", driver=driver,
                            needed=needed),
                         (tr("driver supports CUDA {driver}", driver=driver),
                          tr("torch built for CUDA {needed}", needed=needed)),
                         tr("Upgrade the NVIDIA driver, or install a torch build for a CUDA version the driver "
                            "supports."))
    except InvalidVersion:
        return None
    return None


def _torch_installed_elsewhere(facts: Facts, context: PasteContext) -> Optional[Proof]:
    version = facts.torch.version  # with status "missing" too: the paste shows two interpreters
    if not version and context.notebook is not None:
        return Proof(tr("torch is missing in the notebook's kernel: the kernel runs another Python than the one "
                        "torch was installed into"),
                     (tr("pasted line {line}: the program ran in a notebook (Jupyter/IPython kernel)",
                         line=context.notebook),),
                     tr("Select the kernel of the environment torch is installed in ({register} from that "
                        "environment), or install torch into the kernel's Python: {command} in a cell.",
                        register="python -m ipykernel install --user --name <env>", command="%pip install torch"),
                     certainty=LIKELY)
    if not version and context.sudo_python is not None:
        return Proof(tr("torch is missing in the Python that sudo runs, which is root's Python (its PATH and "
                        "site-packages), not the environment torch was installed into"),
                     (tr("pasted line {line}: Python (or pip) is run through sudo", line=context.sudo_python),),
                     tr("Run it without sudo, with the environment's Python ({command}); where root is needed, call "
                        "that Python by its full path: {sudo}", command="path/to/env/bin/python setup.py ...",
                        sudo="sudo path/to/env/bin/python ..."),
                     certainty=LIKELY)
    if not version and context.portable_other_python:
        return Proof(tr("torch is missing in the Python that ran this: a portable / standalone build ships its "
                        "own Python, and another one was used"),
                     (tr("pasted line {line}: the paste runs a portable / standalone build", line=context.portable),),
                     tr("Start the build with its own Python (its {launcher}, or {run}), and install packages with "
                        "{install}", launcher="run_*.bat", run="python_embeded\\python.exe main.py",
                        install="python_embeded\\python.exe -m pip install ..."),
                     certainty=LIKELY)
    other_pip = pip_of_other_python(facts, context)
    if not version and other_pip is not None:
        line, pip_python, running = other_pip
        return Proof(tr("pip belongs to Python {pip}, but the program runs with Python {python}: packages go into "
                        "another interpreter than the one that runs", pip=pip_python, python=running),
                     (tr("pasted line {line}: pip runs with Python {pip}", line=line, pip=pip_python),
                      tr("Python {python} runs the program", python=running)),
                     tr("Install with the interpreter that runs the program: {command}.",
                        command="python -m pip install <package>"),
                     certainty=LIKELY)
    if not version and context.torch_install is not None:
        return Proof(tr("torch was installed, yet the Python that ran this cannot import it: the install went into "
                        "another Python or environment than the one that runs the program"),
                     (tr("pasted line {line}: torch is installed (a command of the paste, or pip's own words)",
                         line=context.torch_install),),
                     tr("Install and run with the same interpreter: {install}, then {run}; {show} shows which "
                        "Python and environment each command uses.", install="python -m pip install torch",
                        run="python your_script.py", show="python -c \"import sys; print(sys.executable)\""),
                     certainty=LIKELY)
    if version:
        return Proof(tr("torch is installed, but not in the Python that ran this: another interpreter or kernel "
                        "ran it"),
                     (tr("torch {version} is installed (inferred from the paste's package listing or banner)",
                         version=version),),
                     tr("Run the program with the Python torch is installed in ({show} names it), or install torch "
                        "into the interpreter that runs it: {install}; in Jupyter select the kernel of that "
                        "environment.", show="python -m pip show torch", install="<that python> -m pip install torch"))
    return None


def pip_of_other_python(facts: Facts, context: PasteContext) -> Optional[tuple[int, str, str]]:
    """(line, pip's Python, the paste's Python) where a `pip --version` line belongs to another Python minor than
    the one the paste shows running."""
    python = facts.python.version or ""
    parts = python.split(".")
    if len(parts) < 2:
        return None
    running = f"{parts[0]}.{parts[1]}"
    for line, pip_python in context.pip_pythons:
        if pip_python != running:
            return line, pip_python, running
    return None


def windows_default_build(facts: Facts, context: PasteContext, host_os: Optional[str] = None) -> Optional[Proof]:
    """torch sees no CUDA device on Windows, and nothing shows its build: PyPI's torch for Windows (what a plain
    `pip install torch`, a requirements file or another package's dependency installs) is the CPU-only build, so
    that is the likely cause (compat/platforms.toml: PyPI's Windows files carry no CUDA). Not where the paste
    shows a CUDA build, a conda build, a container, or a machine without an NVIDIA GPU."""
    torch = facts.torch
    # the system may be named in words ("on Windows 11"): host_os is then the paste's reading of it
    if (host_os or facts.host.os) != "Windows" or torch.cuda or torch.hip or torch.cuda_available:
        return None
    tag = local_tag(torch.version) if torch.version else None
    dist = facts.distribution("torch")
    if (tag is not None and tag != "cpu") or (dist is not None and dist.conda_package) \
            or facts.cuda.conda_cudatoolkit or context.conda_cuda_spec is not None:
        return None
    if any(line is not None for line in (context.container, context.other_gpu, context.rocm, context.no_nvidia_gpu)):
        return None
    shown = tr("torch {version}, no CUDA build shown", version=torch.version) if torch.version else \
        tr("no torch build shown")
    return Proof(tr("On Windows, the torch that pip installs by default (PyPI's) is the CPU-only build: the likely "
                    "reason torch sees no CUDA device"),
                 (tr("the paste ran on Windows"), shown),
                 tr("Check the build: {check}; a +cpu version or None is the CPU-only build: uninstall it and install "
                    "a CUDA build from the PyTorch index ({command}).",
                    check="python -c \"import torch; print(torch.__version__, torch.version.cuda)\"",
                    command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126"),
                 LIKELY)


PROOFS: dict[str, Callable[[Facts, PasteContext], Optional[Proof]]] = {
    "torch_cpu_only": cpu_build,
    "driver_too_old": _driver_older_than_torch,
    "wrong_interpreter": _torch_installed_elsewhere,
}
_REJECTED_ARGUMENT = re.compile(r"'(?P<name>[^'\n]{1,60})' is not (?:a )?valid YOLO argument")


def _argument_of_later_release(facts: Facts, signal: Signal) -> Optional[Proof]:
    """An argument Ultralytics rejected, judged by the release that introduced it (compat/ultralytics.toml
    [[argument]]) against the Ultralytics version the paste shows (a banner, a package listing)."""
    from ..knowledge import compat

    found = _REJECTED_ARGUMENT.search(signal.text)
    argument = compat.ultralytics_argument(found.group("name")) if found else None
    if argument is None:
        return None
    dist = facts.distribution("ultralytics")
    version = facts.package("ultralytics").version or (dist.version if dist else None)
    releases = tr("first release read with it: {first}; last release read without it: {last}",
                  first=argument.first_version_with, last=argument.last_version_without)
    upgrade = f"pip install -U \"ultralytics>={argument.first_version_with}\""
    try:
        older = version is not None and Version(version.split("+")[0]) < Version(argument.first_version_with)
    except InvalidVersion:
        version, older = None, False
    if version is None:
        return Proof(tr("Ultralytics rejects '{name}', an argument of later releases (from {first}): the ultralytics "
                        "that runs is older than the code.", name=argument.name, first=argument.first_version_with),
                     (releases,), tr("Upgrade Ultralytics in the Python that runs the code: {command}; update or "
                                     "remove a vendored or local ultralytics folder.", command=upgrade), LIKELY)
    shown = tr("ultralytics {version} (read from the paste)", version=version)
    if older:
        return Proof(tr("ultralytics {version} predates the argument '{name}' (first in {first}): the code was written "
                        "for a later release.", version=version, name=argument.name, first=argument.first_version_with),
                     (shown, releases), tr("Upgrade Ultralytics in the Python that runs the code: {command}; update or "
                                           "remove a vendored or local ultralytics folder.", command=upgrade))
    # The version read has the argument, yet it was rejected: another, older ultralytics runs the code.
    return Proof(tr("ultralytics {version} accepts '{name}' (since {first}), yet it was rejected: the code runs "
                    "another, older ultralytics (a vendored or local copy, or another Python).",
                    version=version, name=argument.name, first=argument.first_version_with),
                 (shown, releases),
                 tr("Find the ultralytics that runs: {command}; update or remove that copy.",
                    command="python -c \"import ultralytics; print(ultralytics.__file__, ultralytics.__version__)\""),
                 LIKELY)


# "No module named 'distutils'" and its siblings, with the module; a Python version in the same line ("on Python
# 3.12", "python3.12/site-packages", "Python312") when no tool showed one.
_REMOVED_MODULE = re.compile(r"(?i:no module named) ['\"`\u2018]?(?P<module>[A-Za-z_][\w.]{0,80})")
_PYTHON_IN_LINE = re.compile(r"(?i:python) ?(?P<major>3)\.?(?P<minor>1\d)(?![\d])")


def _stdlib_removal_against_python(facts: Facts, signal: Signal) -> Optional[tuple[str, str, str, bool]]:
    """(module, removed_in, python, removed) for a removed standard-library module the signal names, judged against
    the Python the paste shows; None when either is unknown."""
    from ..knowledge.compat_platforms import stdlib_removal

    found = _REMOVED_MODULE.search(signal.text)
    row = stdlib_removal(found.group("module")) if found else stdlib_removal("distutils")
    if row is None:
        return None
    python = python_of(facts, signal, _PYTHON_IN_LINE)
    removed = at_or_after(python, row.removed_in) if python else None
    if removed is None:
        return None
    return row.module, row.removed_in, python, removed


def python_of(facts: Facts, signal: Signal, in_line: re.Pattern) -> Optional[str]:
    """The paste's Python: the facts', else one the signal's own line names (`in_line`, groups major and minor)."""
    if facts.python.version:
        return facts.python.version
    said = in_line.search(signal.text)
    return f"{said.group('major')}.{said.group('minor')}" if said else None


def at_or_after(python: str, release: str) -> Optional[bool]:
    """Whether Python X.Y[.Z] is `release` or later (compared as X.Y); None when either is no version."""
    try:
        return Version(".".join(python.split(".")[:2])) >= Version(release)
    except InvalidVersion:
        return None


def _stdlib_module_removed(facts: Facts, signal: Signal) -> Optional[Proof]:
    """A removed standard-library module (compat/platforms.toml [[stdlib_removal]]) imported on a Python at or after
    the release that removed it: the package is older than the Python."""
    judged = _stdlib_removal_against_python(facts, signal)
    if judged is None or not judged[3]:
        return None
    module, removed_in, python, _ = judged
    return Proof(
        tr("Python {python} has no {module}: it was removed in Python {removed}, and the code that imports it is older "
           "than this Python", python=python, module=module, removed=removed_in),
        (tr("Python {python} (read from the paste)", python=python),
         tr("{module} removed in Python {removed} (compat/platforms.toml)", module=module, removed=removed_in)),
        tr("Create the environment with a Python older than {removed} (e.g. uv venv --python 3.11, or conda create -n "
           "env python=3.11), or upgrade the package to a release that no longer imports {module}; for distutils in a "
           "build, pip install -U setuptools provides a replacement.", removed=removed_in, module=module))


def _stdlib_module_present(facts: Facts, signal: Signal) -> bool:
    """The Python the paste shows is older than the release that removed the module: it still has it, so its absence
    is not the Python being too new (a distribution's split-off package, python3-distutils, is missing)."""
    judged = _stdlib_removal_against_python(facts, signal)
    return judged is not None and not judged[3]


def _python_bounds():
    from . import python_bounds

    return python_bounds


# A placeholder IPython does not fill in from the notebook's variables: ${121}, <cuda>, cuXXX, an empty version.
_UNFILLED_PLACEHOLDER = re.compile(r"\$\{\d|<[A-Za-z_]|\bcu[xX]{1,3}\b|/whl/torch-[\d.]*\+(?:\.|cu|cpu)")


def _notebook_fills_placeholder(facts: Facts, signal: Signal) -> bool:
    """An index URL's {name} on a notebook's shell escape (`!pip install ... -f .../{version_str}/...`): IPython
    puts the variable's value there before the shell runs it, so the URL pip read had no placeholder."""
    return signal.text.startswith(("!", "%")) and _UNFILLED_PLACEHOLDER.search(signal.text) is None


# Signals whose own message the facts sharpen: the finding names what the paste shows (a release, a version).
BY_RELEASE: dict[str, Callable[[Facts, Signal], Optional[Proof]]] = {
    "ultralytics-argument-of-later-release": _argument_of_later_release,
    "python-stdlib-module-removed": _stdlib_module_removed,
    "python-bounded-release-source-build": lambda facts, signal: _python_bounds().release_older_than_python(facts, signal),
}
# Signals that the facts show to be no reading of the message at all: the signal is set aside.
SIGNAL_CONTRADICTED: dict[str, Callable[[Facts, Signal], bool]] = {
    "python-stdlib-module-removed": _stdlib_module_present,
    "python-bounded-release-source-build": lambda facts, signal: _python_bounds().release_within_python(facts, signal),
    "index-url-placeholder-left": _notebook_fills_placeholder,
}
# A signal whose own category the facts contradict (torch is said missing, yet the paste shows it installed):
# its alternatives are then weighed like a symptom's. A missing module in a notebook kernel is weighed so too.
# torch missing inside a package's build (pip's isolated build environment) is the build's, whatever the user's
# interpreter has: nothing about that interpreter contradicts it.
CONTRADICTED: dict[str, Callable[[Facts, PasteContext], bool]] = {
    "torch_missing": lambda facts, context: context.build_import is None and (
        bool(facts.torch.version) or context.notebook is not None or context.sudo_python is not None
        or context.portable_other_python or context.torch_install is not None
        or pip_of_other_python(facts, context) is not None),
}
# A symptom signal that only states a fact ("torch 2.5.0+cpu" in prose) adds nothing when the paste's labelled
# readings hold that fact: the rules have judged it already.
STATED: dict[str, Callable[[Facts], bool]] = {
    "torch_cpu_only": lambda facts: bool(facts.torch.version),
}
