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

NOTEBOOK_WORDS = ("jupyter", "ipykernel", "ipython-input", "notebook", "cell in [", "kernel of")
CONTAINER_WORDS = ("docker", "container", "podman", "singularity", "apptainer", "kubernetes")
USER_SITE = "/.local/lib/python"
# The Python version of a user site-packages path: literal-prefixed, bounded.
_USER_SITE_VERSION = re.compile(r"/\.local/lib/python(\d\.\d{1,2})/site-packages")
# Words that name an environment set up on purpose (the one the user meant to run).
ENVIRONMENT_WORDS = ("venv", "virtualenv", "conda", "jupyter", "ipykernel", "kernel", "environment", "env ")
# Phrases that hold one of those words without naming such an environment: an environment variable
# (torch's "CUDA_HOME environment variable is not set", raised as EnvironmentError), the operating
# system's kernel, a CUDA kernel ("no kernel image is available"). They are blanked before the look.
NOT_ENVIRONMENT = ("environment variable", "environmenterror", "env var", "kernel image", "kernel module",
                   "kernel version", "kernel driver", "linux kernel", "kernel:", "kernel mode", "kernels")
# GPUs that are not NVIDIA's, by the names drivers, device listings and their owners give them. CUDA
# builds of torch cannot use them whatever is installed.
# ("A卡", the slang for an AMD card, is left out: "cuda卡住" and "nvidia卡" hold the same two characters.)
OTHER_GPU_WORDS = ("radeon", "amd gpu", "amd graphics", "amd card", "amd video card", "amd rx", "amd显卡", "amd 显卡",
                   "amd的显卡", "intel(r) uhd", "intel uhd", "intel(r) hd graphics", "intel hd graphics", "intel hd ",
                   "intel(r) iris", "intel iris", "iris xe", "xe graphics", "intel graphics", "intel arc",
                   "integrated gpu", "integrated graphics", "集成显卡", "核显", "集显",
                   "apple m1", "apple m2", "apple m3", "apple m4", "mac m1", "mac m2", "mac m3", "mac m4",
                   "m1 mac", "m2 mac", "m3 mac", "m4 mac", "apple silicon", "macbook", "macos", "mac os", "osx",
                   # a template's "OS: mac 13.0" line, and Chinese prose naming the Mac
                   "os: mac", "苹果电脑", "mac电脑", "mac 电脑")
# AMD's own GPU stack named (ROCm, HIP, a ROCm index of PyTorch): the AMD GPU is meant to be used through it, so
# it is not "a GPU that CUDA builds cannot use" but the GPU of the setup.
ROCM_WORDS = ("rocm", "hip_visible_devices", "hsa_override_gfx_version", "rocminfo", "torch.version.hip")
# The reporter saying the machine has no NVIDIA GPU, or that it runs on the CPU ("电脑没有N卡", "用的是cpu",
# "I don't have an NVIDIA GPU"): strong phrases only; a bare "没有显卡" is also what nvidia-smi's failures are
# described with.
NO_NVIDIA_GPU_WORDS = ("没有n卡", "没有 n 卡", "没有n显卡", "没有nvidia显卡", "没有 nvidia 显卡", "没有英伟达显卡",
                       "没有独显", "没有独立显卡", "用的是cpu", "用的是 cpu", "只有cpu", "只有 cpu", "只用cpu", "只用 cpu",
                       "纯cpu", "纯 cpu", "don't have an nvidia", "do not have an nvidia", "don't have a gpu",
                       "do not have a gpu", "don't have any gpu", "no nvidia gpu", "without a gpu", "has no gpu",
                       "cpu-only machine", "cpu only machine", "cpu-only laptop", "cpu-only server")
# The CPU build of torch is a different matter (torch_cpu_only): "用的是cpu版本的torch".
NOT_NO_NVIDIA_GPU = ("cpu版", "cpu 版", "cpu version", "cpu build", "cpu-only build", "cpu only build", "cpu-only torch",
                     "cpu only torch", "cpu-only version", "cpu only version")
