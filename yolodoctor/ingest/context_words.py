"""The words and shapes that say where a paste ran (ingest.context reads them): lists of literal,
lower-case substrings, and the few bounded patterns that go with them. Data, kept apart from the reader."""

from __future__ import annotations

import re

# pip's note that it set releases aside for needing another Python ("Ignored the following versions that require a
# different python version: 1.21.2 Requires-Python >=3.7,<3.11; ..."), lower-cased: the readers of pip's offers
# (ingest.pip_offer, release_gap, mirror_unsynced, macos_no_wheel, linux_only_wheels) and ingest.context look for it.
PIP_OTHER_PYTHON = "require a different python version"
NOTEBOOK_WORDS = ("jupyter", "ipykernel", "ipython-input", "notebook", "cell in [", "kernel of")
CONTAINER_WORDS = ("docker", "container", "podman", "singularity", "apptainer", "kubernetes", "k8s", "nvcr.io", "lxc")
# A shell prompt inside a Docker container, whose hostname is the container id: twelve hex digits
# ("root@3a5036f18e77:~#").
CONTAINER_PROMPT = re.compile(r"\b[\w.-]{1,32}@[0-9a-f]{12}(?=[:\s])")
USER_SITE = "/.local/lib/python"
# The Python version of a user site-packages path: literal-prefixed, bounded.
USER_SITE_VERSION = re.compile(r"/\.local/lib/python(\d\.\d{1,2})/site-packages")
# A user-site path that names a library's plugin directory (Qt's "Could not load the Qt platform plugin "xcb" in
# ".../site-packages/cv2/qt/plugins"", QFactoryLoader's "checking directory path ...") is data a native library
# reads, not code Python imported from there: it says nothing of which interpreter ran. Bounded, literal-anchored.
USER_SITE_PLUGIN_DIR = re.compile(r"/\.local/lib/python\d\.\d{1,2}/site-packages/[^\s\"']{0,200}?/plugins\b")
# Words that name an environment set up on purpose (the one the user meant to run).
ENVIRONMENT_WORDS = ("venv", "virtualenv", "conda", "jupyter", "ipykernel", "kernel", "environment", "env ")
# Phrases that hold one of those words without naming such an environment: an environment variable
# (torch's "CUDA_HOME environment variable is not set", raised as EnvironmentError), the operating
# system's kernel, a CUDA kernel ("no kernel image is available"), and torchvision's own warning that its image
# extension did not load ("... there might be something wrong with your environment"), and a runtime library's own
# start-up (Rockchip's "Init runtime environment failed!"). They are blanked before the look.
NOT_ENVIRONMENT = ("environment variable", "environmenterror", "env var", "kernel image", "kernel module",
                   "kernel version", "kernel driver", "linux kernel", "kernel:", "kernel mode", "kernels",
                   "something wrong with your environment", "init runtime environment")
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
                     "cpu only torch", "cpu-only version", "cpu only version",
                     # a library's guess when torch sees no CUDA device, not the reporter's word on the machine
                     # (Unsloth: "No NVIDIA GPU found? Unsloth currently only supports GPUs!")
                     "no nvidia gpu found?")
# Wheel file names and platform tags pip prints for other platforms name macOS without the paste running there.
NOT_OTHER_GPU = ("macosx_", "macosx-", "-macos", "_macos")
# An AMD Radeon model number said without the brand ("RX 580", "rx6600 xt"): bounded, literal-prefixed. After "AMD"
# without "RX" ("AMD 6800 显卡", "amd 7900xtx"), only the numbers no Ryzen CPU bears bare: 6400-6950 and 9060/9070 not
# followed by a letter other than XT ("AMD 6800H" is a laptop CPU), and 7600-7900 only with XT/XTX ("AMD 7900" is also
# a Ryzen 9).
AMD_RX_MODEL = re.compile(r"(?<![a-z0-9])(?:rx ?(?:4[6-9]0|5[5-9]0|5[5-7]00|6[4-9]00|7[6-9]00|90[67]0)(?![0-9])"
                          r"|amd ?(?:6[4-9][05]0|90[67]0)(?: ?xtx?)?(?![0-9a-z])|amd ?7[6-9]00 ?xtx?(?![0-9a-z]))")
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
IDE_WORDS = ("pycharm", "vs code", "vscode", "visual studio code", "spyder", "thonny",
             # Editors and IDEs that run a file with an interpreter of their own choosing ("running it from vim gives
             # an error", "Sublime's build system", "Code Runner"): an interpreter set in the editor, not the shell's.
             "vim", "emacs", "sublime", "eclipse", "pydev", "wing ide", "code runner", "visual studio", "jetbrains",
             "dataspell", "python idle", "idle shell", "geany", "atom editor", "text editor", "run button")
IDE_FAILING_WORDS = ("not work", "n't work", "cannot", "can't", "can not", "fail", "error", "no module", "not found",
                     "unresolved", "could not be resolved", "报错", "找不到", "不能", "失败",
                     # "it runs from the terminal, but not from PyCharm": the place after "but not" is where it fails
                     "but not in", "but not from", "but not inside", "but not within", "but not with", "but not when",
                     "but not on", "but not under", "but not through",
                     # Chinese prose: "pycharm 里就没法 import", "VS Code 里无法导入", "在 pycharm 里不行", "导入不了"
                     "没法", "无法", "不行", "不了", "出错", "错误")
# A terminal or shell named as the other place the program was run ("in cmd it works", "终端里能跑").
TERMINAL_WORDS = ("terminal", "command line", "command prompt", "cmd", "powershell", "anaconda prompt", "shell",
                  "bash", "zsh", "repl", "终端", "命令行", "控制台")
