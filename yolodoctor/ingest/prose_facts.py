"""Facts a reporter states in words rather than in a tool's output.

"I have a GTX 1070", "driver 470.82", "nvidia driver version: 535", "torch 1.12.1", "pytorch==2.0.1",
"python 3.12", "on Windows 11", "Ubuntu 22.04", "GPU: Quadro RTX 5000", "win10, python3.5.2, cuda8.0",
"ubuntu20.04+nvidia530.30+cuda12.1": a GPU model, the driver, torch, Python and the operating system; and the
local toolkit where the line names nvcc or the CUDA toolkit ("nvcc is 11.5", "CUDA toolkit 11.8").

These are believed least of all readings (parsers.PRECEDENCE): a tool's output of the same fact always
wins, and a disagreement with it is not a second environment. Each value is marked as stated
(`nvidia.driver_version_source`, the `stated` record the pipeline keeps) so the evidence of a finding
resting on it says where it came from.

Being wrong is worse than saying nothing, so a line is read only when it describes the reporter's own
setup as it is: a line that speaks of another machine, of what worked, of what is required or
recommended, of what they will try or changed (install, upgrade, "->"), or that holds a traceback path
or an install command, is not read. A bare "CUDA 11.3" says nothing certain (the toolkit? nvidia-smi's
figure? torch's build?) and is read only where the line names nvidia-smi.

A bare driver-shaped version on its own line ("410.48,,") right after a question about the driver or
nvidia-smi is that driver, inferred (parse_answer). And a torch version with no +cuXXX tag is taken as the
CUDA build PyPI serves for that release on Linux (infer_torch_cuda), where nothing says otherwise.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable, Sequence

from ..facts.model import Facts, canonical_name
from .gpu_words_zh import GPU_NUMBER_ZH
from .model import Observation, Reading, Signal
from .values import distribution_observations, local_tag, version

# Signals that say the torch in use is not a PyPI CUDA build (a CPU-only or ROCm torch): no CUDA is inferred.
_NOT_A_PYPI_CUDA_BUILD = frozenset({"torch_cpu_only"})

KIND = "prose"
LABEL = "facts stated in words (believed least)"
# Literal pieces (each one str.find over the paste): "orch" is torch, Torch and PyTorch, "river" driver and Driver.
NEEDLES = ("GTX", "RTX", "gtx", "rtx", "Tesla", "Quadro", "TITAN", "Titan", "NVIDIA", "Nvidia", "nvidia", "GPU",
           "显卡", "river", "驱动", "orch", "ython", "indows", "win1", "Win1", "buntu", "GeForce", "apability",
           "nvcc", "NVCC", "oolkit", "OOLKIT", "ltralytics", "LTRALYTICS")

# One cheap pre-check: the line names a GPU, driver, torch, Python or an OS next to a number.
# Only a line's first 400 characters are looked at (a longer line is a log line, not a sentence).
# A traceback frame, a path or an error message is never a description of the setup: those lines are passed
# over by the splitter's own regular expression, before any Python work.
LINE_PATTERN = (r"^(?![^\n]{0,400}?(?:site-packages|dist-packages|File \"|Traceback|[Ee]rror|ERROR|[Ff]ail|"
                r"compatible|[Rr]equirement|Collecting))[^\n]{0,360}?"
                r"(?i:gtx|rtx|tesla|quadro|titan|nvidia|geforce|capability|gpu|显卡|driver|驱动|torch|python|windows|win1|"
                r"ubuntu|nvcc|toolkit|ultralytics)"
                r"[^\n]{0,40}?\d")

# Someone asked for the driver ("what does nvidia-smi say?", "which driver?") and the answer is a bare version on
# one of the next lines ("410.48", "535.104.05,"): the driver, inferred from the question.
ANSWER_KIND = "driver_answer"
ANSWER_LABEL = "bare driver version answering a question (inferred)"
ANSWER_NEEDLES = ("river", "DRIVER", "nvidia-smi", "驱动")
ANSWER_PATTERN = (r"^(?![^\n]{0,400}?(?:[Ee]rror|ERROR|[Ff]ail))"
                  r"(?:[^\n]{0,200}?(?i:driver|nvidia-smi|驱动)[^\n]{0,200}?(?:[?？]|[:：]\s{0,4}$)"
                  r"|[^\n]{0,200}?[?？][^\n]{0,200}?(?i:driver|nvidia-smi|驱动))")
_BARE_DRIVER = re.compile(r"\s{0,8}(?:@[\w-]{1,39}\s{1,4})?(?P<version>[3-6]\d\d\.\d{2,3}(?:\.\d{2,3})?)"
                          r"\s{0,4}[,.;!?]{0,3}\s{0,4}")

# A version ends where no letter, digit or ".5" follows ("3.11." at a sentence's end is 3.11).
_END = r"(?![A-Za-z0-9_]|\.[A-Za-z0-9])"

# A line that does not describe the failing setup as it is (another machine, a plan, a requirement, a change).
_NOT_THE_SETUP = re.compile(
    r"(?i:\b(?:tr(?:y|ied|ying)|will|would|should|could|might|want|plan|instead|recommend\w*|suggest\w*|"
    r"requir\w*|need\w*|minimum|at least|or (?:newer|higher|later|above)|supports?|supported|compatible|"
    r"work(?:s|ed|ing)?|fine|upgrad\w*|downgrad\w*|updat\w*|install(?!ed\b)\w*|switch\w*|chang\w*|revert\w*|"
    r"previous\w*|before|other|another|colleague|friend|expected|latest|newest|above|below|later|earlier|"
    r"newer|older|"
    r"collecting|requirement|satisf\w*|from versions|built? (?:for|with)|compiled|released?|"
    r"docs?|documentation|readme|example|errors?|could not|cannot|can't|no matching|not found|"
    r"failed|fails?|found for|requirements?|pip|conda install|same error|also)\b)"
    r"|e\.g\.(?![^()\n]{0,80}\))|->|→|=>|>=|<=|~=|!=|\bvs\.?\b|site-packages|dist-packages|File \"|https?://|[<>]"
    r"|推荐|需要|要求|尝试|升级|降级|安装|换成|之前|以前")

# "driver 377.83 (latest)": a parenthesis that calls the stated version the newest describes what is installed;
# "latest" elsewhere in a line ("install the latest driver") still marks a line that is not the setup.
_STATED_LATEST = re.compile(r"\((?:(?i:the)\s{1,3})?(?i:latest|newest)(?:\s{1,3}(?i:version|driver|one))?\)")
_GPU = re.compile(
    r"(?<![\w.-])(?P<name>(?:(?i:nvidia)\s{1,3})?(?:(?i:geforce)\s{1,3})?"
    r"(?:(?i:gtx|rtx)\s?\d{3,4}(?:\s?(?i:ti|super|m))?(?:\s(?i:laptop))?"
    r"|(?i:rtx)\s?[Aa]\d{4}"
    r"|(?i:tesla)\s{1,3}[KPVMTkpvmt]\d{1,3}[A-Za-z]?"
    r"|(?i:quadro)\s{1,3}(?:(?i:rtx)\s)?[A-Za-z]{0,2}\d{3,4}"
    r"|(?i:titan\s?(?:xp|x|v|rtx))"
    r"|(?i:gts?|mx)\s?\d{3,4}[mM]?"  # GeForce GT 740M, GTS 450, MX 150
    r"|(?<=[Gg][Ee][Ff][Oo][Rr][Cc][Ee] )\d{3}[mM]"  # GeForce 920M
    r"|(?:(?i:nvidia)\s{1,3}|(?i:tesla)\s{1,3})?(?:A100|H100|H200|V100S?|A10G?|A40|L40S?|T4|L4|A6000)))"
    r"(?P<suffix>(?:-[A-Za-z0-9]{1,8}){0,3})(?![\w-]|\.\w)")  # "an RTX 3090." ends a sentence; "T4.2" is no GPU
# "nvidia 5090", "Nvidia 1080 Ti", "显卡 3070ti": a GeForce model number after the maker's name or the word for a
# graphics card (GTX below the 20 series).
_NVIDIA_NUMBER = re.compile(r"(?:(?<![A-Za-z0-9_-])(?i:nvidia)\s{1,3}|显卡\s{0,3}[:：]?\s{0,3})"
                            r"(?P<number>(?:[1-5]0|16)[5-9]0)"
                            r"(?P<ti>\s?(?i:ti))?(?![A-Za-z0-9_.-])")
# Datacenter model names alone ("T4", "A10") are too short to trust without a word saying it is a GPU.
_BARE_DATACENTER = re.compile(r"(?:A100|H100|H200|V100S?|A10G?|A40|L40S?|T4|L4|A6000)")
# A compute capability stated in words ("compute capability: 3.5", "cuda capability 2.1"), or after the GPU's
# name as NVIDIA's table prints it ("GeForce GT 740M | 3.0").
_CAPABILITY = re.compile(r"(?i:compute|cuda)[\s_-]?(?i:capability)(?:\s{0,3}(?i:is|of|version))?\s{0,3}[:=：]?\s{0,3}"
                         r"(?P<cap>[1-9]\.\d)(?![\d.]\d)")
_TABLE_CAPABILITY = re.compile(r"\s{0,4}[|:\t,]\s{0,4}(?P<cap>[1-9]\.\d)\s{0,4}$")
_GPU_WORD = re.compile(r"(?i:gpu|nvidia|tesla|显卡|graphics|card)")

_DRIVER = re.compile(
    r"(?i:driver|驱动)(?:\s{0,3}(?i:version|版本))?\s{0,3}(?:(?i:is|of)\s{1,3}|[:=：,]\s{0,3})?"
    r"(?:(?i:driver version)\s{0,3}:\s{0,3})?"
    r"(?:v|r)?(?P<version>[3-6]\d\d(?:\.\d{1,3}){0,2})" + _END
    + r"|(?<![A-Za-z0-9_-])(?i:nvidia)[\s-]?(?P<glued>[3-6]\d\d\.\d{1,3}(?:\.\d{1,3})?)" + _END)

_TORCH = re.compile(
    r"(?<![A-Za-z0-9_./-])(?i:py)?(?i:torch)(?:\s{0,3}(?i:version|ver\.?|版本))?\s{0,30}"
    r"(?:(?i:is)\s{1,3}|[:：,]\s{0,3}|\s=\s{1,3}|==\s{0,3})?['\"`]?v?"
    r"(?P<version>(?:0\.[1-4]|[12]\.\d{1,2})(?:\.\d{1,2})?(?:\.?dev\d{1,8})?"
    r"(?:\+(?:cu\d{2,3}|cpu|rocm\d+(?:\.\d+){0,2}))?)"
    r"(?![A-Za-z0-9_+=]|\.[A-Za-z0-9])")  # not a conda spec (pytorch=1.3.1=py3.6_...)

# The CUDA torch was built with, printed under a label that names torch ("torch.version.cuda: 10.2", the common
# Chinese check script's "torch方法查看CUDA版本： 9.2.148"): the build's CUDA, not the toolkit's or nvidia-smi's.
_TORCH_CUDA = re.compile(r"(?<![A-Za-z0-9_/-])(?i:py)?(?i:torch)(?!vision|audio|_)(?:\.version\.|[^\n:：=]{0,12}?)(?i:cuda)"
                         r"(?:\s{0,3}(?i:version)|版本)?\s{0,3}[:：=]\s{0,3}(?P<version>\d{1,2}\.\d{1,2})(?:\.\d{1,4})?"
                         + _END)

# The local toolkit's version named as such: "nvcc is 11.5", "nvcc version: 12.1", "my nvcc -V says release 10.1",
# "CUDA toolkit 11.8", "cuda-toolkit version 12.4". A bare "CUDA 11.8" stays unread (see the module's note).
_NVCC = re.compile(r"(?<![A-Za-z0-9_/.-])(?:(?i:nvcc)(?:\s{0,3}(?:-V|--version|(?i:version)))?"
                   r"|(?i:cuda)[\s_-]?(?i:toolkit)(?:\s{0,3}(?i:version))?)"
                   r"\s{0,3}(?:(?i:is|says|shows|reports|gives)\s{1,3}|[:=：,]\s{0,3})?(?:(?i:release)\s{1,3})?[vV]?"
                   r"(?P<version>(?:[7-9]|1[0-3])\.\d)" + _END)

# The Ultralytics release named in words or in an environment list: "Ultralytics 8.3", "ultralytics version: 8.2.79",
# "- Ultralytics YOLOv8.0.52" (the banner's name for the release, without the banner's Python-/torch- parts). A pin
# ("ultralytics=8.3.90") is the package lines' to read, which know a requirements file from an installed list.
_ULTRALYTICS = re.compile(r"(?<![A-Za-z0-9_./-])(?i:ultralytics)(?:\s{0,3}(?i:version|ver\.?|版本))?\s{0,3}"
                          r"(?:(?i:is)\s{1,3}|[:：,]\s{0,3})?['\"`]?(?:(?i:yolov)|v)?"
                          r"(?P<version>8\.\d{1,2}(?:\.\d{1,3})?)" + _END)

_PYTHON = re.compile(
    r"(?<![A-Za-z0-9_./-])(?i:python)(?:\s{0,3}(?i:version))?\s{0,30}(?:(?i:is)\s{1,3}|[:=：,]\s{0,3})?v?"
    r"(?P<version>3\.\d{1,2}(?:\.\d{1,2})?)" + _END)

_WINDOWS = re.compile(r"(?<![A-Za-z0-9_-])(?i:windows\s?|win)(?P<release>1[01])" + _END)
_UBUNTU = re.compile(r"(?<![A-Za-z0-9_-])(?i:ubuntu)[\s-]?(?P<release>\d{2}\.\d{2}(?:\.\d{1,2})?)" + _END)
# nvidia-smi's own figure named as such: "CUDA Version 12.4 (verified by nvidia-smi)".
_SMI_CUDA = re.compile(r"(?i:cuda)(?:\s{0,3}(?i:version))?\s{0,3}:?\s{0,3}(?P<version>1\d\.\d)" + _END
                       + r"[^\n]{0,60}?nvidia-smi"
                       r"|nvidia-smi[^\n]{0,60}?(?i:cuda)(?:\s{0,3}(?i:version))?\s{0,3}:?\s{0,3}(?P<after>1\d\.\d)"
                       + _END)


# A line that states what something was built for and, in parentheses, what the reporter has (xFormers' "xFormers was
# built for:" block, "PyTorch 2.1.0+cu121 with CUDA 1201 (you have 2.1.0+cpu)"): only the second is the setup.
_YOU_HAVE = re.compile(r"\((?i:you have|you've got|installed:?)\s{1,3}(?P<version>[^()\s]{1,40})\s{0,3}\)")
# An issue template's example in parentheses ("PyTorch Version (e.g., 1.0): 1.3", "OS (e.g., Linux): Ubuntu 16.04"):
# the answer follows it, the example is not the reporter's.
_TEMPLATE_HINT = re.compile(r"\s{0,3}\((?i:e\.g\.?|eg\.|for example)[^()\n]{0,80}\)")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    if len(line) > 400 or _NOT_THE_SETUP.search(_STATED_LATEST.sub("", line)):
        return reading
    line = _TEMPLATE_HINT.sub("", line)  # "PyTorch Version (e.g., 1.0): 1.3" is torch 1.3, not the template's 1.0
    you_have = _YOU_HAVE.search(line)
    if you_have:  # "PyTorch 2.1.0+cu121 with CUDA 1201 (you have 2.1.0+cpu)": the build's needs, then what is installed
        subject = line[:you_have.start()].split()
        line = f"{subject[0]} {you_have.group('version')}" if subject else ""
    gpu = _GPU.search(line)
    if gpu and (not _BARE_DATACENTER.fullmatch(gpu.group("name")) or _GPU_WORD.search(line)):
        reading.add("nvidia.gpus[0].name", _gpu_name(gpu.group("name") + gpu.group("suffix")), lineno, KIND)
    elif not gpu:
        number = _NVIDIA_NUMBER.search(line) or GPU_NUMBER_ZH.search(line)
        if number:
            family = "GTX" if number.group("number")[:2] in ("10", "16") else "RTX"
            name = f"{family} {number.group('number')}" + (" Ti" if number.group("ti") else "")
            reading.add("nvidia.gpus[0].name", _gpu_name(name), lineno, KIND)
    capability = _CAPABILITY.search(line) or (_TABLE_CAPABILITY.match(line, gpu.end()) if gpu else None)
    if capability:
        reading.add("nvidia.gpus[0].compute_capability", capability.group("cap"), lineno, KIND)
    driver = _DRIVER.search(line)
    if driver:
        found = version(driver.group("version") or driver.group("glued"))
        if found:
            reading.add("nvidia.driver_version", found, lineno, KIND)
            reading.add("nvidia.driver_version_source", stated_source(lineno), lineno, KIND)
    smi_cuda = _SMI_CUDA.search(line)
    if smi_cuda:
        reading.add("nvidia.cuda_driver_version", smi_cuda.group("version") or smi_cuda.group("after"), lineno, KIND)
        reading.add("nvidia.cuda_driver_version_source", stated_source(lineno), lineno, KIND)
    nvcc = _NVCC.search(line)
    # conda's spec "cudatoolkit=10.2" names conda's CUDA runtime package, which has no nvcc
    if nvcc and not nvcc.group(0).lower().startswith("cudatoolkit="):
        reading.add("cuda.nvcc_version", nvcc.group("version"), lineno, KIND)
    torch_cuda = _TORCH_CUDA.search(line)
    if torch_cuda:
        reading.add("torch.cuda", torch_cuda.group("version"), lineno, KIND)
    torch = _TORCH.search(line)
    if torch:
        found = version(torch.group("version"))
        if found:
            reading.add("torch.version", found, lineno, KIND)
    ultralytics = _ULTRALYTICS.search(line)
    if ultralytics:
        reading.observations.extend(distribution_observations("ultralytics", ultralytics.group("version"), lineno,
                                                              KIND))
    python = _PYTHON.search(line)
    if python:
        reading.add("python.version", version(python.group("version")), lineno, KIND)
    windows, ubuntu = _WINDOWS.search(line), _UBUNTU.search(line)
    if windows and not ubuntu:
        reading.add("host.os", "Windows", lineno, KIND)
    elif ubuntu and not windows:
        reading.add("host.os", "Linux", lineno, KIND)
        reading.add("host.distro", f"Ubuntu {ubuntu.group('release')}", lineno, KIND)
    return reading


def parse_answer(lines: Sequence[str], index: int, lineno: int) -> Reading:
    """A lone driver-shaped version within the next three non-blank lines after a line that speaks of the
    driver or nvidia-smi; nothing when the question line itself holds a version (that line is read above)."""
    reading = Reading()
    if re.search(r"\d\d\d\.\d", lines[index]):
        return reading
    seen = 0
    for following in range(index + 1, min(len(lines), index + 8)):
        if not lines[following].strip():
            continue
        seen += 1
        answer = _BARE_DRIVER.fullmatch(lines[following])
        if answer:
            found = version(answer.group("version"))
            where = lineno + following - index
            reading.add("nvidia.driver_version", found, where, ANSWER_KIND)
            reading.add("nvidia.driver_version_source",
                        f"a bare version on line {where} answering line {lineno} about the driver, inferred", where,
                        ANSWER_KIND)
            break
        if seen >= 3:
            break
    return reading


def stated_source(lineno: int) -> str:
    """Where a stated value comes from, as a finding's evidence shows it: "472.12 (from ...)"."""
    return f"the report's own words on line {lineno}, stated"