# Wheel file names and platform tags pip prints for other platforms name macOS without the paste running there.
NOT_OTHER_GPU = ("macosx_", "macosx-", "-macos", "_macos")
# An AMD Radeon model number said without the brand ("RX 580", "rx6600 xt"): bounded, literal-prefixed.
_AMD_RX_MODEL = re.compile(r"(?<![a-z0-9])rx ?(?:4[6-9]0|5[5-9]0|5[5-7]00|6[4-9]00|7[6-9]00|90[67]0)(?![0-9])")
# An NVIDIA GPU named by its model: with one, a non-NVIDIA GPU in the paste is a second adapter (a laptop's
# integrated graphics beside its GeForce), not the only GPU.
NVIDIA_GPU_WORDS = ("geforce", "quadro", "tesla ", "titan ", "rtx", "gtx", "nvidia a100", "nvidia h100", "nvidia l4",
                    "jetson")
# A Python started through sudo: root's PATH and site-packages, not the user's environment.
# A script run through sudo ("sudo bash train.sh", "sudo sh ./run.sh") runs its python the same way.
SUDO_PYTHON_WORDS = ("sudo python", "sudo -e python", "sudo -h python", "sudo -e pip", "sudo pip", "sudo bash ",
                     "sudo sh ", "sudo -e bash ", "sudo -e sh ")
# An IDE that runs code with the interpreter chosen in its settings (a project interpreter, a selected one), and words
# on the same line saying something fails there ("does not work in PyCharm", "Spyder cannot import torch").
IDE_WORDS = ("pycharm", "vs code", "vscode", "visual studio code", "spyder", "thonny")
IDE_FAILING_WORDS = ("not work", "n't work", "cannot", "can't", "can not", "fail", "error", "no module", "not found",
                     "unresolved", "could not be resolved", "报错", "找不到", "不能", "失败")
# A portable / standalone build that ships its own Python (ComfyUI's python_embeded, WebUI packages).
PORTABLE_WORDS = ("python_embeded", "python_embedded", "embedded python", "portable", "standalone")
# Paths that show the portable build's own Python ran (then a missing module is missing there), also printed
# escaped, with doubled backslashes (a Python repr, JSON, a compiler's source location).
EMBEDDED_RAN_WORDS = ("python_embeded\\python", "python_embeded/python", "python_embeded\\lib",
                      "python_embeded/lib", "python_embedded\\python", "python_embedded/python",
                      "python_embedded\\lib", "python_embedded/lib", "python_embeded\\\\python",
                      "python_embeded\\\\lib", "python_embedded\\\\python", "python_embedded\\\\lib")
# A CUDA build asked for by name: a conda spec (cudatoolkit=11.3, pytorch-cuda=12.1), a PyTorch CUDA index or a
# +cuXXX pin. Literal substrings; the version that follows does not matter here.
CUDA_REQUEST_WORDS = ("cudatoolkit", "pytorch-cuda", "download.pytorch.org/whl/cu", "download.pytorch.org/whl/nightly/cu",
                      "+cu1", "+cu9", "+cu8")
# conda asked for a CUDA build of pytorch by spec: its solver falls back to the CPU build without a word when
# no CUDA build of that release matches the spec (cudatoolkit=11.3 for pytorch 1.9, a cpuonly left in the env).
CONDA_CUDA_SPEC_WORDS = ("cudatoolkit=", "cudatoolkit==", "pytorch-cuda=", "- cudatoolkit", "- pytorch-cuda")
# torch put in place by the paste's own commands, or pip saying it is there: "No module named 'torch'" after
# one of them (and no failed install) means the Python that ran is not the one torch went into.
TORCH_INSTALL_WORDS = ("pip install torch", "pip3 install torch", "pip install -u torch", "pip install --upgrade torch",
                       "pip3 install -u torch", "pip3 install --upgrade torch", "pip install --pre torch",
                       "conda install pytorch", "conda install -c pytorch pytorch", "mamba install pytorch",
                       # conda's own names of torch builds in their time (the nightly and the CPU-only package)
                       "conda install pytorch-nightly", "conda install pytorch-cpu",
                       "conda install -c pytorch pytorch-nightly", "conda install -c pytorch pytorch-cpu",
                       "requirement already satisfied: torch ", "requirement already satisfied: torch==",
                       "requirement already satisfied: torch>",
                       # said in words: "I installed pytorch", "have installed torch", "已经安装了torch"
                       "i installed pytorch", "i installed torch", "i have installed pytorch", "i have installed torch",
                       "i've installed pytorch", "i've installed torch", "already installed pytorch",
                       "already installed torch", "已经安装了torch", "已经安装了pytorch", "已安装torch", "已安装pytorch",
                       "明明安装了torch", "明明安装了pytorch")
