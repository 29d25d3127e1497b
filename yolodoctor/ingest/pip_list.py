"""Installed distributions: `pip list` (any column set), `pip freeze`, `pip show`,
`conda list`, and the bare "flash-attn   2.7.3" lines left by `pip list | grep`."""

from __future__ import annotations

import re
from typing import Optional, Sequence
from urllib.parse import unquote

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from ..facts.model import canonical_name
from ..report.redact import redact_url
from .model import Observation, Reading, Segment
from .paths import path_observations
from .values import CONDA_NAMES, PACKAGE_OF_DISTRIBUTION, cuda_of_tag, distribution_observations, version

# ---- pip list --------------------------------------------------------------

KIND = "pip_list"
LABEL = "pip list"
NEEDLES = ("Package",)
START = r"\s*Package\s+Version\b"
_RULE = re.compile(r"\s*-{3,}(?:\s+-{3,})+\s*$")


def extent(lines: Sequence[str], start: int) -> int:
    if start + 1 >= len(lines) or not _RULE.match(lines[start + 1]):
        return start
    end = start + 2
    while end < len(lines) and end - start < 100000 and re.match(r"\s*[A-Za-z0-9][\w.-]*\s+\S", lines[end]):
        end += 1
    return end


def parse(segment: Segment) -> Reading:
    reading = Reading()
    header, rule = segment.lines[0], segment.lines[1]
    columns = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[start:end + 40].split()[0].lower() if header[start:end + 40].split() else ""
             for start, end in columns]
    for offset, line in enumerate(segment.lines[2:]):
        lineno = segment.first_line + 2 + offset
        cells = _cells(line, columns)
        if len(cells) < 2:
            continue
        row = dict(zip(names, cells))
        name, text = row.get("package", cells[0]), row.get("version", cells[1])
        location = row.get("location") or row.get("editable") or None
        reading.observations.extend(distribution_observations(name, text, lineno, KIND, location=location,
                                                              installer=row.get("installer") or None))
        if location:
            reading.observations.extend(path_observations(location, lineno, KIND))
    return reading


def _cells(line: str, columns: list[tuple[int, int]]) -> list[str]:
    """Cells by the dashes' columns; the last column takes the rest (Windows paths hold spaces)."""
    cells = []
    for number, (start, _end) in enumerate(columns):
        stop = columns[number + 1][0] if number + 1 < len(columns) else len(line)
        cells.append(line[start:stop].strip())
    if len(cells) >= 2 and (not cells[0] or " " in cells[0] or " " in cells[1]):
        cells = line.split(None, len(columns) - 1)  # columns shifted (a long name): fall back to words
    return [c for c in cells]


# ---- pip show --------------------------------------------------------------

SHOW_KIND = "pip_show"
SHOW_LABEL = "pip show"
SHOW_NEEDLES = ("Name:",)
SHOW_START = r"\s*Name:\s+\S"
_SHOW_FIELD = re.compile(r"\s*(?P<key>[A-Z][\w-]*(?: [a-z][\w-]*)*):\s?(?P<value>.*)$")


def show_extent(lines: Sequence[str], start: int) -> int:
    if start + 1 >= len(lines) or not lines[start + 1].lstrip().startswith("Version:"):
        return start
    end = start + 1
    while end < len(lines) and end - start < 5000:
        line = lines[end]
        if _SHOW_FIELD.match(line) or line.strip() == "---" or (line[:1].isspace() and line.strip()):
            end += 1
            continue
        break
    return end