# Words saying it works there: the same import or script succeeds in one place and fails in the other.
PLACE_WORKS_WORDS = ("works", "worked", "work fine", "runs fine", "run fine", "imports fine", "no error",
                     "without error", "successfully",
                     # other verbs for the same: "it runs from the terminal", "imports in the shell", "is fine in cmd"
                     "runs", " ran ", "is fine", "are fine", "no problem", "no issue", "can import", "imports",
                     "succeed", "loads fine", "成功", "没问题", "没有问题", "正常", "可以运行", "能运行", "可以跑",
                     "能跑", "可以导入", "能导入", "可以import", "可以 import", "能import", "能 import", "不会报错",
                     "没有报错", "没报错")
# A clause of prose saying an import worked ("when I enter Python, I can import it", "the import succeeds there",
# "python3 -c 'import cv2' runs without any error"): an import word and a word of success, no word of failure. Said
# beside a failing import of the same module, two runs found different Pythons. The misspellings of "successfully"
# that reports carry are words of their own.
IMPORT_SAID_WORDS = ("import", "导入")
IMPORT_WORKS_WORDS = ("works", "worked", "working", "work fine", "is fine", "are fine", "was fine", "fine", "succeed",
                      "success", "succesful", "sucessful", "succesfull", "without error", "without any error",
                      "no error", "no problem", "no issue", "can import", "could import", "able to import",
                      "imports it", "成功", "没问题", "没有问题", "正常", "可以", "能")
# In such a clause these say it failed after all; the negated errors ("no error", "without any error") are taken out
# before they are looked for.
IMPORT_FAILS_WORDS = ("not ", "n't", "cannot", "can not", "fail", "error", "unable", "no module", "never", "不", "没法",
                      "无法", "报错", "失败")
IMPORT_NO_ERROR = ("without any errors", "without any error", "without errors", "without error", "no errors",
                   "no error", "没有报错", "没报错", "不会报错")
# "import cv2", "from yaml import safe_load" (a "from" that no "import" follows is a preposition: "from IPython").
IMPORT_NAMED = re.compile(r"(?:^|[^\w.])(?:import\s{1,3}([a-z_][a-z0-9_]{0,60})|from\s{1,3}([a-z_][a-z0-9_]{0,60})[\w.]{0,60}\s{1,3}import\b)")
# Words after "import" in prose that are not a module's name ("import it", "the import works").
IMPORT_NOT_NAMES = frozenset({"it", "the", "a", "an", "this", "that", "them", "these", "those", "works", "worked", "work",
                              "working", "fine", "is", "was", "are", "succeeds", "succeeded", "successfully", "module",
                              "modules", "package", "packages", "ok", "correctly", "properly", "without", "and", "in",
                              "from", "on", "there", "here", "with", "my", "your", "its", "all", "any", "runs", "ran"})
# Two interpreter (or pip) commands named in prose with opposite outcomes: "imports the module with python 2. Run with
# python 3 it gives a module not found error", "Installed it with pip3; importing it still says the module does not
# exist. Installing it with pip instead, it worked". Each sentence is read for the commands it names and for one
# outcome; a failure counts only where it is an import's ("module", "import" in the sentence), so that an install
# refused on one Python version (python_unsupported) is not read as two interpreters.
NAMED_COMMAND = re.compile(r"(?<![\w/\\.-])(py[ \t]{1,3}-[23](?:\.\d{1,2})?|python[ \t]?[23](?:\.\d{1,2}|\.x)?|python|pip[ \t]?[23]?(?:\.\d{1,2})?)(?![\w-]|\.\w)")
COMMAND_WORKS_WORDS = ("works", "worked", "work fine", "fine", "succeed", "success", "succesful", "sucessful",
                       "can import", "imports it", "imports the", "no error", "without error", "without any error",
                       "no problem", "成功", "没问题", "正常")
COMMAND_FAILS_WORDS = ("no module", "module not found", "not found", "does not exist", "doesn't exist", "not exist",
                       "cannot import", "can't import", "could not import", "couldn't import", "unable to import",
                       "fail", "error", "not recogni", "找不到", "报错", "失败")
COMMAND_IMPORT_WORDS = ("import", "module", "模块", "导入")
SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
# A script's first line naming the system interpreter by its path ("#!/usr/bin/python"), not whichever python the
# activated environment puts first on PATH ("#!/usr/bin/env python"): run as ./script.py it bypasses the environment.
SYSTEM_SHEBANG = re.compile(r"^\s{0,8}#!\s{0,2}/usr/(?:local/)?bin/python[\d.]{0,6}\s{0,4}$")
# Where one clause of a line ends and the next begins ("在 VS Code 里能跑，终端里就报错", "works in cmd, but PyCharm
# fails"): full-width and ASCII commas and semicolons, and a "but". Literal alternatives, no repetition.
CLAUSE_BREAK = re.compile(r"[，,；;。]|\bbut\b|但是|但")
# A failure word said in the negative ("import torch 不会报错", "runs without error"): blanked before a line that says
# it works is checked for failure words.
NEGATED_FAILING_WORDS = ("不会报错", "没有报错", "没报错", "no error", "without error", "without errors",
                         "doesn't fail", "does not fail", "didn't fail", "did not fail")
# A portable / standalone build that ships its own Python (ComfyUI's python_embeded, WebUI packages).
PORTABLE_WORDS = ("python_embeded", "python_embedded", "embedded python", "portable", "standalone")
# Paths that show the portable build's own Python ran (then a missing module is missing there), also printed
# escaped, with doubled backslashes (a Python repr, JSON, a compiler's source location).
EMBEDDED_RAN_WORDS = ("python_embeded\\python", "python_embeded/python", "python_embeded\\lib",
                      "python_embeded/lib", "python_embedded\\python", "python_embedded/python",
                      "python_embedded\\lib", "python_embedded/lib", "python_embeded\\\\python",
                      "python_embeded\\\\lib", "python_embedded\\\\python", "python_embedded\\\\lib",
                      # text-generation-webui's portable builds keep their Python in portable_env
                      "portable_env\\lib", "portable_env/lib", "portable_env\\python", "portable_env/bin/python",
                      "portable_env\\\\lib", "portable_env\\\\python")