# The same said of torch rather than of oneself ("torch is installed, but ...", "I have torch installed"); not
# after a word that makes it a condition or a request ("make sure torch is installed", "check whether ...").
TORCH_SAID_INSTALLED_WORDS = ("torch is installed", "torch is already installed", "torch has been installed",
                              "torch was installed", "have torch installed", "have pytorch installed",
                              "torch is definitely installed", "torch is installed already")
_NOT_SAID_INSTALLED = ("sure", "whether", "if ", "check", "verify", "ensure", "not sure", "unless", "until",
                       "need", "must", "should", "please", "how ")
# pip's "Successfully installed a-1 torch-2.1.0 b-2": the word and the distribution on one line.
_INSTALLED_TORCH = ("successfully installed", " torch-")
# PyTorch's issue template asks "How you installed PyTorch (conda, pip, source): ..."; an answer naming an installer
# says torch was installed (an empty answer, "N/A" or a question left unanswered says nothing).
_TEMPLATE_INSTALLED = "how you installed pytorch"
_TEMPLATE_INSTALLERS = ("pip", "conda", "source", "wheel", ".whl", "mamba", "uv ")
# A PyPI mirror (they carry PyPI's files only, never the +cuXXX builds of the PyTorch index), named by its host or,
# in Chinese prose, by its usual short name.
PYPI_MIRROR_WORDS = ("pypi.tuna.tsinghua.edu.cn", "mirrors.tuna.tsinghua.edu.cn/pypi", "mirrors.aliyun.com/pypi",
                     "pypi.douban.com", "pypi.mirrors.ustc.edu.cn", "mirrors.ustc.edu.cn/pypi",
                     "mirrors.bfsu.edu.cn/pypi", "mirrors.cernet.edu.cn/pypi", "repo.huaweicloud.com/repository/pypi",
                     "mirrors.cloud.tencent.com/pypi", "清华源", "清华镜像", "阿里源", "阿里云镜像", "豆瓣源", "中科大源",
                     "tsinghua mirror", "aliyun mirror", "tsinghua", "清华", "aliyun", "阿里", "中科大", "豆瓣")
# The same hosts mirror conda's channels too (".../anaconda/cloud/pytorch", ".../anaconda/pkgs/main"): those carry
# conda's builds of pytorch, CUDA ones among them, so a line naming one is not a PyPI mirror.
CONDA_MIRROR_WORDS = ("/anaconda/cloud", "/anaconda/pkgs", "/anaconda/")
# A torch build only the PyTorch index serves (+cu118), and that index itself.
CUDA_PIN_WORDS = ("+cu1", "+cu9", "+cu8")
PYTORCH_INDEX_WORDS = ("download.pytorch.org",)
# How many of pip's requirement / index lines are kept for ingest.pip_offer (a log may repeat them thousands of times).
PIP_LINES_KEPT = 24
# A CPU build of torch named in words on a line that names torch: what a mirror or pip's default gave.
CPU_TORCH_WORDS = ("cpu build", "cpu version", "cpu-only", "cpu only", "cpu版", "cpu 版", "+cpu")
# A label that says which of several environments in the paste is the failing one ("env2 (fails):",
# "non-working environment", "不能用的环境"); read only when the paste shows several environments and no error.
FAILING_LABEL_WORDS = ("(fails)", "(failing)", "(broken)", "(not working)", "non-working", "not-working",
                       "fails:", "failing:", "broken:", "not working:", "doesn't work:", "does not work:",
                       "（失败）", "(失败)", "不能用的", "有问题的环境")