def _gpu_name(written: str) -> str:
    """The name as the GPU tables spell it: "gtx1070" -> "GeForce GTX 1070", "a100" -> "NVIDIA A100"."""
    name = re.sub(r"\s+", " ", written.strip())
    name = re.sub(r"(?i)^nvidia ", "", name)
    name = re.sub(r"(?i)\b(gtx|rtx)\s?(\d)", lambda m: f"{m.group(1).upper()} {m.group(2)}", name)
    name = re.sub(r"(?i)\brtx (a\d)", lambda m: f"RTX {m.group(1).upper()}", name)
    name = re.sub(r"(\d)\s?(?i:ti)$", r"\1 Ti", name)
    name = re.sub(r"(?i)^geforce ", "GeForce ", name)
    if re.match(r"(?:GTX|RTX) \d", name):
        name = "GeForce " + name
    return "NVIDIA " + name if not re.match(r"(?i)(?:tesla|quadro)\b", name) else name


def without_ambiguous(observations: list[Observation]) -> list[Observation]:
    """The readings, less the worded ones of any fact the words state two ways ("torch 2.1 ... torch 2.3"):
    a paste that says two things of one fact says neither. Words are not read on a line a tool's reader
    understood either (an Ultralytics banner, a pip error): that line is the tool's output."""
    worded = (KIND, ANSWER_KIND)
    tool_lines = {o.line for o in observations if o.source not in worded}
    # A GPU a tool saw (nvidia-smi, torch's devices in a banner) outweighs any GPU the words name.
    tool_gpus = any(o.path.startswith(("nvidia.gpus[", "torch.devices[")) for o in observations
                    if o.source not in worded)
    observations = [o for o in observations if o.source not in worded
                    or (o.line not in tool_lines and not (tool_gpus and o.path.startswith("nvidia.gpus[")))]
    values: dict[str, list[str]] = {}
    for o in observations:
        if o.source in worded and not o.path.endswith("_source"):
            values.setdefault(o.path, []).append(str(o.value))
    ambiguous = {path for path, found in values.items()
                 if any(a != b and not _refines(a, b) and not _refines(b, a) for a in found for b in found)}
    if not ambiguous:
        return observations
    dropped = ambiguous | {f"{path}_source" for path in ambiguous}
    return [o for o in observations if o.source not in worded or o.path not in dropped]