# A CUDA build asked for by name: a conda spec (cudatoolkit=11.3, pytorch-cuda=12.1), a PyTorch CUDA index or a
# +cuXXX pin. Literal substrings; the version that follows does not matter here.
CUDA_REQUEST_WORDS = ("cudatoolkit", "pytorch-cuda", "download.pytorch.org/whl/cu", "download.pytorch.org/whl/nightly/cu",
                      "+cu1", "+cu9", "+cu8")
# Words saying a step fixed the problem ("what fixed it:", "worked around it by", "now it works", "解决了"): a CUDA
# build of torch installed on such a line (or next to one) is the fix that worked, so the torch before it could not use
# CUDA. Denials ("didn't fix", "still fails", "没用") do not count.
FIXED_BY_WORDS = ("fixed it", "fixed the", "fixed my", "fixed this", "what fixed", "solved it", "solved the",
                  "solved my", "solved this", "resolved it", "resolved the", "worked around", "workaround",
                  "work around", "works now", "working now", "now it works", "now works", "that worked",
                  "this worked", "it worked", "which worked", "helped me", "it helped", "this helped", "did the trick",
                  "managed to fix", "fixes it", "solves it", "解决了", "解决方法", "解决办法", "就好了", "搞定", "成功了")
NOT_FIXED_WORDS = ("didn't", "did not", "doesn't", "does not", "not help", "no luck", "still fail", "still get",
                   "still the same", "still doesn't", "not fixed", "没用", "没有用", "不行", "还是不")
# An install command of torch that asks for a CUDA build: the PyTorch CUDA index, a +cuXXX pin, conda's pytorch-cuda.
CUDA_INSTALL_WORDS = ("download.pytorch.org/whl/cu", "download.pytorch.org/whl/nightly/cu", "pytorch-cuda",
                      "+cu1", "+cu9", "+cu8", "cudatoolkit")
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
                       "明明安装了torch", "明明安装了pytorch",
                       # the install retold as done or finished ("已经在wsl里安装过torch了", "已经装好了 torch")
                       "安装过torch", "安装过 torch", "安装过pytorch", "安装过 pytorch", "装过torch", "装过 torch",
                       "装好了torch", "装好了 torch", "装好了pytorch", "装好了 pytorch",
                       # a listing retold: "pip list shows torch", "conda list has pytorch"
                       "pip list shows torch", "pip3 list shows torch", "pip list shows pytorch",
                       "pip freeze shows torch", "conda list shows pytorch", "conda list shows torch",
                       "pip list has torch", "conda list has pytorch", "pip list includes torch",
                       "conda list includes pytorch", "pip list lists torch", "conda list lists pytorch")
# The same said of torch rather than of oneself ("torch is installed, but ...", "I have torch installed"); not
# after a word that makes it a condition or a request ("make sure torch is installed", "check whether ...").
# Lines on which a site-packages path is where pip put a package or found it installed ("Requirement already
# satisfied: x in .../python3.8/site-packages", pip show's "Location: ...", "pip is installing the module to: ...").
INSTALL_SITE_WORDS = ("already satisfied", "location:", "install", "installed to", "installs to", "went into",
                      "goes into", "go into", "put it in", "puts it in")
TORCH_SAID_INSTALLED_WORDS = ("torch is installed", "torch is already installed", "torch has been installed",
                              "torch was installed", "have torch installed", "have pytorch installed",
                              "torch is definitely installed", "torch is installed already")
# Any package said installed in words ("pip install was already done", "the installation was successful", "it is
# already installed", "pip list shows it"): beside a module the run cannot import, the install went elsewhere.
PACKAGE_SAID_INSTALLED_WORDS = ("already installed", "is installed", "are installed", "was installed", "were installed",
                                "been installed", "have installed", "has installed", "had installed", "i installed",
                                "installed it", "installed them", "installation was successful",
                                "installed successfully", "successfully installed", "install was already done",
                                "install was done", "pip list shows", "pip freeze shows", "pip show shows",
                                "should be installed",
                                # the install retold with its tool or its repetition ("re-installed it with pip",
                                # "I pip installed it", "installed via pip", "installing it says requirement already
                                # satisfied", "reinstalled ultralytics")
                                "reinstalled", "re-installed", "pip installed", "installed with pip",
                                "installed via pip", "installed using pip", "installed through pip", "installed from pip",
                                "installed with conda", "installed via conda", "requirement already satisfied",
                                # the same in Chinese ("numpy 已经装好了", "明明安装了", "已经安装numpy的情况下")
                                "已经装好", "已经装了", "已经安装", "已安装", "明明装了", "明明安装", "都装好了",
                                "安装成功了")
NOT_SAID_INSTALLED = ("sure", "whether", "if ", "check", "verify", "ensure", "not sure", "unless", "until",
                       "need", "must", "should", "please", "how ",
                       # a condition or a request in Chinese ("确保已经安装", "是否已安装", "请先安装", "如果已经安装")
                       "确保", "是否", "有没有", "如果", "请", "需要", "检查", "确认")
# An install command in a sentence that advises it, asks about it or makes it a condition is not one that ran: uv's
# hint "Otherwise, `uv pip install torch` into the environment", "you need to pip install torch first", "should I
# pip install torch?", "if I pip install torch or conda install pytorch, I get another error". Looked for in the
# sentence before the command; a sentence that ends in a question mark is a question.
INSTALL_ADVICE_WORDS = ("hint", "otherwise", "consider", "try ", "try:", "please", "you can", "you could", "you should",
                        "you need", "you must", "you may", "you have to", "need to", "needs to", "have to", "has to",
                        "must ", "make sure", "ensure", "recommend", "suggest", "instead", "should i", "should we",
                        "do i need", "do we need", "how to", "how do", "how can", "if ", "whether", "unless",
                        "提示", "如果", "请", "建议", "尝试", "是否", "需要", "应该")