# Words saying torch cannot use CUDA at all (not a traceback: what people write when no error is shown).
CUDA_UNUSABLE_WORDS = ("can't run on cuda", "cannot run on cuda", "can not run on cuda", "can't use cuda",
                       "cannot use cuda", "can't use the gpu", "cannot use the gpu", "doesn't use the gpu",
                       "does not use the gpu", "not using the gpu", "only uses the cpu", "only runs on the cpu",
                       "only runs on cpu", "cuda is not available", "cuda not available", "cuda is unavailable",
                       "is_available() returns false", "is_available() is false", "is_available() return false",
                       "is_available() returning false", "is_available() gives false", "is_available() still false",
                       "is_available()返回false", "is_available()发现是false", "is_available() 返回 false",
                       "用不了gpu", "用不了显卡", "只能用cpu", "只用cpu", "无法使用gpu", "无法使用cuda",
                       # what applications print when torch sees no GPU and they carry on on the CPU
                       "is_available() returned false", "no gpu has been detected", "no gpu was detected",
                       "no gpu detected", "falling back to cpu", "fall back to cpu", "fell back to cpu",
                       "not able to use gpu", "using cpu-only torch", "回退到cpu", "退回cpu",
                       # Whisper's warning when torch gave it no CUDA device (its default is CUDA when available)
                       "fp16 is not supported on cpu",
                       # and what people retell of it
                       "it uses the cpu", "uses the cpu instead", "runs on the cpu instead", "running on cpu instead",
                       "generates on cpu", "generation runs on the cpu", "cpu instead of the gpu", "cpu instead of gpu",
                       "cpu instead of my gpu", "does not find the gpu", "doesn't find the gpu", "won't find my gpu",
                       "wont find my gpu", "does not find my gpu", "doesn't find my gpu",
                       # Whisper's and EasyOCR's notices when torch runs on the CPU, and a half-precision CPU kernel
                       # that does not exist ("slow_conv2d_cpu" not implemented for 'Half'): the model is on the CPU
                       "neither cuda nor mps are available", "defaulting to cpu",
                       "not implemented for 'half'",
                       # frameworks refusing a GPU setting because torch sees no CUDA device (Lightning, accelerate,
                       # transformers' Trainer)
                       "gpuaccelerator can not run on your system", "no supported gpu backend found",
                       "mixed precision requires a gpu", "can only be used on cuda devices")
# A site-packages path in pip's or Python's output: where a package was installed or imported from.
SITE_PACKAGES_WORDS = ("\\site-packages", "/site-packages")


# A module Python could not import: "No module named 'cv2'" (Python 3), "No module named cv2" (Python 2, and
# `python -m`, which names its interpreter: "/usr/bin/python: No module named torch.distributed"). Bounded.
_MISSING_MODULE = re.compile(r"no module named (')?([a-z_][a-z0-9_]{0,60}(?:\.[a-z_][a-z0-9_]{0,60}){0,4})")
# An interactive import: ">>> import cv2", "In [3]: import torch as t", ">>> from ultralytics import YOLO".
_REPL_IMPORT = re.compile(r"^\s{0,8}(?:>>>|in \[\d{1,4}\]:)\s{0,4}(?:import|from)\s{1,4}([a-z_][a-z0-9_]{0,60})")
# What the line after an import that worked starts with: the next prompt, or a value the session printed.
_IMPORT_WORKED = (">>>", "in [", "out[", "'", '"', "<module", "true", "false", "tensor(", "...")
# An interpreter's path as sys.executable, `which python` or `where python` print it ("'C:\\...\\envs\\py36\\python.exe'",
# "/usr/bin/python3.5"): literal-prefixed, bounded.
_EXECUTABLE = re.compile(r"(?:[a-z]:\\{1,2}|/)(?:[^'\"\s\\/]{1,80}(?:\\{1,2}|/)){0,12}python(?:\d(?:\.\d{1,2})?)?(?:\.exe)?(?=['\"\s]|$)")
_EXECUTABLE_WORDS = ("sys.executable", "which python", "where python", "which python3", "where python3")
# pip's "Requirement already satisfied: opencv-python==3.2.0.6 in /home/.../site-packages": the distribution.
_SATISFIED = re.compile(r"requirement already satisfied: ([a-z0-9][a-z0-9._-]{0,60})")
# pip's (or uv's) build step of a package: the build runs in its own isolated environment, so what pip says is
# installed is not what that build can import.
BUILD_STEP_WORDS = ("getting requirements to build", "pip-build-env-", "builds-v0", "[end of output]",
                    "preparing metadata", "building wheel for", "egg_info did not run", "the build backend returned",
                    "<pip-setuptools-caller>", "pip-install-")