_NAMED_CUDA = re.compile(r"(?i:cuda|cu)[\s_-]{0,2}(?i:version)?[\s:]{0,3}\d{1,2}\.?\d")


def _refines(short: str, long: str) -> bool:
    return long.startswith(short) and len(long) > len(short) and long[len(short)] in ".-+ "


def infer_torch_cuda(facts: Facts, written: dict[str, Observation], signals: Sequence[Signal],
                     line_text: Callable[[int], str]) -> list[tuple[str, Any, int, str]]:
    """A torch version without a +cuXXX tag, and nothing saying which build it is: the CUDA build PyPI serves
    for that release on Linux (compat/torch.toml: pypi_default_cuda). Not on Windows or macOS (PyPI serves
    the CPU build there), not for conda's builds, not where the paste says torch is CPU-only or ROCm.
    Sets torch.cuda and returns the chain, marked inferred, for the evidence."""
    from ..knowledge import compat
    from ..knowledge import versions as V

    torch = facts.torch
    kept = written.get("torch.version")
    if not torch.version or torch.cuda or torch.hip or kept is None or local_tag(torch.version):
        return []
    stated_build = written.get("torch.cuda")
    if stated_build is not None and stated_build.value is None and stated_build.source not in (KIND, ANSWER_KIND):
        return []  # a labelled "no CUDA" (collect_env's "CUDA used to build PyTorch: Could not collect"): a CPU build
    if (facts.host.os or "Linux") != "Linux" or (facts.host.arch or "x86_64") != "x86_64":
        return []
    if facts.python.conda_packages or _conda_torch(facts) or any(s.category in _NOT_A_PYPI_CUDA_BUILD
                                                                   for s in signals):
        return []
    if _NAMED_CUDA.search(line_text(kept.line)):
        return []  # "PyTorch 2.0.0, CUDA 11.8": which build that CUDA means (torch's? the toolkit?) is not said
    default = compat.pypi_default_cuda(torch.version)  # the release's own era: 1.5.0 -> cu102, 2.1.0 -> cu121
    if not default or not V.is_cuda_variant(default):
        return []
    torch.cuda = V.variant_cuda(default)
    how = (f"inferred: torch {torch.version} with no +cuXXX tag (line {kept.line}) is the {default} build PyPI "
           f"serves for that release on Linux (compat/torch.toml pypi_default_cuda)")
    return [("torch.cuda", torch.cuda, kept.line, how)]