# The command's own outcome said right after it, in the same clause: "pip install torch gives another error",
# "conda install pytorch fails", "pip install torch doesn't work" (torch did not get installed). A "but" before the
# failure ("I pip installed torch but get No module named 'torch'") is the installed-yet-missing story and is not read.
INSTALL_FAILED_AFTER = re.compile(
    r"^[^,;.!?\n]{0,60}?(?<![a-z])(?:(?:gives?|gave|giving|throws?|threw|returns?|returned|shows?|showed|raises?|"
    r"raised|produces?|produced|leads?[ \t]{1,3}to|results?[ \t]{1,3}in|ends?[ \t]{1,3}with|get|gets|got|getting)"
    r"[^,;.!?\n]{0,24}?(?<![a-z])errors?(?![a-z])|fails?|failed|failing|errors?[ \t]{1,3}out|errored|"
    r"(?:does|did|do)[ \t]{1,3}not[ \t]{1,3}work|(?:doesn|didn|don)[\x27\u2019]?t[ \t]{1,3}work|报错|失败)")
# pip's "Successfully installed a-1 torch-2.1.0 b-2": the word and the distribution on one line.
INSTALLED_TORCH = ("successfully installed", " torch-")
# PyTorch's issue template asks "How you installed PyTorch (conda, pip, source): ..."; an answer naming an installer
# says torch was installed (an empty answer, "N/A" or a question left unanswered says nothing).
TEMPLATE_INSTALLED = "how you installed pytorch"
TEMPLATE_INSTALLERS = ("pip", "conda", "source", "wheel", ".whl", "mamba", "uv ")
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
# Of those, pip's retry warnings ("WARNING: Retrying (Retry(total=4, ...)) after connection broken by ..."): enough to
# see that the index could not be reached, never so many that they crowd out the message they precede.
PIP_RETRIES_KEPT = 4
# A CPU build of torch named in words on a line that names torch: what a mirror, pip's default, a solver or another
# package's install gave ("the CPU version of torch", "forced a non-CUDA Torch", "ended up with pytorch-cpu", "torch
# without CUDA support", "from cuda118 to cpu", "被覆盖为 2.6.0+cpu", "装成了cpu版本的torch").
CPU_TORCH_BUILD = re.compile(
    r"cpu[ -]?(?:only|build|version|variant|wheel|edition|enabled)|non[ -]?cuda|without cuda|(?<![\w.])(?:py)?torch[ -]cpu"
    r"(?![\w.])|cpu[ -](?:py)?torch(?![\w.])|cpuonly|\+cpu(?![\w])|cpu ?版|cpu的|from cu(?:da)? ?\d{2,3} to (?:the )?cpu")
# Before the CPU build, words that deny it ("not the CPU version", "instead of the CPU build"); after it, words that
# say the CPU build is what works, not what is installed ("the CPU version works").
NOT_CPU_TORCH_BEFORE = ("not ", "n't ", "instead of", "rather than", "no ", "不是", "而不是", "并非")
NOT_CPU_TORCH_AFTER = (" work", " is fine", " runs fine", "正常", "可以用")
# Words on that line saying the CPU build replaced a CUDA one (an install, an update or a solver swapped them).
TORCH_SWAPPED_WORDS = ("replace", "changes", "changed", "downgrad", "overwr", "overrid", "forced", "forcing",
                       "switched", "ended up", "uninstalls", "removed", "覆盖", "变成", "换成", "装成", "改成", "替换")
# Lines kept for ingest.platform_builds: those that may name the platform the paste ran on (macOS by its names,
# an Apple chip, a macOS home or Homebrew path, an ARM machine, uv's "You're on ...") or the build a command asked
# for (a +cuXXX / +cpu / +rocm tag, conda's pytorch-cuda, a CUDA or ROCm index of PyTorch). Bounded: a log may hold
# thousands of such lines, and the first ones say it.
PLATFORM_LINES_KEPT = 48
PLATFORM_BUILD_WORDS = ("macos", "mac os", "os x", "osx", "darwin", "apple", "macbook", "mac mini", "mac-", "imac", "-mbp", "-mba",
                        "/opt/homebrew", "/library/", "/users/", "aarch64", "arm64", "graviton", "you're on",
                        "jetson", "jetpack", "orin", "xavier",
                        # the platforms of compat/package_platforms.toml [[sparse_platforms]] (ingest.sparse_platforms)
                        "armv6", "armv7", "armhf", "arm32", "32-bit arm", "32 bit arm", "alpine", "musl",
                        # a glibc, or a distribution older than glibc 2.28 ([[distribution_glibc]], ingest.glibc_floor)
                        "glibc", "gnu libc", "gnu c library", "centos", "rhel", "red hat enterprise", "el7.",
                        "amazon linux", "amazonlinux", "amzn2", "ubuntu 16.04", "ubuntu:16.04", "ubuntu16.04",
                        "ubuntu 18.04", "ubuntu:18.04", "ubuntu18.04", "debian 8", "debian 9", "debian jessie",
                        "debian stretch", "debian:stretch",
                        "+cu", "+cpu", "+rocm", "pytorch-cuda", "/whl/cu", "/whl/rocm", "/whl/nightly/", "/whl/test/")
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
                       # the same of the GPU, as launchers print it ("GPU is not available, so it used the CPU")
                       "gpu is not available", "gpu not available", "gpu is unavailable", "so it used the cpu",
                       "so it uses the cpu", "so it used cpu", "so it uses cpu", "use cpu instead", "using cpu instead",
                       "use the cpu instead", "using the cpu instead",
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
                       "mixed precision requires a gpu", "can only be used on cuda devices",
                       # applications and people saying it runs on the CPU by default ("it defaults to using
                       # the CPU", "CPU is being used for this transcription")
                       "defaults to cpu", "defaults to the cpu", "defaults to using cpu", "defaults to using the cpu",
                       "default to cpu", "default to the cpu", "default to using cpu", "default to using the cpu",
                       "falls back to the cpu", "fall back to the cpu", "cpu is being used",
                       # training scripts that refuse to start when torch sees no CUDA device (VITS and its forks
                       # assert it: "CPU training is not allowed."; GPT-SoVITS: "Only GPU training is allowed.")
                       "cpu training is not allowed", "only gpu training is allowed",
                       # GFPGAN's and CodeFormer's notice when torch.cuda.is_available() is False: they leave the
                       # RealESRGAN background upsampler out on the CPU
                       "the unoptimized realesrgan is slow on cpu",
                       # Bark's notice when torch gives it no CUDA device ("No GPU being used. Careful, inference
                       # might be very slow!"), and the same said in words
                       "no gpu being used", "gpu is not being used", "gpu isn't being used",
                       # fine-tuning libraries that refuse to import when torch sees no CUDA device (Unsloth:
                       # "Unsloth: No NVIDIA GPU found? Unsloth currently only supports GPUs!", "Unsloth currently only
                       # works on NVIDIA GPUs and Intel GPUs.", "Unsloth cannot find any torch accelerator? You need a
                       # GPU.")
                       "unsloth currently only supports gpus", "unsloth currently only works on nvidia gpus",
                       "unsloth cannot find any torch accelerator")