# Modules whose distribution has another name (the rest are installed under their own name).
MODULE_DISTRIBUTIONS = {"cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python",
                                "opencv-contrib-python-headless"),
                        "pil": ("pillow",), "yaml": ("pyyaml",), "sklearn": ("scikit-learn",),
                        "skimage": ("scikit-image",), "attr": ("attrs",), "git": ("gitpython",)}


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
    portable: Optional[int] = None  # a portable / standalone build with its own Python is named
    embedded_ran: Optional[int] = None  # a path inside that build's own Python (it is the one that ran)
    cuda_requested: Optional[int] = None  # a CUDA build of torch asked for (conda spec, CUDA index, +cuXXX pin)
    site_packages: Optional[int] = None  # with a portable build named: a site-packages path outside its Python
    conda_cuda_spec: Optional[int] = None  # a conda spec asks for CUDA (cudatoolkit=11.3, pytorch-cuda=12.1)
    torch_install: Optional[int] = None  # torch installed by a command of the paste, or pip says it is installed
    pypi_mirror: Optional[int] = None  # a PyPI mirror is named (TUNA, Aliyun, USTC, ...)
    cuda_pin: Optional[int] = None  # a +cuXXX torch build is asked for
    pytorch_index: Optional[int] = None  # the PyTorch index (download.pytorch.org) is named
    cuda_unusable: Optional[int] = None  # words say torch cannot use CUDA / the GPU
    cpu_torch: Optional[int] = None  # a line names torch and a CPU build of it ("gave the CPU build of torch")
    failing_label: Optional[int] = None  # a label naming the failing one of several environments ("env2 (fails):")
    # `pip --version` lines ("pip 9.0.1 from c:\\python27\\lib\\site-packages (python 2.7)"): (line, X.Y) each
    pip_pythons: tuple[tuple[int, str], ...] = ()
    # pip's "satisfies the requirement" and "Ignored the following yanked versions" lines and the lines naming a
    # PyTorch index, (line, text) each, bounded:
    # ingest.pip_offer reads from them what a "no matching version" error means
    pip_lines: tuple[tuple[int, str], ...] = ()
    build_step: Optional[int] = None  # pip's or uv's build step of a package (an isolated environment)
    ide_failing: Optional[int] = None  # an IDE named on a line that says something fails there
    module_missing: Optional[int] = None  # a module Python could not import (the first such line)
    missing_module: Optional[str] = None  # its top-level name, lower-cased ("cv2", "torch")
    # (line, top-level module) of interactive imports that worked (">>> import cv2" and the session went on)
    imported_modules: tuple[tuple[int, str], ...] = ()
    # (line, path) of interpreters the paste prints (sys.executable, which/where python)
    executables: tuple[tuple[int, str], ...] = ()
    # (line, distribution) of pip's "Requirement already satisfied: <distribution>" lines
    satisfied: tuple[tuple[int, str], ...] = ()

    @property
    def portable_other_python(self) -> bool:
        """A portable build is named, and nothing shows its own Python ran: another Python did."""
        return self.portable is not None and self.embedded_ran is None


def _said_installed(low: str) -> bool:
    """torch said installed, not as a condition or a request ("make sure torch is installed")."""
    for words in TORCH_SAID_INSTALLED_WORDS:
        at = low.find(words)
        if at >= 0 and _names_torch(low[at:], words) and not any(w in low[max(0, at - 16):at]
                                                                 for w in _NOT_SAID_INSTALLED):
            return True
    return False


def _missing_module(low: str) -> Optional[str]:
    """The top-level module of "No module named ..." where the module itself is missing: a quoted dotted name
    (Python 3's "No module named 'torch._C'") says the package imported and one of its parts did not."""
    found = _MISSING_MODULE.search(low)
    if found is None or (found.group(1) and "." in found.group(2)):
        return None
    return found.group(2).split(".", 1)[0]