def show_parse(segment: Segment) -> Reading:
    reading = Reading()
    record: dict[str, tuple[str, int]] = {}

    def flush() -> None:
        if "Name" in record:
            name, line = record["Name"]
            location = record.get("Location", ("", 0))[0] or None
            editable = record.get("Editable project location", ("", 0))[0] or None
            reading.observations.extend(distribution_observations(
                name, record.get("Version", ("", 0))[0], line, SHOW_KIND, location=location,
                installer=record.get("Installer", ("", 0))[0] or None))
            requires = record.get("Requires", ("", 0))[0]
            if requires:
                reading.add(f"python.distributions[{canonical_name(name)}].requires",
                            [r.strip() for r in requires.split(",") if r.strip()], line, SHOW_KIND)
            if editable:
                reading.add(f"python.distributions[{canonical_name(name)}].editable", True, line, SHOW_KIND)
            for path in (location, editable):
                if path:
                    reading.observations.extend(path_observations(path, line, SHOW_KIND))
        record.clear()

    for offset, line in enumerate(segment.lines):
        lineno = segment.first_line + offset
        if line.strip() == "---":
            flush()
            continue
        field = _SHOW_FIELD.match(line)
        if field:
            if field.group("key") == "Name" and "Name" in record:
                flush()
            record.setdefault(field.group("key"), (field.group("value").strip(), lineno))
    flush()
    return reading


# ---- conda list ------------------------------------------------------------

CONDA_KIND = "conda_list"
CONDA_LABEL = "conda list"
CONDA_NEEDLES = ("packages in environment at", "# Name")
CONDA_START = r"\s*#\s*(?:packages in environment at|Name\s+Version\s+Build)"
# Older conda shows a build's track_features in brackets between build and channel ("py3.7_cpu_0  [cpuonly]").
_CONDA_ROW = re.compile(r"\s*(?P<name>[A-Za-z0-9_][\w.-]*)\s+(?P<version>\S+)(?:\s+(?P<build>[^\s\[]\S*))?"
                        r"(?:\s+\[[\w.-]{1,40}\])?(?:\s+(?P<channel>\S+))?\s*$")


def conda_extent(lines: Sequence[str], start: int) -> int:
    end = start
    while end < len(lines) and end - start < 100000:
        line = lines[end]
        if line.lstrip().startswith("#") or _CONDA_ROW.match(line):
            end += 1
            continue
        break
    return end


def conda_parse(segment: Segment) -> Reading:
    reading = Reading()
    for offset, line in enumerate(segment.lines):
        lineno = segment.first_line + offset
        stripped = line.strip()
        prefix = re.match(r"#\s*packages in environment at (?P<prefix>.+?):?\s*$", stripped)
        if prefix:
            reading.add("python.conda_env", prefix.group("prefix"), lineno, CONDA_KIND)
            reading.observations.extend(path_observations(prefix.group("prefix"), lineno, CONDA_KIND))
            continue
        if stripped.startswith("#"):
            continue
        reading.observations.extend(conda_line(stripped, lineno, CONDA_KIND))
    return reading


def conda_line(text: str, lineno: int, source: str) -> list[Observation]:
    """One `conda list` row: name version build [channel]."""
    row = _CONDA_ROW.match(text)
    if not row or version(row.group("version")) is None:
        return []
    name, text_version = row.group("name"), row.group("version")
    build, channel = row.group("build") or "", row.group("channel") or ""
    out: list[Observation] = []
    if name == "cudatoolkit":
        out.append(Observation("cuda.conda_cudatoolkit", text_version, lineno, source))
    pypi = channel == "pypi" or build.startswith("pypi")
    if not pypi and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name.lower()):  # a conda package (cpuonly, pytorch-cuda)
        key = f"python.conda_packages[{canonical_name(name)}]"
        out += [Observation(f"{key}.name", name, lineno, source),
                Observation(f"{key}.version", text_version, lineno, source)]
        if build:
            out.append(Observation(f"{key}.build", build, lineno, source))
    mapped = CONDA_NAMES.get(name, name)
    if mapped is None:
        return out
    out.extend(distribution_observations(mapped, text_version, lineno, source,
                                         installer="pip" if pypi else "conda"))
    if not pypi:
        out.append(Observation(f"python.distributions[{canonical_name(mapped)}].conda_package", name, lineno,
                               source))
    if mapped == "torch" and not pypi:
        cuda = _conda_torch_cuda(build)
        if cuda is not None:
            out.append(Observation("torch.version", version(text_version), lineno, source))
            out.append(Observation("torch.status", "ok", lineno, source))
            out.append(Observation("torch.cuda", cuda or None, lineno, source))
            out.append(Observation("torch.hip", None, lineno, source))
    return out