# The same fact said in Chinese, by the grammar of the phrase rather than one wording: the GPU (显卡, 独显, N卡,
# CUDA) not used, not called or not reached (没(有)用上/用到/调用, 未使用, 调用不了, 用不上/用不到, 不走/没走), the
# GPU itself idle (显卡没有工作, GPU 不工作), and the work only or still on the CPU (只(能/会)(使)用(了) CPU, 用的(还)是
# CPU, 走的是 CPU, 都在 CPU 上跑). Spaces between the Chinese words and CPU/GPU are allowed; matched on lower case.
CUDA_UNUSABLE_ZH = re.compile(
    r"(?:没有?|并没有?|未|没能)[ \t]{0,2}(?:被[ \t]{0,2})?(?:使?用(?:上|到)?|调用(?:到)?|走|启用)[ \t]{0,2}(?:了[ \t]{0,2})?"
    r"(?:gpu|显卡|独显|n卡|cuda)"
    r"|(?:调用|使用|用)不(?:了|上|到|动)[ \t]{0,2}(?:gpu|显卡|独显|n卡|cuda)"
    r"|(?:gpu|显卡|独显|n卡)[ \t]{0,2}(?:没有?|并没有?|未|完全没|根本没)[ \t]{0,2}(?:被[ \t]{0,2})?(?:使用|用上|用到|调用|工作|启用|跑)"
    r"|(?:gpu|显卡|独显|n卡)[ \t]{0,2}(?:不工作|不干活|没反应|一直闲着|在闲置|是空闲的)"
    r"|只(?:能|会|是)?[ \t]{0,2}(?:使?用了?|调用|走|跑)[ \t]{0,2}(?:了[ \t]{0,2})?cpu"
    r"|(?:用|走|跑)的(?:还|都|全)?是[ \t]{0,2}cpu"
    r"|(?:都|还是|全|只|一直)在[ \t]{0,2}(?:用[ \t]{0,2})?cpu[ \t]{0,2}(?:上)?[ \t]{0,2}(?:跑|运行|计算|推理|训练)")
# The GPU shown idle while the work runs (what people read off Task Manager or nvidia-smi and retell): its usage,
# load or utilisation at 0 ("GPU使用率一直是0%", "GPU usage is 0%", "0% GPU utilization", "任务管理器里 CUDA 为 0").
# A zero only: 0.5, 10 or 100 % are not it, nor a size such as "0MiB"; memory use ("GPU memory usage") is not it.
GPU_IDLE = re.compile(
    r"(?:gpu|显卡|独显|cuda)[ \t]{0,2}(?:的)?[ \t]{0,2}(?:使用率|利用率|占用率|占用|负载|usage|utili[sz]ation|util|load)"
    r"[^\n\d%]{0,16}?(?<![\d.])0(?:\.0{1,2})?[ \t]{0,2}(?:%|％)?(?![\d.a-z])"
    r"|(?<![\d.])0[ \t]{0,2}(?:%|％)[ \t]{0,2}(?:of[ \t]{1,2})?(?:the[ \t]{1,2})?(?:gpu|显卡)[ \t]{0,2}"
    r"(?:usage|utili[sz]ation|load|使用率|利用率|占用)"
    r"|(?:任务管理器|task manager)[^\n]{0,40}?(?:gpu|cuda|显卡)[^\n\d]{0,10}?(?<![\d.])0(?![\d.a-z])")
# A line worth reading for the two above: it names the CPU, the GPU or CUDA, in either language.
PROCESSOR_WORDS = ("cuda", "gpu", "cpu", "显卡", "独显", "n卡")
# A line that prints CUDA's availability under a label of its own ("CUDA available: False", "cuda_available=False",
# "CUDA available?: False"): what test scripts and READMEs print instead of torch.cuda.is_available()'s own name. The
# frameworks print it of the GPU: Lightning's banner "GPU available: False, used: False", and the environment reports
# of accelerate and transformers ("PyTorch version (GPU?): 2.0.1+cpu (False)").
CUDA_FALSE_LABEL = re.compile(r"(?<![\w.])(?:cuda|gpu)[ _]available\??[ \t]{0,4}[:=][ \t]{0,4}false\b"
                              r"|\(gpu\?\):[ \t]{0,4}[\w.+-]{1,40}[ \t]{0,4}\(false\)")