def _names_torch(text: str, words: str) -> bool:
    """`words` (ending in torch / pytorch) occur in `text` naming that package, not torchvision or torch-cpu."""
    start = text.find(words)
    while start != -1:
        end = start + len(words)
        if words[-1] in " =>" or end == len(text) or not (text[end].isalnum() or text[end] in "-_."):
            return True
        start = text.find(words, end)
    return False


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
    at = low.find(_TEMPLATE_INSTALLED)
    if at < 0:
        return False
    rest = low[at + len(_TEMPLATE_INSTALLED):]
    colon = rest.rfind(":")
    answer = rest[colon + 1:] if colon >= 0 else ""
    return any(w in answer + " " for w in _TEMPLATE_INSTALLERS)


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


def read_context(lines: Iterable[tuple[int, str]]) -> PasteContext:
    found: dict[str, int] = {}
    site_python: Optional[str] = None
    pip_pythons: list[tuple[int, str]] = []
    pip_lines: list[tuple[int, str]] = []
    imported: list[tuple[int, str]] = []
    executables: list[tuple[int, str]] = []
    satisfied: list[tuple[int, str]] = []
    missing_name: Optional[str] = None
    pending_import: Optional[tuple[int, str]] = None  # an interactive import whose outcome is the next line
    executable_until = 0  # lines up to this one may hold the path a sys.executable / which python printed
    for lineno, line in lines:
        low = line.lower()
        if len(pip_lines) < PIP_LINES_KEPT and ("satisfies the requirement" in low or "download.pytorch.org/whl" in low or "yanked versions" in low):
            pip_lines.append((lineno, line[:4000]))
        if pending_import is not None:
            stripped = low.strip()
            if stripped:
                if stripped.startswith(_IMPORT_WORKED) or stripped[0].isdigit():
                    if len(imported) < 16:
                        imported.append(pending_import)
                pending_import = None
        if (">>>" in low or "in [" in low) and ("import" in low or "from" in low):
            repl = _REPL_IMPORT.match(low)
            if repl is not None:
                pending_import = (lineno, repl.group(1))
        if "module_missing" not in found and "no module named" in low:
            module = _missing_module(low)
            if module is not None:
                found["module_missing"] = lineno
                missing_name = module
        if ("python" in low or "executable" in low) and any(w in low for w in _EXECUTABLE_WORDS):
            executable_until = lineno + 2
        if lineno <= executable_until and "python" in low and len(executables) < 8:
            path = _EXECUTABLE.search(low)
            if path is not None:
                executables.append((lineno, path.group(0).replace("\\\\", "\\")))
        if "build_step" not in found and ("build" in low or "pip-" in low or "[end of output]" in low
                                          or "egg_info" in low or "metadata" in low) \
                and any(w in low for w in BUILD_STEP_WORDS):
            found["build_step"] = lineno
        if "ide_failing" not in found and any(w in low for w in IDE_WORDS) \
                and any(w in low for w in IDE_FAILING_WORDS):
            found["ide_failing"] = lineno
        if "already satisfied" in low and len(satisfied) < 64:
            dist = _SATISFIED.search(low)
            if dist is not None:
                satisfied.append((lineno, dist.group(1).replace("_", "-")))
        for name, words in (("notebook", _NOTEBOOK), ("container", _CONTAINER),
                            ("environment", _ENVIRONMENT), ("other_gpu", _OTHER_GPU)):
            if name in found:
                continue
            text = _without(low, NOT_ENVIRONMENT) if name == "environment" else \
                _without(low, NOT_OTHER_GPU) if name == "other_gpu" else low
            if words.search(text):
                found[name] = lineno
        if "other_gpu" not in found and "rx" in low and _AMD_RX_MODEL.search(low):
            found["other_gpu"] = lineno
        if "no_nvidia_gpu" not in found and ("cpu" in low or "gpu" in low or "卡" in low or "nvidia" in low) \
                and _NO_NVIDIA_GPU.search(_without(low, NOT_NO_NVIDIA_GPU)):
            found["no_nvidia_gpu"] = lineno
        if "nvidia_gpu_named" not in found and _NVIDIA_GPU.search(low):
            found["nvidia_gpu_named"] = lineno
        if "rocm" not in found and ("rocm" in low or "hip" in low or "hsa" in low) and any(w in low for w in ROCM_WORDS):
            found["rocm"] = lineno
        for name, words in (("sudo_python", SUDO_PYTHON_WORDS), ("portable", PORTABLE_WORDS),
                            ("embedded_ran", EMBEDDED_RAN_WORDS), ("cuda_requested", CUDA_REQUEST_WORDS)):
            if name not in found and any(w in low for w in words):
                found[name] = lineno
        # Install-side words: one cheap look for what every word of a group holds, then the group.
        if "torch" in low or "cuda" in low or "+cu" in low:
            for name, words in (("conda_cuda_spec", CONDA_CUDA_SPEC_WORDS), ("cuda_pin", CUDA_PIN_WORDS),
                                ("pytorch_index", PYTORCH_INDEX_WORDS)):
                if name not in found and any(w in low for w in words) \
                        and (name != "cuda_pin" or _asks_for_build(low)):
                    found[name] = lineno
            if "torch_install" not in found and (any(_names_torch(low, w) for w in TORCH_INSTALL_WORDS)
                                                 or all(w in low for w in _INSTALLED_TORCH)
                                                 or _template_installed(low) or _said_installed(low)):
                found["torch_install"] = lineno
        if "pypi_mirror" not in found and ("pypi" in low or "mirror" in low or "源" in low or "镜像" in low) \
                and any(w in low for w in PYPI_MIRROR_WORDS) and not any(w in low for w in CONDA_MIRROR_WORDS):
            found["pypi_mirror"] = lineno
        if "failing_label" not in found and ("fail" in low or "work" in low or "broken" in low or "失败" in low
                                             or "不能用" in low or "有问题" in low) \
                and any(w in low for w in FAILING_LABEL_WORDS):
            found["failing_label"] = lineno
        if "(python " in low and len(pip_pythons) < 8:
            pip_python = _pip_version_python(low)
            if pip_python is not None:
                pip_pythons.append((lineno, pip_python))
        if "cpu_torch" not in found and "torch" in low and "cpu" in low and any(w in low for w in CPU_TORCH_WORDS):
            found["cpu_torch"] = lineno
        if "cuda_unusable" not in found and ("cuda" in low or "gpu" in low or "cpu" in low) \
                and _CUDA_UNUSABLE.search(low):
            found["cuda_unusable"] = lineno
        if "site_packages" not in found and any(w in low for w in SITE_PACKAGES_WORDS) \
                and not any(w in low for w in EMBEDDED_RAN_WORDS):
            found["site_packages"] = lineno
        if "user_site" not in found and USER_SITE in line:
            match = _USER_SITE_VERSION.search(line)
            if match:
                found["user_site"] = lineno
                site_python = match.group(1)
    return PasteContext(notebook=found.get("notebook"), container=found.get("container"),
                        user_site=found.get("user_site"), user_site_python=site_python,
                        environment=found.get("environment"), other_gpu=found.get("other_gpu"),
                        rocm=found.get("rocm"),
                        no_nvidia_gpu=found.get("no_nvidia_gpu"),
                        nvidia_gpu_named=found.get("nvidia_gpu_named"),
                        sudo_python=found.get("sudo_python"),
                        portable=found.get("portable"), embedded_ran=found.get("embedded_ran"),
                        cuda_requested=found.get("cuda_requested"), conda_cuda_spec=found.get("conda_cuda_spec"),
                        torch_install=found.get("torch_install"), pypi_mirror=found.get("pypi_mirror"),
                        cuda_pin=found.get("cuda_pin"), pytorch_index=found.get("pytorch_index"),
                        cuda_unusable=found.get("cuda_unusable"), cpu_torch=found.get("cpu_torch"),
                        pip_pythons=tuple(pip_pythons), failing_label=found.get("failing_label"),
                        pip_lines=tuple(pip_lines),
                        module_missing=found.get("module_missing"), build_step=found.get("build_step"),
                        ide_failing=found.get("ide_failing"),
                        missing_module=missing_name,
                        imported_modules=tuple(imported), executables=tuple(executables),
                        satisfied=tuple(satisfied),
                        site_packages=found.get("site_packages") if "portable" in found else None)