def _conda_torch_cuda(build: str) -> Optional[str]:
    """The CUDA of a conda pytorch build string: "py3.10_cuda12.1_cudnn8.9.2_0" -> "12.1",
    conda-forge "cuda118_py310h..." -> "11.8", "py3.10_cpu_0" -> "" (CPU); None when the string does not say."""
    dotted = re.search(r"cuda(\d+\.\d+)", build)
    if dotted:
        return dotted.group(1)
    packed = re.search(r"cuda(\d{2,3})(?!\d)", build)
    if packed:
        return cuda_of_tag("cu" + packed.group(1))
    if re.search(r"(?:^|_)cpu(?:_|$)", build):
        return ""
    return None


# ---- conda's and mamba's transaction plans: what an install is about to put in place -------

# A plan names the build it chose, so a CPU-only pytorch picked while cudatoolkit was asked for shows there:
#   "  pytorch            pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0"        (conda, NEW / UPDATED packages)
#   "    pytorch-1.12.1             |      py3.8_cpu_0       133.8 MB  pytorch" (conda, packages to download)
#   "  + pytorch    1.10.0  py3.8_cpu_0   pytorch/win-64   100MB"              (mamba / libmamba)
PLAN_KIND = "conda_plan"
PLAN_LABEL = "conda install plan"
PLAN_NEEDLES = ("torch", "cudatoolkit", "cpuonly")
_PLAN_NAME = r"[A-Za-z0-9_][\w.-]{0,63}"
# An UPDATED / DOWNGRADED / SUPERSEDED line puts the old spec left of "-->" and the new one right of it, each
# either "channel::name-version-build" or "version-build" alone, and conda cuts a long one short with "~":
#   "  pytorch   pytorch::pytorch-1.7.1-py3.8_cuda10.2~ --> pkgs/main::pytorch-1.7.1-cpu_py38h6a09485_0"
#   "  pytorch   1.4.0-py3.7_cuda10.1.243_cudnn7.6.3_0 --> 1.5.0-py3.7_cpu_0"
# The right side is what the environment will hold.
# a channel with its subdir: "pytorch::", "pytorch/win-64::", "pkgs/main/linux-64::", "conda-forge/noarch::"
_PLAN_CHANNEL = r"[\w.-]{1,40}(?:/[\w-]{1,20}){0,2}::"
_PLAN_SPEC = re.compile(r"\s{0,12}(?P<name>" + _PLAN_NAME + r")\s{1,40}(?:" + _PLAN_CHANNEL + r")"
                        r"(?P<spec>" + _PLAN_NAME + r"-\d[\w.+!]{0,40}-[\w.]{1,60})~?"
                        r"(?:\s{1,8}-->\s{1,8}(?:" + _PLAN_CHANNEL + r"(?P<renamed>" + _PLAN_NAME + r")-(?=\d))?"
                        r"(?P<new>\d[\w.+!]{0,40}-[\w.]{1,60})~?)?\s*$")
_PLAN_CHANGE = re.compile(r"\s{0,12}(?P<name>" + _PLAN_NAME + r")\s{1,40}\d[\w.+!]{0,40}-[\w.]{1,60}~?"
                          r"\s{1,8}-->\s{1,8}(?P<new>\d[\w.+!]{0,40}-[\w.]{1,60})~?\s*$")
# (A row quoted alone, its size and channel cut off, still names the build: "pytorch-1.7.1   |cpu_py37hf1c21f6_1".)
_PLAN_DOWNLOAD = re.compile(r"\s{0,12}(?P<spec>" + _PLAN_NAME + r"-\d[\w.+!]{0,40})\s{1,40}\|\s{0,40}"
                            r"(?P<build>[\w.]{1,60})(?:\s{1,20}\d[\d.]{0,10}\s?[KMGk]?B"
                            r"(?:\s{1,20}(?P<channel>\S{1,60}))?)?\s*$")