# The same said by the grammar of the sentence rather than a fixed phrase, on a lower-cased line: a negation, then a
# verb of using or finding (every tense), then the GPU ("neither way detects the gpu", "it didn't use my gpu",
# "unable to utilise the graphics card", "won't pick up the gpu"); or a verb of running with the CPU as its place and
# a word that sets it against the GPU ("uses the cpu by default", "trains on the cpu instead", "runs only on the cpu
# rather than the gpu"). A CPU chosen on purpose ("I run it on the CPU") has no such word and is not read.
GPU_NOT_USED = re.compile(
    r"(?<![\w'])(?:not|never|neither|nor|cannot|can ?not|unable to|fail(?:s|ed)? to|(?:won|doesn|don|didn|isn|aren|can|"
    r"couldn|wouldn)[’']?t|could not|does not|do not|did not|is not|are not|will not)(?![\w'])[^.\n]{0,24}?"
    r"(?<![\w'])(?:use[sd]?|using|utili[sz](?:e[sd]?|ing)|detect(?:s|ed|ing)?|find(?:s|ing)?|found|see(?:s|n|ing)?|"
    r"recogni[sz](?:e[sd]?|ing)|touch(?:es|ed|ing)?|access(?:es|ed|ing)?|pick(?:s|ed|ing)? up|run(?:s|ning)? on|"
    r"ran on)[ \t]{1,3}(?:the |my |any |a |our |its |this )?(?:nvidia |dedicated |discrete |rtx |gtx )?"
    r"(?:gpu|graphics card|video card|cuda)(?![\w-])"
    r"|(?<![\w'])(?:(?:use[sd]?|using|utili[sz](?:e[sd]?|ing))[ \t]{1,3}(?:only[ \t]{1,3})?"
    r"(?:(?:the|my|our|this|its)[ \t]{1,3})?cpu"
    r"|(?:runs?|running|ran|computes?|computing|trains?|training|trained|works?|working|generates?|generating|"
    r"infers?|inferring|renders?|rendering)[ \t]{1,3}(?:only[ \t]{1,3})?on[ \t]{1,3}"
    r"(?:(?:the|my|our|this|its)[ \t]{1,3})?cpu)(?![\w-])"
    r"[^.\n]{0,30}?(?:instead|by default|rather than|not (?:on )?(?:the |my )?gpu|and not the gpu)"
    # the passive ("the GPU is not being used", "GPU not utilized during training"); not a scope ("the GPU is not
    # used for preprocessing")
    r"|(?<![\w'])(?:gpu|graphics card|video card)[ \t]{1,3}(?:(?:is|was|are|were)[ \t]{1,3}(?:not|never)|"
    r"(?:isn|wasn|aren|weren)[’']t|not|never)[ \t]{1,3}(?:being[ \t]{1,3})?"
    r"(?:used|utili[sz]ed|detected|recogni[sz]ed)(?![\w-])(?![ \t]{1,3}for\b)")
# Code or a command that asks for a GPU: a device chosen in a traceback (Ultralytics' and YOLOv5's select_device,
# torch.cuda's own module), a tensor or model sent to CUDA, a container started with NVIDIA's runtime, an installer
# that found NVIDIA's CUDA. Beside a CPU-only torch these say the CPU build is what stands in the way.
GPU_WANTED_WORDS = ("select_device(", "torch\\cuda\\__init__.py", "torch/cuda/__init__.py", ".cuda()",
                    "device='cuda", 'device="cuda', "torch.device('cuda", 'torch.device("cuda', ".to('cuda",
                    '.to("cuda', "--runtime=nvidia", "--runtime nvidia", "--gpus ", "--gpus=",
                    "nvidia cuda toolkit detected",
                    # the build the reporter wanted, said in words ("expected the CUDA version of PyTorch")
                    "cuda version of pytorch", "cuda version of torch", "gpu version of pytorch", "gpu version of torch",
                    "cuda build of pytorch", "cuda build of torch", "gpu build of pytorch", "gpu build of torch",
                    "cuda-enabled pytorch", "cuda-enabled torch", "cuda enabled pytorch", "cuda enabled torch")
# A traceback frame inside an installed torch package ('File ".../site-packages/torch/cuda/__init__.py"'): torch
# is installed in the Python that ran, whatever an install attempt before it said.
TORCH_FRAME_WORDS = ("site-packages/torch/", "site-packages\\torch\\", "dist-packages/torch/")
# pip's "satisfies the requirement torch==1.3.1" (torch itself, not torchvision or torch-scatter): literal-prefixed.
TORCH_REQUIREMENT = re.compile(r"(?i:requirement torch)(?![\w.-])")
# A site-packages path in pip's or Python's output: where a package was installed or imported from.
SITE_PACKAGES_WORDS = ("\\site-packages", "/site-packages")


# The Windows py launcher running a script or a module ("py main.py", "py -3.10 setup.py install", "py -m pip
# install ..."): it starts the newest Python registered on the machine (or the one its -X.Y names), not the activated
# conda environment's, so what that environment holds is not there. A command, not the word: "py" alone as a word,
# followed by a .py file or by -m and a module name. Matched on lower case.
PY_LAUNCHER_RUN = re.compile(r"(?<![\w.\\/-])py(?:[ \t]{1,3}-[23](?:\.\d{1,2})?(?:-(?:32|64))?)?[ \t]{1,3}"
                             r"(?:-m[ \t]{1,3}[a-z_]|[^\s;&|<>\"']{1,200}\.py(?![\w.]))")
# Python 2's message for a module it cannot import: "ImportError: No module named torch", the name unquoted (Python
# 3.3 to 3.5 quote it, 3.6 and later raise ModuleNotFoundError). Beside a Python 3 named in the same paste, it says
# Python 2 ran the program while the packages went into Python 3.
PYTHON2_IMPORT_ERROR = re.compile(r"^[ \t>]{0,8}importerror: no module named [a-z_][a-z0-9_.]{0,60}[ \t]*$")
# A Python 3 named in a paste: its commands (python3, python3.7, pip3, py -3) or its version in words ("python 3.8");
# not a directory of a path (".../lib/python3.10/site-packages"), which the user site and install readers take.
PYTHON3_NAMED = re.compile(r"(?<![\w.\\/-])(?:python3(?:\.\d{1,2})?|pip3(?:\.\d{1,2})?|python[ \t]?3\.\d{1,2}|py[ \t]-3)"
                           r"(?![\w-])")