def labelled_only(facts: Facts, stated: Sequence[tuple[str, Any, int, str]]) -> Facts:
    """The facts without those resting on words or inference: what an error message is weighed against when
    it is proven or contradicted ("No module named 'torch'" with torch *said* installed proves nothing)."""
    if not stated:
        return facts
    facts = copy.deepcopy(facts)
    for path, value, _line, _how in stated:
        if path.startswith("nvidia.gpus["):
            facts.nvidia.gpus = [g for g in facts.nvidia.gpus if g.name != value]
            continue
        if path.startswith("python.distributions["):  # a release named in words (Ultralytics 8.3)
            canon = path[len("python.distributions["):path.index("]")]
            facts.python.distributions = [d for d in facts.python.distributions if canonical_name(d.name) != canon]
            continue
        if path.startswith("packages."):
            _, package, attribute = path.split(".", 2)
            if package in facts.packages:
                setattr(facts.packages[package], attribute, None)
            continue
        holder, _, name = path.rpartition(".")
        target: Any = facts
        for part in holder.split("."):
            target = getattr(target, part)
        setattr(target, name, None)
    return facts


def _conda_torch(facts: Facts) -> bool:
    dist = facts.distribution("torch")
    return bool(dist and dist.conda_package) or bool(facts.cuda.conda_cudatoolkit)