_PLAN_MAMBA = re.compile(r"\s{0,12}\+\s{1,4}(?P<name>" + _PLAN_NAME + r")\s{1,40}(?P<version>\d[\w.+!]{0,40})"
                         r"\s{1,40}(?P<build>[\w.]{1,60})\s{1,40}(?P<channel>[\w.-]{1,40}(?:/[\w-]{1,20})?)(?:\s.*)?$")
PLAN_PATTERN = (r"^\s{0,12}" + _PLAN_NAME + r"\s{1,40}" + _PLAN_CHANNEL + _PLAN_NAME + r"-\d"
                r"|^\s{0,12}" + _PLAN_NAME + r"\s{1,40}\d[\w.+!]{0,40}-[\w.]{1,60}~?\s{1,8}-->\s"
                r"|^\s{0,12}" + _PLAN_NAME + r"-\d[\w.+!]{0,40}\s{1,40}\|\s{0,40}[\w.]{1,60}(?:\s{1,20}\d|\s*$)"
                r"|^\s{0,12}\+\s{1,4}" + _PLAN_NAME + r"\s{1,40}\d[\w.+!]{0,40}\s{1,40}[\w.]{1,60}\s{1,40}\S")


def parse_plan_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    """One package of a conda / mamba plan, read as the `conda list` row it will become."""
    reading = Reading()
    line = lines[index]
    spec = _PLAN_SPEC.match(line)
    if spec:
        name = spec.group("name")
        chosen = spec.group("spec")
        if not chosen.startswith(name + "-") or spec.group("renamed") not in (None, name):
            return reading
        version_build = spec.group("new") or chosen[len(name) + 1:]  # "1.10.0-py3.6_cpu_0"
        text_version, _, build = version_build.partition("-")
        channel = line.split("::", 1)[0].split()[-1]
        reading.observations.extend(conda_line(f"{name} {text_version} {build} {channel}", lineno, PLAN_KIND))
        return reading
    change = _PLAN_CHANGE.match(line)
    if change:
        text_version, _, build = change.group("new").partition("-")
        reading.observations.extend(conda_line(f"{change.group('name')} {text_version} {build}", lineno, PLAN_KIND))
        return reading
    download = _PLAN_DOWNLOAD.match(line)
    if download:
        name, _, text_version = download.group("spec").rpartition("-")
        if name:
            reading.observations.extend(conda_line(
                f"{name} {text_version} {download.group('build')} {download.group('channel') or ''}".rstrip(),
                lineno, PLAN_KIND))
        return reading
    mamba = _PLAN_MAMBA.match(line)
    if mamba:
        reading.observations.extend(conda_line(
            f"{mamba.group('name')} {mamba.group('version')} {mamba.group('build')} {mamba.group('channel')}",
            lineno, PLAN_KIND))
    return reading


# ---- single lines: pins, direct URLs, `pip list | grep` rows ----------------

LINE_KIND = "pip_line"
LINE_LABEL = "installed package versions"
LINE_PATTERN = (r"^\s*[A-Za-z0-9][\w.-]*(?:\[[\w,\s-]*\])?\s*(?:===?\s*\S|@\s*\S)"  # pins, direct URLs
                r"|^\s*-e\s+\S"  # editable installs in a freeze
                r"|^\s*[A-Za-z][\w.-]*(?:\s{2,}v?\d\S*)?\s*$"  # "flash-attn   2.7.3", or a name alone
                r"|^\s*[A-Za-z][\w.-]*\s+\d\S*\s+\S+(?:\s+\[[\w.-]{1,40}\])?(?:\s+\S+)?\s*$"  # a `conda list` row
                r"|^\s*[A-Za-z][\w.-]*[ \t]?=[ \t]?v?\d[\w.!+]*(?:=[\w.+-]+)?\s*$")  # one "=": conda's spec, --export