# A module Python could not import: "No module named 'cv2'" (Python 3), "No module named cv2" (Python 2, and
# `python -m`, which names its interpreter: "/usr/bin/python: No module named torch.distributed"). Bounded.
MISSING_MODULE = re.compile(r"no module named (')?([a-z_][a-z0-9_]{0,60}(?:\.[a-z_][a-z0-9_]{0,60}){0,4})")
# An interactive import: ">>> import cv2", "In [3]: import torch as t", ">>> from ultralytics import YOLO".
REPL_IMPORT = re.compile(r"^\s{0,8}(?:>>>|in \[\d{1,4}\]:)\s{0,4}(?:import|from)\s{1,4}([a-z_][a-z0-9_]{0,60})")
# What the line after an import that worked starts with: the next prompt, or a value the session printed.
IMPORT_WORKED = (">>>", "in [", "out[", "'", '"', "<module", "true", "false", "tensor(", "...")
# An interpreter's path as sys.executable, `which python` or `where python` print it ("'C:\\...\\envs\\py36\\python.exe'",
# "/usr/bin/python3.5"): literal-prefixed, bounded.
EXECUTABLE = re.compile(r"(?:[a-z]:\\{1,2}|/)(?:[^'\"\s\\/]{1,80}(?:\\{1,2}|/)){0,12}python(?:\d(?:\.\d{1,2})?)?(?:\.exe)?(?=['\"\s]|$)")
EXECUTABLE_WORDS = ("sys.executable", "which python", "where python", "which python3", "where python3")
# A site-packages (or Debian's dist-packages) entry of a printed sys.path list: "'/usr/lib/python3/dist-packages'".
SEARCH_PATH_SITE = re.compile(r"['\"]([^'\"\n]{1,300}?[\\/](?:site|dist)-packages)['\"]")
# pip's "Requirement already satisfied: opencv-python==3.2.0.6 in /home/.../site-packages": the distribution.
SATISFIED = re.compile(r"requirement already satisfied: ([a-z0-9][a-z0-9._-]{0,60})")
# pip's (or uv's) build step of a package: the build runs in its own isolated environment, so what pip says is
# installed is not what that build can import.
BUILD_STEP_WORDS = ("getting requirements to build", "pip-build-env-", "builds-v0", "[end of output]",
                    "preparing metadata", "building wheel for", "egg_info did not run", "the build backend returned",
                    "<pip-setuptools-caller>", "pip-install-",
                    # poetry's words for the same step: its ChefBuildError, and the setup.py it runs in a throw-away
                    # virtualenv ("Command '['/tmp/tmpx/.venv/bin/python', 'setup.py', 'egg_info']' returned ...")
                    "chefbuilderror", "'setup.py', 'egg_info'", "'setup.py', 'bdist_wheel'")
# An install command that builds a package from its source (a local project, an editable install, a VCS URL, an
# sdist archive, and a requirements file, whose sdists pip builds the same way): pip, uv and `python -m pip` build it
# in an isolated environment, so a "No module named 'torch'"
# right after it is the build's, whatever the user's interpreter has. Options may come before `install`
# ("pip -q install -e ."). Bounded, literal-anchored.
BUILD_COMMAND = re.compile(r"(?:\bpip3?|\buv[ \t]{1,3}pip|-m[ \t]{1,3}pip)(?:[ \t]{1,3}-{1,2}[a-z][\w-]{0,30}){0,4}"
                           r"[ \t]{1,3}install\b[^\n]{0,300}?(?:[ \t]-e[ \t]{1,3}\S|[ \t]\.(?=[ \t\[/'\"`]|$)|git\+|"
                           r"\.tar\.gz\b|\.zip\b|[ \t]-r[ \t]{0,3}\S|[ \t]--requirement\b)")
# A build of a C++/CUDA extension from its source: setup.py's build commands, pip wheel, apex's build options,
# torch's extension builder in a traceback, the switch that forces a CUDA build without a GPU.
EXTENSION_BUILD_WORDS = ("setup.py install", "setup.py develop", "setup.py build", "setup.py bdist_wheel",
                         "pip wheel", "pip3 wheel", "--cuda_ext", "--cpp_ext", "cpp_extension.py", "buildextension",
                         "force_cuda=1", "force_cuda 1", "build_ext")
# torch's own words when it finds no driver or no GPU at all (torch.cuda's lazy init, a device query).
NO_GPU_RAISED_WORDS = ("found no nvidia driver on your system", "no cuda gpus are available")
# A program run after such a build (its own traceback is then the program's, not the build's): a Python started on a
# script, a module or a command. pip itself and setup.py (the build's own frames) are not such runs.
RUN_WORDS = (".py", " -m ", " -c ")
NOT_RUN_WORDS = ("pip", "setup.py", "file \"", "site-packages", "dist-packages")
# How far below the build command its failure may come (a build's traceback is a few dozen lines).
BUILD_REACH = 80
# A user site-packages path of an installer's own code (poetry, pip, pipx installed with --user) says where the
# installer lives, not that the failing package was imported from the user site.
USER_SITE_TOOLS = ("/site-packages/poetry/", "/site-packages/poetry_core/", "/site-packages/pip/",
                   "/site-packages/pipx/", "/site-packages/pdm/", "/site-packages/virtualenv/",
                   "/site-packages/setuptools/", "/site-packages/pyproject_hooks/")
