"""Where a paste says it ran: a notebook kernel, a container, a user site-packages, sudo, a portable build.

Reports often say so only in prose ("in a Jupyter notebook", "I pulled the docker
image") or in the paths of a traceback (~/.local/lib/python3.10/site-packages). These
are not facts about the machine, so they do not go into Facts; triage uses them to
choose between the causes an error is known to come from (a missing module in a
notebook kernel is usually the kernel's Python, not a missing install).

Only literal, case-insensitive substrings are looked for (str.find): linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .context_words import (
    ACTIVATE, AMD_RX_MODEL, BANG_PIP_WORDS, BUILD_COMMAND, BUILD_REACH, BUILD_STEP_WORDS, CLAUSE_BREAK,
    EXTENSION_BUILD_WORDS, NO_GPU_RAISED_WORDS,
    CONDA_CUDA_SPEC_WORDS, CONDA_MIRROR_WORDS, CONTAINER_PROMPT, CONTAINER_WORDS, CPU_TORCH_BUILD, CUDA_FALSE_LABEL,
    CUDA_INSTALL_WORDS, CUDA_PIN_WORDS, CUDA_REQUEST_WORDS, CUDA_UNUSABLE_WORDS, CUDA_UNUSABLE_ZH, FIXED_BY_WORDS,
    GPU_IDLE, GPU_NOT_USED, PIP_OTHER_PYTHON, PROCESSOR_WORDS, PY_LAUNCHER_RUN, PYTHON2_IMPORT_ERROR, PYTHON3_NAMED,
    NOT_FIXED_WORDS, EMBEDDED_RAN_WORDS, ENVIRONMENT_WORDS, EXECUTABLE,
    EXECUTABLE_WORDS, FAILING_LABEL_WORDS, GPU_WANTED_WORDS, IDE_FAILING_WORDS, IDE_WORDS, IMPORT_FAILS_WORDS,
    IMPORT_NAMED, IMPORT_NOT_NAMES, IMPORT_NO_ERROR, IMPORT_SAID_WORDS, IMPORT_WORKED, IMPORT_WORKS_WORDS,
    COMMAND_FAILS_WORDS, COMMAND_IMPORT_WORDS, COMMAND_WORKS_WORDS, NAMED_COMMAND, SENTENCE_END, SYSTEM_SHEBANG,
    INSTALLED_KEPT, INSTALLED_TORCH, INSTALL_ADVICE_WORDS, INSTALL_COMMAND, INSTALL_FAILED_AFTER, INSTALL_SITE_WORDS,
    INSTALL_STOP_WORDS, INSTALL_VALUE_OPTIONS,
    MISSING_MODULE, NEGATED_FAILING_WORDS, NOTEBOOK_WORDS, NOT_CPU_TORCH_AFTER, NOT_CPU_TORCH_BEFORE,
    NOT_ENVIRONMENT, NOT_NO_NVIDIA_GPU, NOT_OTHER_GPU, NOT_RUN_WORDS, NOT_SAID_INSTALLED, NO_NVIDIA_GPU_WORDS,
    NVIDIA_GPU_WORDS, OTHER_GPU_WORDS, PACKAGE_SAID_INSTALLED_WORDS, PIP_LINES_KEPT, PIP_RETRIES_KEPT,
    PLACE_WORKS_WORDS,
    PLATFORM_BUILD_WORDS, PLATFORM_LINES_KEPT, PORTABLE_WORDS, PYPI_MIRROR_WORDS, PYTORCH_INDEX_WORDS, REPL_IMPORT,
    ROCM_WORDS, RUN_WORDS, SAID_MISSING, SATISFIED, SEARCH_PATH_SITE, SITE_PACKAGES_WORDS, STILL_WORDS,
    SUDO_PYTHON_WORDS, TEMPLATE_INSTALLED, TEMPLATE_INSTALLERS, TERMINAL_WORDS, TORCH_FRAME_WORDS,
    TORCH_INSTALL_WORDS, TORCH_SAID_INSTALLED_WORDS, TORCH_SWAPPED_WORDS, USER_SITE, USER_SITE_PLUGIN_DIR,
    USER_SITE_TOOLS, USER_SITE_VERSION, NOT_MODULES_SAID_MISSING,
)
from .gpu_wish import cpu_used_gpu_wished
from .gpu_words_zh import GPU_UNUSED_ZH
from .interpreter_words import python_upgraded, uv_audited_installs
from .log_levels import python_warning_line
from .template_answers import unaffirmed_choice, without_denied_container
from .paths import site_python as site_packages_python
from .pip_wrapped import joined


@dataclass(frozen=True)
class PasteContext:
    """Line numbers (1-based) where the paste first mentions each context; None: not mentioned."""

    notebook: Optional[int] = None
    container: Optional[int] = None
    user_site: Optional[int] = None  # a path in ~/.local/lib/pythonX.Y/site-packages
    user_site_python: Optional[str] = None  # X.Y of that path
    environment: Optional[int] = None  # a named environment (venv, conda, a Jupyter kernel)
    other_gpu: Optional[int] = None  # a GPU that is not NVIDIA's (Radeon, Intel graphics, Apple silicon)
    rocm: Optional[int] = None  # AMD's ROCm stack is named (ROCm, HIP, a ROCm index)
    no_nvidia_gpu: Optional[int] = None  # the reporter says the machine has no NVIDIA GPU, or runs on the CPU
    nvidia_gpu_named: Optional[int] = None  # an NVIDIA GPU named by its model (GeForce, RTX, Tesla, ...)
    sudo_python: Optional[int] = None  # python or pip run through sudo
    package_said_installed: Optional[int] = None  # a line saying in words that a package is installed
    portable: Optional[int] = None  # a portable / standalone build with its own Python is named
    embedded_ran: Optional[int] = None  # a path inside that build's own Python (it is the one that ran)
    cuda_requested: Optional[int] = None  # a CUDA build of torch asked for (conda spec, CUDA index, +cuXXX pin)
    cuda_build_fixed: Optional[int] = None  # an install of a CUDA build of torch, told as the fix that worked
    site_packages: Optional[int] = None  # with a portable build named: a site-packages path outside its Python
    conda_cuda_spec: Optional[int] = None  # a conda spec asks for CUDA (cudatoolkit=11.3, pytorch-cuda=12.1)
    torch_install: Optional[int] = None  # torch installed by a command of the paste, or pip says it is installed
    pypi_mirror: Optional[int] = None  # a PyPI mirror is named (TUNA, Aliyun, USTC, ...)
    cuda_pin: Optional[int] = None  # a +cuXXX torch build is asked for
    pytorch_index: Optional[int] = None  # the PyTorch index (download.pytorch.org) is named
    cuda_unusable: Optional[int] = None  # words say torch cannot use CUDA / the GPU
    gpu_wanted: Optional[int] = None  # code or a command asks for a GPU (a CUDA device selected, --runtime=nvidia)
    cpu_torch: Optional[int] = None  # a line names torch and a CPU build of it ("gave the CPU build of torch")
    cpu_torch_swapped: Optional[int] = None  # that line says the CPU build replaced another ("changed it to cpu")
    failing_label: Optional[int] = None  # a label naming the failing one of several environments ("env2 (fails):")
    # `pip --version` lines ("pip 9.0.1 from c:\\python27\\lib\\site-packages (python 2.7)"): (line, X.Y) each
    pip_pythons: tuple[tuple[int, str], ...] = ()
    # pip's "satisfies the requirement" and "Ignored the following yanked versions" lines and the lines naming a
    # PyTorch index, (line, text) each, bounded:
    # ingest.pip_offer reads from them what a "no matching version" error means
    pip_lines: tuple[tuple[int, str], ...] = ()
    # lines that may say which platform the paste ran on or which build (+cuXXX, +cpu, pytorch-cuda) it asked for,
    # (line, text) each, bounded: ingest.platform_builds reads them
    platform_lines: tuple[tuple[int, str], ...] = ()
    build_step: Optional[int] = None  # pip's or uv's build step of a package (an isolated environment)
    # the first missing-module line that belongs to a build: it follows a build step or an install that builds from
    # source, with no program run between them
    build_import: Optional[int] = None
    # torch's "Found no NVIDIA driver" (or "No CUDA GPUs are available") raised by a build from source, with no program
    # run in between (or told beside a build of an extension, with no program run anywhere): the build asked for the
    # GPU's architecture where none is visible, as in `docker build` (ingest.build_probe)
    no_gpu_in_build: Optional[int] = None
    ide_failing: Optional[int] = None  # an IDE named on a line that says something fails there
    ide_works: Optional[int] = None  # an IDE named on a line that says it works there (and nothing fails)
    terminal_works: Optional[int] = None  # a terminal or shell (no IDE) on a line that says it works there
    terminal_failing: Optional[int] = None  # a terminal or shell (no IDE) on a line that says it fails there
    import_works: Optional[int] = None  # prose saying an import worked (in some place or run: "I can import it")
    import_works_module: Optional[str] = None  # the module that clause names, when it names one
    # (line where it works, line where the import fails) when prose names two interpreter (or pip) commands with
    # opposite outcomes ("works with python 2. With python 3 it gives a module not found error")
    commands_disagree: Optional[tuple[int, int]] = None
    system_shebang: Optional[int] = None  # a script's "#!/usr/bin/python": the system Python, not the environment's
    torch_frame: Optional[int] = None  # the last traceback frame inside an installed torch (it imported)
    module_missing: Optional[int] = None  # a module Python could not import (the first such line)
    missing_module: Optional[str] = None  # its top-level name, lower-cased ("cv2", "torch")
    py_launcher: Optional[int] = None  # the Windows py launcher runs a script ("py main.py")
    python2_import: Optional[int] = None  # Python 2's unquoted "ImportError: No module named x"
    python3_named: Optional[int] = None  # a Python 3 named in the paste (python3, pip3, "python 3.8")
    # (line, top-level module) of interactive imports that worked (">>> import cv2" and the session went on)
    imported_modules: tuple[tuple[int, str], ...] = ()
    # (line, path) of interpreters the paste prints (sys.executable, which/where python)
    executables: tuple[tuple[int, str], ...] = ()
    # (line, distribution) of pip's "Requirement already satisfied: <distribution>" lines
    satisfied: tuple[tuple[int, str], ...] = ()
    # (line, "X.Y") of the site-packages of Python X.Y that pip installs into or finds a package in: its "already
    # satisfied ... in .../python3.8/site-packages", pip show's "Location:", "installing to ...\\Python38\\Lib\\..."
    install_sites: tuple[tuple[int, str], ...] = ()
    # (line, its site-packages) of printed module search paths (print(sys.path): "['', '/usr/lib/python3.11', ...]")
    search_paths: tuple[tuple[int, frozenset[str]], ...] = ()
    # (line, distribution) the paste's own install commands install, on a line saying the import fails all the same
    # (or before the failing import, in a notebook)
    installed: tuple[tuple[int, str], ...] = ()
    bang_pip: Optional[int] = None  # a notebook cell's `!pip install` (the pip on the PATH, not the kernel's)
    # (activation line, interpreter line): an environment activated by name, and after it an interpreter path
    # (which python, sys.executable) outside that environment
    activation_ignored: Optional[tuple[int, int]] = None
    # lines Python's warnings module printed ("<file>.py:<n>: UserWarning: ..."): what they say did not stop the run
    warning_lines: tuple[int, ...] = ()
    # (line, line, version, version): the environment's torch and another the program is said to see (ingest.seen_torch)
    torch_seen_other: Optional[tuple[int, int, str, str]] = None
    # (line, line, version, version): a CUDA build of torch taken out and an untagged one put in (ingest.torch_swap)
    untagged_after_cuda: Optional[tuple[int, int, str, str]] = None
    windows_named: Optional[int] = None  # a line naming Windows (a win_amd64 wheel, the word), where none names WSL
    python_upgraded: Optional[int] = None  # a line saying Python moved from one 3.x release to a later one
    # a line saying torch.cuda.is_available() gives True (ingest.cuda_true_elsewhere)
    cuda_true_said: Optional[int] = None

    @property
    def portable_other_python(self) -> bool:
        """A portable build is named, and nothing shows its own Python ran: another Python did."""
        return self.portable is not None and self.embedded_ran is None


def _said_installed(low: str) -> bool:
    """torch said installed, not as a condition or a request ("make sure torch is installed")."""
    for words in TORCH_SAID_INSTALLED_WORDS:
        at = low.find(words)
        if at >= 0 and _names_torch(low[at:], words) and not any(w in low[max(0, at - 16):at]
                                                                 for w in NOT_SAID_INSTALLED):
            return True
    return False


def _says_cpu_torch(low: str) -> bool:
    """A line (naming torch) says torch is a CPU build, not denying it ("not the CPU version") nor saying the CPU
    build is what works ("the CPU version works"); an uninstall of the CPU build with no install after it is the
    user leaving it."""
    for match in CPU_TORCH_BUILD.finditer(low):
        before, after = low[max(0, match.start() - 16):match.start()], low[match.end():match.end() + 14]
        if any(w in before for w in NOT_CPU_TORCH_BEFORE) or any(w in after for w in NOT_CPU_TORCH_AFTER):
            continue
        left = low[:match.start()]
        gone = left.rfind("uninstall")
        if gone >= 0 and "install" not in left[gone + len("uninstall"):]:
            continue
        return True
    return False


def _missing_module(low: str) -> Optional[str]:
    """The top-level module of "No module named ..." where the module itself is missing: a quoted dotted name
    (Python 3's "No module named 'torch._C'") says the package imported and one of its parts did not."""
    found = MISSING_MODULE.search(low)
    if found is None or (found.group(1) and "." in found.group(2)):
        return None
    return found.group(2).split(".", 1)[0]


def _installed_names(rest: str) -> list[str]:
    """The distributions an install command names (the text after `install`): options and their values, version
    specifiers, extras and quotes dropped."""
    names: list[str] = []
    skip = False
    for token in rest.replace(",", " ").split():
        if token in INSTALL_STOP_WORDS or ":" in token or token.count("'") + token.count('"') > 2:
            break  # the command ends where the sentence that retells it goes on
        token = token.strip("'\"")
        if skip:
            skip = False
            continue
        if token.startswith("-"):
            skip = token in INSTALL_VALUE_OPTIONS
            continue
        name = token
        for mark in "=<>!~[;@":
            name = name.split(mark, 1)[0]
        if name and name[0].isalpha() and "/" not in name and "\\" not in name and "." not in name.strip("."):
            names.append(name.replace("_", "-"))
    return names


def _names_torch(text: str, words: str) -> bool:
    """`words` (ending in torch / pytorch) occur in `text` naming that package, not torchvision or torch-cpu."""
    start = text.find(words)
    while start != -1:
        end = start + len(words)
        # the name ends where no ASCII letter, digit, "-", "_" or "." follows (a Chinese character ends it: "安装过torch了")
        if words[-1] in " =>" or end == len(text) or not ((text[end].isalnum() and text[end].isascii())
                                                         or text[end] in "-_."):
            return True
        start = text.find(words, end)
    return False


def _install_ran(low: str, words: str) -> bool:
    """`words` (an install command, or words saying torch was installed) name torch in a sentence that says it was
    done: not advice ("Otherwise, `uv pip install torch` into the environment"), a question ("should I pip install
    torch?"), a condition ("if I pip install torch, ..."), nor a command whose own outcome is a failure ("pip install
    torch gives another error")."""
    if not _names_torch(low, words):
        return False
    at = low.find(words)
    start = max(low.rfind(stop, 0, at) for stop in (". ", "? ", "! ", "。", "？"))
    end = min((i for i in (low.find(stop, at) for stop in (". ", "? ", "! ", "。", "？")) if i >= 0), default=len(low))
    before, sentence = low[start + 1:at], low[start + 1:end + 1]
    if any(w in before for w in INSTALL_ADVICE_WORDS) or sentence.rstrip().endswith(("?", "？")):
        return False
    after = CLAUSE_BREAK.split(low[at + len(words):], 1)[0]
    return INSTALL_FAILED_AFTER.search(after) is None


def _import_said_to_work(prose: str) -> Optional[str]:
    """The module (or "" when none is named) of a clause of prose saying an import worked; None when no clause says
    so. A log or code line (a traceback frame, a prompt, an import statement alone) is not prose."""
    stripped = prose.lstrip()
    if stripped.startswith((">>>", "in [", "file ", "from ", "import ", "traceback", "#", "$")) or 'file "' in prose:
        return None
    for clause in CLAUSE_BREAK.split(prose):
        if not any(w in clause for w in IMPORT_SAID_WORDS):
            continue
        cleared = _without(clause, IMPORT_NO_ERROR)
        if any(w in clause for w in IMPORT_WORKS_WORDS) and not any(w in cleared for w in IMPORT_FAILS_WORDS):
            names = [n for m in IMPORT_NAMED.finditer(clause) for n in (m.group(1) or m.group(2),)
                     if n not in IMPORT_NOT_NAMES]
            return names[0] if names else ""
    return None


def _command_outcomes(prose: str, lineno: int) -> list[tuple[bool, int, frozenset[str]]]:
    """(works, line, commands) of each sentence of prose that names interpreter or pip commands and says one outcome:
    it works, or an import fails. A sentence saying both (the one-line "works with X, but Y fails" has a signature of
    its own) or neither says nothing here."""
    out = []
    for sentence in SENTENCE_END.split(prose):
        names = frozenset(re.sub(r"[ \t]|\.x$", "", m.group(1)) for m in NAMED_COMMAND.finditer(sentence))
        if not names:
            continue
        cleared = _without(sentence, IMPORT_NO_ERROR)
        works = any(w in sentence for w in COMMAND_WORKS_WORDS)
        fails = any(w in cleared for w in COMMAND_FAILS_WORDS) and any(w in sentence for w in COMMAND_IMPORT_WORDS)
        if works != fails:
            out.append((works, lineno, names))
    return out


def _commands_disagree(outcomes: list[tuple[bool, int, frozenset[str]]]) -> Optional[tuple[int, int]]:
    """(line where it works, line where the import fails) for two sentences naming different commands of one kind
    (python2 and python3, pip and pip3) with opposite outcomes; None when no such pair is said."""
    def kind(name: str) -> str:
        return "pip" if name.startswith("pip") else "python"

    for works, at, named in outcomes:
        if not works:
            continue
        for failed, failed_at, failed_named in outcomes:
            if failed:
                continue
            if any(kind(a) == kind(b) and a not in failed_named and b not in named
                   for a in named for b in failed_named):
                return at, failed_at
    return None


def _pip_version_python(low: str) -> Optional[str]:
    """X.Y of `pip --version`'s "pip 23.0.1 from /usr/lib/python3/site-packages/pip (python 3.11)"."""
    if not low.lstrip().startswith("pip ") or " from " not in low:
        return None
    at = low.rfind("(python ")
    if at < 0:
        return None
    inside = low[at + len("(python "):].split(")", 1)[0].strip()
    parts = inside.split(".")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    return f"{int(parts[0])}.{int(parts[1])}"


def _template_installed(low: str) -> bool:
    """The issue template's "How you installed PyTorch (conda, pip, source): pip3", answered with an installer."""
    at = low.find(TEMPLATE_INSTALLED)
    if at < 0:
        return False
    rest = low[at + len(TEMPLATE_INSTALLED):]
    colon = rest.rfind(":")
    answer = rest[colon + 1:] if colon >= 0 else ""
    return any(w in answer + " " for w in TEMPLATE_INSTALLERS)


def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """One search for any of `words`: the regex engine scans a line once in C, where a Python loop over forty
    words costs three times as much on every line of a long log."""
    return re.compile("|".join(re.escape(w) for w in words))


_NOTEBOOK = _any_of(NOTEBOOK_WORDS)
_CONTAINER = _any_of(CONTAINER_WORDS)
_ENVIRONMENT = _any_of(ENVIRONMENT_WORDS)
_OTHER_GPU = _any_of(OTHER_GPU_WORDS)
_NO_NVIDIA_GPU = _any_of(NO_NVIDIA_GPU_WORDS)
_NVIDIA_GPU = _any_of(NVIDIA_GPU_WORDS)
_CUDA_UNUSABLE = _any_of(CUDA_UNUSABLE_WORDS)
# The word lists read_context looks for on every line of a paste, each one search (a 6 MB log has 50,000 lines).
_BANG_PIP_SAID = _any_of(BANG_PIP_WORDS)
_BUILD_STEP_SAID = _any_of(BUILD_STEP_WORDS)
_EXTENSION_BUILD_SAID = _any_of(EXTENSION_BUILD_WORDS)
_NO_GPU_RAISED = _any_of(NO_GPU_RAISED_WORDS)
_CONDA_MIRROR_SAID = _any_of(CONDA_MIRROR_WORDS)
_CUDA_INSTALL_SAID = _any_of(CUDA_INSTALL_WORDS)
_CUDA_REQUEST_SAID = _any_of(CUDA_REQUEST_WORDS)
_EMBEDDED_RAN_SAID = _any_of(EMBEDDED_RAN_WORDS)
_EXECUTABLE_SAID = _any_of(EXECUTABLE_WORDS)
_FAILING_LABEL_SAID = _any_of(FAILING_LABEL_WORDS)
_FIXED_BY_SAID = _any_of(FIXED_BY_WORDS)
_GPU_WANTED_SAID = _any_of(GPU_WANTED_WORDS)
_IDE_SAID = _any_of(IDE_WORDS)
_INSTALL_SITE_SAID = _any_of(INSTALL_SITE_WORDS)
_NOT_FIXED_SAID = _any_of(NOT_FIXED_WORDS)
_NOT_RUN_SAID = _any_of(NOT_RUN_WORDS)
_PLATFORM_BUILD_SAID = _any_of(PLATFORM_BUILD_WORDS)
_PORTABLE_SAID = _any_of(PORTABLE_WORDS)
_PROCESSOR_SAID = _any_of(PROCESSOR_WORDS)
_PYPI_MIRROR_SAID = _any_of(PYPI_MIRROR_WORDS)
_ROCM_SAID = _any_of(ROCM_WORDS)
_RUN_SAID = _any_of(RUN_WORDS)
_SITE_PACKAGES_SAID = _any_of(SITE_PACKAGES_WORDS)
_STILL_SAID = _any_of(STILL_WORDS)
_SUDO_PYTHON_SAID = _any_of(SUDO_PYTHON_WORDS)
_TERMINAL_SAID = _any_of(TERMINAL_WORDS)
_TORCH_FRAME_SAID = _any_of(TORCH_FRAME_WORDS)
_TORCH_SWAPPED_SAID = _any_of(TORCH_SWAPPED_WORDS)
_USER_SITE_TOOLS_SAID = _any_of(USER_SITE_TOOLS)
WARNING_LINES_KEPT = 64  # Python warning lines kept (ingest.log_levels.python_warning_line)


def _place(found: dict, place: str, lineno: int, low: str) -> None:
    """Where a line names a place the program ran (an IDE, a terminal): whether it says it fails or works there.
    A failure word said in the negative ("不会报错", "without error") does not make a line that works a failure."""
    failing = any(w in _without(low, NEGATED_FAILING_WORDS) for w in IDE_FAILING_WORDS) \
        or low.lstrip(" :-").startswith(("not ", "never "))  # the clause after a "but": "..., but not from PyCharm"
    if failing:
        found.setdefault(place + "_failing", lineno)
    elif any(w in low for w in PLACE_WORKS_WORDS):
        found.setdefault(place + "_works", lineno)


def _with_wrapped_sentence(low: str, lines: list[tuple[int, str]], index: int) -> str:
    """A line of prose with the rest of its sentence when the paste wraps it ("importing it in the terminal" /
    "gives no problem, but VS Code" / "can't find it"): the line does not end a sentence and the next one goes on in
    lower case. A log line, or a line that ends in a stop, is read alone."""
    end = low.rstrip()
    if not end or end.endswith((".", ":", "!", "?", "。", "：", ")", "]")) or index + 1 >= len(lines):
        return low
    following = lines[index + 1][1].strip()
    if not following[:1].islower() or not following[:1].isascii():
        return low
    return end + " " + following.lower()


def _without(text: str, phrases: tuple[str, ...]) -> str:
    for phrase in phrases:
        if phrase in text:
            text = text.replace(phrase, " ")
    return text


# A +cuXXX version on these lines is asked for; elsewhere (pip's "already satisfied", a printed
# torch.__version__) it is only what is installed.
PIN_REQUEST_WORDS = ("install", "==", "collecting", "satisfies the requirement")
PIN_INSTALLED_WORDS = ("already satisfied",)


def _asks_for_build(low: str) -> bool:
    return any(w in low for w in PIN_REQUEST_WORDS) and not any(w in low for w in PIN_INSTALLED_WORDS)


PROCESSOR_LINES_KEPT = 400  # lines naming the CPU or the GPU kept for the reading of gpu_wish


def read_context(lines: Iterable[tuple[int, str]]) -> PasteContext:
    found: dict[str, int] = {}
    site_python: Optional[str] = None
    pip_pythons: list[tuple[int, str]] = []
    pip_lines: list[tuple[int, str]] = []
    retries_kept = 0  # pip's retry warnings (an index it could not reach) among them, a few at most
    platform_lines: list[tuple[int, str]] = []
    imported: list[tuple[int, str]] = []
    executables: list[tuple[int, str]] = []
    satisfied: list[tuple[int, str]] = []
    fix_lines: list[int] = []  # lines saying a step fixed the problem
    cuda_installs: list[int] = []  # lines installing a CUDA build of torch
    install_sites: list[tuple[int, str]] = []
    search_paths: list[tuple[int, frozenset[str]]] = []
    installs: list[tuple[int, str, bool]] = []  # (line, distribution, the line says the import still fails)
    said_missing: Optional[tuple[int, str]] = None  # a module said missing in words
    warning_lines: list[int] = []
    missing_name: Optional[str] = None
    command_outcomes: list[tuple[bool, int, frozenset[str]]] = []  # (works, line, commands named)
    torch_frame: Optional[int] = None
    pending_import: Optional[tuple[int, str]] = None  # an interactive import whose outcome is the next line
    executable_until = 0  # lines up to this one may hold the path a sys.executable / which python printed
    last_build: Optional[int] = None  # the latest build step or install that builds from source, with no run after it
    extension_build: Optional[int] = None  # the latest build of an extension (setup.py install, pip wheel, --cuda_ext)
    no_gpu_line: Optional[int] = None  # torch found no driver or no GPU
    program_ran = False  # a program (not pip, not setup.py) ran somewhere in the paste
    activated: Optional[tuple[int, str]] = None  # the latest environment activated by name
    activation_ignored: Optional[tuple[int, int]] = None
    uv_install: Optional[tuple[int, tuple[str, ...]]] = None  # a `uv pip install` waiting for uv's "Audited" answer
    processor_lines: list[tuple[int, str]] = []  # lines naming the CPU or the GPU, for gpu_wish
    lines = list(lines)
    for index, (lineno, line) in enumerate(lines):
        low = line.lower()
        if len(processor_lines) < PROCESSOR_LINES_KEPT and ("cpu" in low or "gpu" in low or " card" in low):
            processor_lines.append((lineno, low))
        retry = "retrying (retry(" in low
        if len(pip_lines) < PIP_LINES_KEPT and ("satisfies the requirement" in low or "download.pytorch.org/whl" in low
                                                or "yanked versions" in low or "looking in indexes:" in low
                                                or "no-binary" in low or PIP_OTHER_PYTHON in low
                                                or (retry and retries_kept < PIP_RETRIES_KEPT)):
            retries_kept += retry
            pip_lines.append((lineno, joined(lines, index) if "satisfies the requirement" in low else line[:4000]))
        if len(platform_lines) < PLATFORM_LINES_KEPT and _PLATFORM_BUILD_SAID.search(low):
            platform_lines.append((lineno, line[:1000]))
        if pending_import is not None:
            stripped = low.strip()
            if stripped:
                if stripped.startswith(IMPORT_WORKED) or stripped[0].isdigit():
                    if len(imported) < 16:
                        imported.append(pending_import)
                pending_import = None
        if (">>>" in low or "in [" in low) and ("import" in low or "from" in low):
            repl = REPL_IMPORT.match(low)
            if repl is not None:
                pending_import = (lineno, repl.group(1))
        if (last_build is not None or extension_build is not None or not program_ran) and "python" in low \
                and _RUN_SAID.search(low) and not _NOT_RUN_SAID.search(low):
            last_build = extension_build = None  # a program ran after the build: what it cannot import is its own
            program_ran = True
        if ("setup.py" in low or "wheel" in low or "_ext" in low or "extension" in low or "force_cuda" in low) \
                and _EXTENSION_BUILD_SAID.search(low):
            extension_build = lineno
        if no_gpu_line is None and ("nvidia driver" in low or "no cuda gpus" in low) and _NO_GPU_RAISED.search(low):
            no_gpu_line = lineno
            build = max(b for b in (last_build, extension_build, -1) if b is not None)
            if build >= 0 and lineno - build <= BUILD_REACH:
                found["no_gpu_in_build"] = lineno
        if ("install" in low or "build" in low or "egg_info" in low or "pip-" in low or "[end of output]" in low) \
                and (_BUILD_STEP_SAID.search(low) or ("install" in low and BUILD_COMMAND.search(low))):
            last_build = lineno
        if "py_launcher" not in found and (".py" in low or "py -m" in low) and PY_LAUNCHER_RUN.search(low):
            found["py_launcher"] = lineno
        if "python2_import" not in found and "importerror: no module named" in low and PYTHON2_IMPORT_ERROR.search(low):
            found["python2_import"] = lineno
        if "python3_named" not in found and "py" in low and PYTHON3_NAMED.search(low):
            found["python3_named"] = lineno
        if "module_missing" not in found and "no module named" in low:
            module = _missing_module(low)
            if module is not None:
                found["module_missing"] = lineno
                missing_name = module
                if last_build is not None and lineno - last_build <= BUILD_REACH:
                    found["build_import"] = lineno
        if ("python" in low or "executable" in low) and _EXECUTABLE_SAID.search(low):
            executable_until = lineno + 2
        if "activate" in low:
            activation = ACTIVATE.search(low)
            if activation is not None:
                name = activation.group(1) or activation.group(2)
                activated = None if name in ("base", "root", "deactivate") else (lineno, name)
        if lineno <= executable_until and "python" in low and len(executables) < 8:
            path = EXECUTABLE.search(low)
            if path is not None:
                executables.append((lineno, path.group(0).replace("\\\\", "\\")))
                if activated is not None and activation_ignored is None and lineno > activated[0] \
                        and activated[1] not in path.group(0):
                    activation_ignored = (activated[0], lineno)
        if "build_step" not in found and ("build" in low or "pip-" in low or "[end of output]" in low
                                          or "egg_info" in low or "metadata" in low) \
                and _BUILD_STEP_SAID.search(low):
            found["build_step"] = lineno
        prose = _with_wrapped_sentence(low, lines, index)
        ide = _IDE_SAID.search(prose) is not None
        terminal = _TERMINAL_SAID.search(prose) is not None
        if ide and terminal:
            # "在 VS Code 里能跑，终端里运行就报错": each clause names its own place; a clause that names none goes
            # on about the last one named.
            place = None
            for clause in CLAUSE_BREAK.split(prose):
                if _IDE_SAID.search(clause):
                    place = "ide"
                elif _TERMINAL_SAID.search(clause):
                    place = "terminal"
                if place is not None:
                    _place(found, place, lineno, clause)
        elif ide or terminal:
            _place(found, "ide" if ide else "terminal", lineno, prose)
        if "system_shebang" not in found and "#!" in low and SYSTEM_SHEBANG.match(low):
            found["system_shebang"] = lineno
        if len(command_outcomes) < 16 and ("python" in prose or "pip" in prose or "py -" in prose) \
                and 'file "' not in prose and "site-packages" not in prose:
            command_outcomes.extend(_command_outcomes(prose, lineno))
        if "import_works" not in found and ("import" in prose or "导入" in prose):
            named = _import_said_to_work(prose)
            if named is not None:
                found["import_works"], found["import_works_module"] = lineno, named
        if 'file "' in low and _TORCH_FRAME_SAID.search(low):
            torch_frame = lineno
        if "install" in low and len(installs) < INSTALLED_KEPT:
            command = INSTALL_COMMAND.search(low)
            if command is not None:
                still = _STILL_SAID.search(low) is not None
                installs.extend((lineno, name, still) for name in _installed_names(command.group(1))
                                [:INSTALLED_KEPT - len(installs)])
                if "bang_pip" not in found and _BANG_PIP_SAID.search(low):
                    found["bang_pip"] = lineno
        if said_missing is None and ("missing" in low or "not found" in low or "import" in low):
            said = SAID_MISSING.search(low)
            if said is not None and said.group(1) not in NOT_MODULES_SAID_MISSING:
                said_missing = (lineno, said.group(1) or said.group(2))
        if "warning: " in low and len(warning_lines) < WARNING_LINES_KEPT and python_warning_line(line):
            warning_lines.append(lineno)
        if len(install_sites) < 8 and ("-packages" in low) and _INSTALL_SITE_SAID.search(low):
            site = site_packages_python(line)
            if site is not None:
                install_sites.append((lineno, site))
        if len(search_paths) < 8 and "-packages" in low and low.lstrip(" >").startswith("[") and "'" in low:
            sites = frozenset(SEARCH_PATH_SITE.findall(line))
            if sites:
                search_paths.append((lineno, sites))
        uv_install, audited = uv_audited_installs(low, uv_install, lineno, _installed_names)
        satisfied.extend(audited[:64 - len(satisfied)])
        if "python_upgraded" not in found and python_upgraded(low):
            found["python_upgraded"] = lineno
        if "already satisfied" in low and len(satisfied) < 64:
            dist = SATISFIED.search(low)
            if dist is not None:
                satisfied.append((lineno, dist.group(1).replace("_", "-")))
        for name, words in (("notebook", _NOTEBOOK), ("container", _CONTAINER),
                            ("environment", _ENVIRONMENT), ("other_gpu", _OTHER_GPU)):
            if name in found:
                continue
            text = _without(low, NOT_ENVIRONMENT) if name == "environment" else \
                _without(low, NOT_OTHER_GPU) if name == "other_gpu" else low
            if not words.search(text):
                continue
            # an issue template's question answered no ("是否使用 Docker 部署（是/否）：否", "Docker: no") states
            # nothing; asked only of a line that names something (a log's every line has a "/" or a ":")
            if unaffirmed_choice(low) or (name == "container" and not words.search(without_denied_container(low))):
                continue
            found[name] = lineno
        if "container" not in found and "@" in low and CONTAINER_PROMPT.search(low):
            found["container"] = lineno
        if "other_gpu" not in found and ("rx" in low or "amd" in low) and AMD_RX_MODEL.search(low):
            found["other_gpu"] = lineno
        if "no_nvidia_gpu" not in found and ("cpu" in low or "gpu" in low or "卡" in low or "nvidia" in low) \
                and _NO_NVIDIA_GPU.search(_without(low, NOT_NO_NVIDIA_GPU)):
            found["no_nvidia_gpu"] = lineno
        if "nvidia_gpu_named" not in found and _NVIDIA_GPU.search(low):
            found["nvidia_gpu_named"] = lineno
        if "rocm" not in found and ("rocm" in low or "hip" in low or "hsa" in low) and _ROCM_SAID.search(low):
            found["rocm"] = lineno
        # pip's answer retold in prose ("it says requirement already satisfied"), not pip's own line ("...: x in ...")
        if "package_said_installed" not in found and ("install" in low or "装" in low
                                                     or ("already satisfied" in low and "satisfied:" not in low)):
            at = next((low.find(w) for w in PACKAGE_SAID_INSTALLED_WORDS if w in low), -1)
            if at >= 0 and not any(w in low[max(0, at - 16):at] for w in NOT_SAID_INSTALLED):
                found["package_said_installed"] = lineno
        for name, said in (("sudo_python", _SUDO_PYTHON_SAID), ("portable", _PORTABLE_SAID),
                           ("embedded_ran", _EMBEDDED_RAN_SAID), ("cuda_requested", _CUDA_REQUEST_SAID)):
            if name not in found and said.search(low):
                found[name] = lineno
        # Install-side words: one cheap look for what every word of a group holds, then the group.
        if "torch" in low or "cuda" in low or "+cu" in low:
            for name, words in (("conda_cuda_spec", CONDA_CUDA_SPEC_WORDS), ("cuda_pin", CUDA_PIN_WORDS),
                                ("pytorch_index", PYTORCH_INDEX_WORDS)):
                if name not in found and any(w in low for w in words) \
                        and (name != "cuda_pin" or _asks_for_build(low)):
                    found[name] = lineno
            if "torch_install" not in found and (any(_install_ran(low, w) for w in TORCH_INSTALL_WORDS)
                                                 or all(w in low for w in INSTALLED_TORCH)
                                                 or _template_installed(low) or _said_installed(low)):
                found["torch_install"] = lineno
        if "pypi_mirror" not in found and ("pypi" in low or "mirror" in low or "源" in low or "镜像" in low) \
                and _PYPI_MIRROR_SAID.search(low) and not _CONDA_MIRROR_SAID.search(low):
            found["pypi_mirror"] = lineno
        if "failing_label" not in found and ("fail" in low or "work" in low or "broken" in low or "失败" in low
                                             or "不能用" in low or "有问题" in low) \
                and _FAILING_LABEL_SAID.search(low):
            found["failing_label"] = lineno
        if "(python " in low and len(pip_pythons) < 8:
            pip_python = _pip_version_python(low)
            if pip_python is not None:
                pip_pythons.append((lineno, pip_python))
        if "cpu_torch" not in found and "torch" in low and ("cpu" in low or "cuda" in low) and _says_cpu_torch(low):
            found["cpu_torch"] = lineno
            if _TORCH_SWAPPED_SAID.search(low):
                found["cpu_torch_swapped"] = lineno
        if len(fix_lines) < 16 and _FIXED_BY_SAID.search(low) and not _NOT_FIXED_SAID.search(low):
            fix_lines.append(lineno)
        if len(cuda_installs) < 16 and "install" in low and ("torch" in low or "pytorch" in low) \
                and _CUDA_INSTALL_SAID.search(low):
            cuda_installs.append(lineno)
        if "cuda_unusable" not in found and _PROCESSOR_SAID.search(low) \
                and (_CUDA_UNUSABLE.search(low) or CUDA_FALSE_LABEL.search(low) or CUDA_UNUSABLE_ZH.search(low)
                     or GPU_IDLE.search(low) or GPU_NOT_USED.search(low) or GPU_UNUSED_ZH.search(low)):
            found["cuda_unusable"] = lineno
        if "gpu_wanted" not in found and ("cuda" in low or "nvidia" in low or "device" in low or "gpu" in low) \
                and _GPU_WANTED_SAID.search(low):
            found["gpu_wanted"] = lineno
        if "site_packages" not in found and _SITE_PACKAGES_SAID.search(low) \
                and not _EMBEDDED_RAN_SAID.search(low):
            found["site_packages"] = lineno
        if "user_site" not in found and USER_SITE in line and not _USER_SITE_TOOLS_SAID.search(low) \
                and not USER_SITE_PLUGIN_DIR.search(line):
            match = USER_SITE_VERSION.search(line)
            if match:
                found["user_site"] = lineno
                site_python = match.group(1)
    if "cuda_unusable" not in found:  # the work on the CPU, and the GPU asked for elsewhere in the paste
        cpu_line = cpu_used_gpu_wished(processor_lines)
        if cpu_line is not None:
            found["cuda_unusable"] = cpu_line
    # the fix that worked: a CUDA build's install on a line that says it fixed things, or up to 3 lines after such words
    # ("What fixed it:" above the command) or 2 lines before them ("... and now it works" below it)
    cuda_build_fixed = next((at for at in cuda_installs if any(-2 <= at - fixed <= 3 for fixed in fix_lines)), None)
    missing_line = found.get("module_missing")
    if missing_name is None and said_missing is not None \
            and said_missing[1] in {name.split("-", 1)[0] for _, name, _ in installs}:
        # no "No module named", but the paste says a module it installed is missing
        missing_line, missing_name = said_missing
    # an install before the failing import is evidence in a notebook (whose kernel need not be the pip's Python);
    # elsewhere only when the paste says the import fails all the same (pip's output, when shown, speaks for itself)
    installed = tuple((at, name) for at, name, still in installs
                      if missing_line is not None and (still or (at < missing_line and "notebook" in found)))
    return PasteContext(notebook=found.get("notebook"), container=found.get("container"),
                        user_site=found.get("user_site"), user_site_python=site_python,
                        environment=found.get("environment"), other_gpu=found.get("other_gpu"),
                        rocm=found.get("rocm"),
                        no_nvidia_gpu=found.get("no_nvidia_gpu"),
                        nvidia_gpu_named=found.get("nvidia_gpu_named"),
                        sudo_python=found.get("sudo_python"),
                        package_said_installed=found.get("package_said_installed"),
                        portable=found.get("portable"), embedded_ran=found.get("embedded_ran"),
                        cuda_requested=found.get("cuda_requested"), cuda_build_fixed=cuda_build_fixed,
                        conda_cuda_spec=found.get("conda_cuda_spec"),
                        torch_install=found.get("torch_install"), pypi_mirror=found.get("pypi_mirror"),
                        cuda_pin=found.get("cuda_pin"), pytorch_index=found.get("pytorch_index"),
                        cuda_unusable=found.get("cuda_unusable"), gpu_wanted=found.get("gpu_wanted"),
                        cpu_torch=found.get("cpu_torch"), cpu_torch_swapped=found.get("cpu_torch_swapped"),
                        pip_pythons=tuple(pip_pythons), failing_label=found.get("failing_label"),
                        pip_lines=tuple(pip_lines), platform_lines=tuple(platform_lines),
                        module_missing=missing_line, build_step=found.get("build_step"),
                        build_import=found.get("build_import"),
                        no_gpu_in_build=found.get("no_gpu_in_build") or (
                            no_gpu_line if no_gpu_line is not None and extension_build is not None and not program_ran
                            else None),
                        ide_failing=found.get("ide_failing"), ide_works=found.get("ide_works"),
                        terminal_works=found.get("terminal_works"), terminal_failing=found.get("terminal_failing"),
                        torch_frame=torch_frame, import_works=found.get("import_works"),
                        commands_disagree=_commands_disagree(command_outcomes),
                        system_shebang=found.get("system_shebang"),
                        import_works_module=found.get("import_works_module") or None,
                        missing_module=missing_name,
                        py_launcher=found.get("py_launcher"), python2_import=found.get("python2_import"),
                        python3_named=found.get("python3_named"),
                        imported_modules=tuple(imported), executables=tuple(executables),
                        satisfied=tuple(satisfied), install_sites=tuple(install_sites),
                        search_paths=tuple(search_paths),
                        installed=installed, bang_pip=found.get("bang_pip"),
                        activation_ignored=activation_ignored, warning_lines=tuple(warning_lines),
                        site_packages=found.get("site_packages") if "portable" in found else None,
                        python_upgraded=found.get("python_upgraded"))