_PIN = re.compile(r"\s*(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,\s-]*\])?\s*===?\s*(?P<version>[^\s;#,]+)\s*(?:[;#].*)?$")
_DIRECT = re.compile(r"\s*(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,\s-]*\])?\s*@\s*(?P<url>\S+)\s*$")
_EDITABLE = re.compile(r"\s*-e\s+(?P<url>\S+?)#egg=(?P<name>[\w.-]+)")
_ROW = re.compile(r"\s*(?P<name>[A-Za-z][\w.-]*)\s{2,}(?P<version>v?\d\S*)\s*$")
_CONDA_BUILD = re.compile(r"pypi_0|py[\w.]*|h[0-9a-f]{7}_\d+|cuda\S*|cpu\S*|\d+|[\w.]+_\d+")
_NAME_ALONE = re.compile(r"\s*(?P<name>[A-Za-z][\w.-]*)\s*$")
# "ultralytics=8.3.90", "pytorch=1.12.1=py3.9_cuda11.3_cudnn8.3.2_0": conda's match spec and `conda list --export`
# (name=version=build) write one "=". Believed for tracked distributions only ("batch=16" is an argument).
_SINGLE_PIN = re.compile(r"\s*(?P<name>[A-Za-z][\w.-]*)[ \t]?=[ \t]?v?(?P<version>\d[\w.!+]*)(?:=(?P<build>[\w.+-]+))?\s*$")
# Bare "name version" rows are only believed for distributions this tool tracks (a lone "GPU  0" is not a package).
_TRACKED_PREFIXES = ("torch", "nvidia-", "tensorrt", "opencv", "onnx", "flash-attn", "flash_attn")
_TRACKED = set(PACKAGE_OF_DISTRIBUTION) | {"torch", "numpy", "ultralytics", "triton", "xformers", "pytorch",
                                             "cudatoolkit", "transformers", "timm", "mmcv", "mmcv-full", "pillow"}
# Every line this parser reads holds a pin, a URL, an editable, or a tracked name (any case).
LINE_NEEDLES = ("==", "@", "-e ") + tuple(sorted({n for n in _TRACKED | set(_TRACKED_PREFIXES)}
                                                 | {n.title() for n in _TRACKED | set(_TRACKED_PREFIXES)}))


def tracked(name: str) -> bool:
    canon = canonical_name(name)
    return canon in _TRACKED or canon.startswith(_TRACKED_PREFIXES)


# A block of pins introduced by a line naming a requirements file ("requirements.txt has:", "cat requirements.txt")
# lists what is asked for, not what is installed; pip's own listings name no such file.
_REQUIREMENTS_WORDS = ("requirements", "constraints.txt", "environment.yml", "setup.py", "pyproject.toml")
_LISTING_WORDS = ("pip freeze", "pip list", "pip3 freeze", "pip3 list", "conda list")
_REQUIREMENTS_LOOKBACK = 40


def _in_requirements_file(lines: Sequence[str], index: int) -> bool:
    """The pin at `index` belongs to a block of pins (blank and comment lines between) whose heading line
    names a requirements file."""
    for back in range(index - 1, max(-1, index - 1 - _REQUIREMENTS_LOOKBACK), -1):
        text = lines[back].strip()
        if not text or text.startswith("#") or _PIN.match(text):
            continue
        low = text.lower()
        return any(w in low for w in _REQUIREMENTS_WORDS) and not any(w in low for w in _LISTING_WORDS)
    return False


# `micromamba search` / `mamba repoquery` print a row's channel with its subdir ("pytorch/linux-64"); `conda list`
# never does. Such rows list what a channel has, not what is installed.
_SEARCH_CHANNEL = re.compile(r"[\w.\-]{1,60}/(?:linux|osx|win|noarch|emscripten|wasi)(?:-[\w]{1,12})?")
_SEARCH_COMMAND = re.compile(r"(?:conda|mamba|micromamba)[ \t]{1,4}(?:search|repoquery)\b")
_SEARCH_LOOKBACK = 40
_ROW_SHAPE = re.compile(r"\S{1,80}(?:[ \t]{1,60}\S{1,80}){2,3}")