# An install command of the paste and what it names ("pip install wikipedia", "!pip install pandas" in a notebook
# cell, "conda install -c conda-forge folium", "python -m pip install x"): the distributions are read from the rest
# of the line (options and their values, version specifiers and quotes dropped). Bounded, literal-anchored.
INSTALL_COMMAND = re.compile(r"(?:\bpip3?|\bconda|\bmamba|\buv[ \t]{1,3}pip|-m[ \t]{1,3}pip)[ \t]{1,3}install\b"
                             r"([^\n`;&|]{1,300})")
# Options of those commands that take a value (the value is not a distribution).
INSTALL_VALUE_OPTIONS = ("-c", "--channel", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-n",
                         "--name", "-p", "--prefix", "-r", "--requirement", "--target", "-t", "--python")
# Words that end a command retold in a sentence ("pip install tensorrt but it reports ..."): what follows is prose.
INSTALL_STOP_WORDS = frozenset({"but", "and", "then", "it", "to", "which", "that", "in", "on", "from", "for", "with",
                                "the", "a", "an", "is", "was", "still", "again", "says", "gives", "reports", "fails",
                                "works", "worked", "or", "so", "as", "into", "after", "before", "when", "while"})
# How many distributions installed by the paste's commands are kept.
INSTALLED_KEPT = 24
# Words on an install line saying the import fails all the same ("tried pip install x; the notebook still gives the
# same error", "!pip install pandas works, but ..."): the install did not reach the Python that fails.
STILL_WORDS = ("still", "same error", "again", " but ", "yet ", "nothing changed", "didn't help", "did not help",
               "doesn't help", "does not help", "仍然", "还是", "依然")
# A module said missing in words, not by Python's "No module named": "pandas is missing", "cannot import folium".
SAID_MISSING = re.compile(r"(?:(?<![\w.-])([a-z_][a-z0-9_]{1,60}) (?:is |was )?(?:missing|not found)\b"
                          r"|\bcan(?:not|'t|\snot) import ([a-z_][a-z0-9_]{1,60}))")
# Names said "not found" or "missing" in prose that are the GPU's software or hardware, not a Python module that
# failed to import ("CUDA not found", "GPU not found", "cudnn is missing", "nvcc not found"), and the installer's
# nouns ("torch wheel not found", "the version is missing"): a file or release pip did not find, not an import.
NOT_MODULES_SAID_MISSING = frozenset({"cuda", "gpu", "gpus", "cudnn", "nvcc", "driver", "nvidia", "device", "wheel",
                                      "wheels", "version", "versions", "package", "distribution", "file"})
# A notebook cell's shell escape: it runs the pip on the PATH, which need not be the kernel's Python.
BANG_PIP_WORDS = ("!pip install", "!pip3 install", "! pip install", "!python -m pip install")
# Activating an environment by name: "conda activate deepmod2", "source activate py36", "activate torch" (Windows),
# "source venv/bin/activate", "venv\\Scripts\\activate". The name (or the venv's folder) is what the interpreter's
# path should then hold. Bounded, literal-anchored.
ACTIVATE = re.compile(r"(?:\b(?:conda|mamba|micromamba|source)[ \t]{1,3}activate|^[^\n]{0,80}?[>$][ \t]{0,3}activate)"
                      r"[ \t]{1,3}([\w.+-]{1,60})(?=[ \t]*$|[ \t]*[;&])"
                      r"|(?:^|[ \t/\\\\.])([\w.+-]{1,60})[/\\\\](?:bin|scripts)[/\\\\]activate"
                      r"(?:\.bat|\.ps1|\.fish)?\b")
# Modules whose distribution has another name (the rest are installed under their own name).
MODULE_DISTRIBUTIONS = {"cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python",
                                "opencv-contrib-python-headless"),
                        "pil": ("pillow",), "yaml": ("pyyaml",), "sklearn": ("scikit-learn",),
                        "skimage": ("scikit-image",), "attr": ("attrs",), "git": ("gitpython",)}
# ---- the torch a program sees, said to differ from the torch its environment holds (ingest.seen_torch) ----------
# Words naming the environment, or a listing of it, as the holder of a torch version ("venv 中的 torch 版本是 2.4.0",
# "pip list in the venv shows torch 2.1.0+cu121", "conda list 里 pytorch 1.13.1").
HELD_TORCH_WORDS = ("venv", "virtualenv", "conda env", "conda list", "pip list", "pip show", "pip freeze",
                    "environment", "env ", "虚拟环境", "环境中", "环境里", "环境下", "环境内", "环境的", "env里", "env 里")
# Words saying what the running program reports, loads or uses ("识别出来的却是 2.3.1", "the script prints 2.0.1+cpu",
# "启动日志显示 Torch 2.0.1+cpu", "但运行时 torch.__version__ 输出 1.12.0").
SEEN_TORCH_WORDS = ("识别", "显示", "检测到", "读取", "读到", "加载", "调用的", "用的是", "打印", "输出", "启动", "运行时",
                    "reports", "shows", "prints", "detects", "sees", "loads", "loaded", "says", "uses", "picks up",
                    "imports", "__version__")
# Words that set the two apart ("却", "but"): without one, two versions in a row are a listing, not a contradiction.
CONTRAST_WORDS = ("却", "但", "可是", "然而", "反而", "but", "however", "instead")
# Words of a change between the two (an upgrade, a reinstall): then two versions are a before and an after.
TORCH_CHANGE_WORDS = ("升级", "降级", "更新", "重装", "重新安装", "卸载后", "换成", "upgrade", "downgrade", "updated",
                      "reinstall", "changed to", "switched to", "after install")
# A torch-shaped version (0.x to 2.x, an optional build tag): bounded, with no digit or dot on either side, so that
# "11.7", "12.1" (CUDA), "3.10" (Python) and "535.104.05" (a driver) are not read.
TORCH_VERSION_SHAPE = re.compile(r"(?<![\w.])([0-2]\.\d{1,2}(?:\.\d{1,2})?(?:\+(?:cu\d{2,3}|cpu|rocm[\d.]{1,8}))?)"
                                 r"(?![\w.+]|\.\d)")