def _after_search(lines: Sequence[str], index: int) -> bool:
    """The row follows a `conda search` (mamba, micromamba) command, with only rows, blanks and headers between."""
    for back in range(index - 1, max(-1, index - 1 - _SEARCH_LOOKBACK), -1):
        text = lines[back].strip()
        if _SEARCH_COMMAND.search(text):
            return True
        if text and not text.startswith(("#", "Loading", "Name", "─", "-")) and not _ROW_SHAPE.fullmatch(text):
            return False
    return False


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    pin = _PIN.match(line)
    if pin and _in_requirements_file(lines, index):
        return reading
    if pin:
        reading.observations.extend(distribution_observations(pin.group("name"), pin.group("version"), lineno,
                                                              LINE_KIND))
        return reading
    single = _SINGLE_PIN.match(line)
    if single and tracked(single.group("name")) and version(single.group("version")):
        if _in_requirements_file(lines, index):
            return reading
        name, found = single.group("name"), single.group("version")
        if single.group("build"):  # conda list --export: the build says conda or pypi, and for pytorch its CUDA
            reading.observations.extend(conda_line(f"{name} {found} {single.group('build')}", lineno, LINE_KIND))
        else:
            reading.observations.extend(distribution_observations(CONDA_NAMES.get(name, name) or name, found, lineno,
                                                                  LINE_KIND))
        return reading
    direct = _DIRECT.match(line)
    if direct and tracked(direct.group("name")) and "://" in direct.group("url"):
        _direct(reading, direct.group("name"), direct.group("url"), lineno)
        return reading
    editable = _EDITABLE.match(line)
    if editable:
        name = editable.group("name")
        reading.observations.extend(distribution_observations(name, None, lineno, LINE_KIND))
        reading.add(f"python.distributions[{canonical_name(name)}].editable", True, lineno, LINE_KIND)
        reading.add(f"python.distributions[{canonical_name(name)}].direct_url",
                    redact_url(editable.group("url")), lineno, LINE_KIND)
        return reading
    row = _ROW.match(line)
    if row and tracked(row.group("name")) and version(row.group("version")):
        reading.observations.extend(distribution_observations(row.group("name"), row.group("version"), lineno,
                                                              LINE_KIND))
        return reading
    words = [w for w in line.split() if not (w.startswith("[") and w.endswith("]"))]  # conda's [features]
    if 3 <= len(words) <= 4 and tracked(words[0]) and _CONDA_BUILD.fullmatch(words[2]):
        if (len(words) == 4 and _SEARCH_CHANNEL.fullmatch(words[3])) or _after_search(lines, index):
            return reading  # what a channel offers (conda / mamba search), not what is installed
        reading.observations.extend(conda_line(line.strip(), lineno, LINE_KIND))
        return reading
    alone = _NAME_ALONE.match(line)
    if alone and tracked(alone.group("name")) and index + 1 < len(lines):
        # "ultralytics" on one line and "8.2.79" on the next, as issue templates ask for it
        following = version(lines[index + 1].strip())
        if following and lines[index + 1].strip() == following:
            reading.observations.extend(distribution_observations(alone.group("name"), following, lineno + 1,
                                                                  LINE_KIND))
    return reading


def _direct(reading: Reading, name: str, url: str, lineno: int) -> None:
    filename = unquote(url.rsplit("/", 1)[-1].split("#", 1)[0])
    found: Optional[str] = None
    if filename.endswith(".whl"):
        try:
            _, wheel_version, _, _ = parse_wheel_filename(filename)
            found = str(wheel_version) if str(wheel_version) else None
        except (InvalidWheelFilename, ValueError):
            found = None
    reading.observations.extend(distribution_observations(name, found, lineno, LINE_KIND))
    reading.add(f"python.distributions[{canonical_name(name)}].direct_url", redact_url(url), lineno, LINE_KIND)
