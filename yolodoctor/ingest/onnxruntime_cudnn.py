"""onnxruntime-gpu's CUDA provider that could not be created, judged by the cuDNN its build was made for.

onnxruntime-gpu loads one cuDNN major: each release's build is made against one (compat/cudnn.toml
[[onnxruntime_build]]: cuDNN 8 up to 1.18.0, cuDNN 9 for the CUDA 12 builds from 1.18.1). Where its generic failure
("Failed to create CUDAExecutionProvider", Windows' "LoadLibrary failed with error 126 ... onnxruntime_providers_cuda.dll")
is beside an onnxruntime release and a single cuDNN major the paste states ("cudnn9", "cuDNN 9.3", "CUDNN Version: 8.0",
pip's nvidia-cudnn-cu12 9.1.0.70), and the two majors differ, the cuDNN is the cause, not a missing CUDA library.

Read from the start of the paste (IngestResult.sample, its first 20,000 characters). Left out here: the majors
onnxruntime itself names as required ("Require cuDNN 9.* and CUDA 12.*", read by onnxruntime_required where no release
is named), library file names (libcudnn.so.8, cudnn64_8.dll: what a program asked for), conda build strings (torch's
bundled cuDNN), and a paste that states two cuDNN majors or two onnxruntime releases of different builds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from packaging.version import InvalidVersion, Version

from ..diagnose.model import Finding
from ..i18n import tr
from ..knowledge.files import KnowledgeError, load_compat_table
from .model import LIKELY
from .ranked import Ranked

# The generic failures: the provider was not created, no library named (a named one has its own reading).
PROVIDER_NOT_CREATED = frozenset({"onnxruntime-cuda-provider-not-created"})

# "onnxruntime-gpu 1.16", "onnxruntime-gpu==1.18.0", "onnxruntime-win-x64-cuda12-1.17.1", "ONNX Runtime version: 1.6.0"
ORT_RELEASE = re.compile(r"(?i)\bonnx[ _]?runtime(?P<name>(?:[-_](?!\d)[a-z0-9]{1,12}){0,5})"
                         r"(?:\s{0,2}(?:==|:|=)\s{0,2}|\s{1,30}(?:version:?\s{1,3})?|[-_]v?)"
                         r"(?P<version>\d\.\d{1,2}(?:\.\d{1,2})?)(?![\d.]*\d)")
BUILD_CUDA = re.compile(r"(?i)cuda[-_]?(1\d)\b|\bcu(1\d)\b")
FEED_CUDA = re.compile(r"(?i)\bonnxruntime-cuda-(1\d)\b")
# "cudnn9", "cuDNN 9.3", "CUDNN Version: 8.0", "cudnn v8.9.7"; not libcudnn.so.8, cudnn64_8.dll, _cudnn8.7.0_ builds
STATED_CUDNN = re.compile(r"(?i)(?<![\w.])cudnn[ \t_-]{0,2}(?:version:?[ \t]{0,3}|v)?(?P<major>\d{1,2})(?![\d_])")
PIP_CUDNN = re.compile(r"(?i)\bnvidia-cudnn-cu1\d[ \t]{1,30}v?(?P<major>\d{1,2})\.")
REQUIRED = re.compile(r"(?i)requires?\s{1,3}$")
CUDNN_MAJORS = range(5, 13)


@lru_cache(maxsize=1)
def _builds() -> tuple[tuple[Version, int, dict[int, int]], ...]:
    rows = []
    try:
        entries = load_compat_table("cudnn.toml", "onnxruntime_build", ("from", "cudnn_major"))
    except KnowledgeError:
        return ()
    for entry in entries:
        by_cuda = {m: entry[f"cuda{m}_cudnn_major"] for m in (11, 12) if f"cuda{m}_cudnn_major" in entry}
        rows.append((Version(entry["from"]), int(entry["cudnn_major"]), by_cuda))
    return tuple(sorted(rows, key=lambda r: r[0]))


def build_cudnn_major(release: str, cuda_major: Optional[int]) -> Optional[int]:
    """The cuDNN major the onnxruntime-gpu build of `release` (for `cuda_major`, None: the default build) loads."""
    try:
        version = Version(release)
    except InvalidVersion:
        return None
    found = None
    for start, major, by_cuda in _builds():
        if version >= start:
            found = by_cuda.get(cuda_major, major) if cuda_major is not None else major
    return found


def stated_cudnn_majors(text: str) -> set[int]:
    majors = set()
    for match in STATED_CUDNN.finditer(text):
        if REQUIRED.search(text[max(0, match.start() - 12):match.start()]):
            continue  # onnxruntime naming what it requires
        majors.add(int(match.group("major")))
    majors.update(int(m.group("major")) for m in PIP_CUDNN.finditer(text))
    return {m for m in majors if m in CUDNN_MAJORS}


def ort_build_cudnn(text: str) -> Optional[tuple[str, int]]:
    """(release, cuDNN major) of the onnxruntime build the paste names; None where none, or builds that disagree."""
    feed = FEED_CUDA.search(text)
    found: dict[int, str] = {}
    for match in ORT_RELEASE.finditer(text):
        cuda = BUILD_CUDA.search(match.group("name") or "")
        cuda_major = int(next(g for g in cuda.groups() if g)) if cuda else (int(feed.group(1)) if feed else None)
        major = build_cudnn_major(match.group("version"), cuda_major)
        if major is not None:
            found.setdefault(major, match.group("version"))
    if len(found) != 1:
        return None
    (major, release), = found.items()
    return release, major


def provider_failure_line(seen) -> Optional[int]:
    """The line of the first ranked finding read from onnxruntime's generic provider failure; None where none."""
    failed = [r for r in seen.ranked if PROVIDER_NOT_CREATED & set(r.finding.data.get("signals", []))]
    return failed[0].line if failed else None


def cudnn_mismatch(seen, finding_id: str, line: int, needed: int, have: int, title: str, message: str,
                   needed_evidence: str) -> Ranked:
    """The cudnn_problem finding both onnxruntime readers give: the build loads cuDNN `needed`, the paste has `have`."""
    return Ranked(Finding(
        id=finding_id, category="cudnn_problem", severity="error", area=seen.areas.get("cudnn_problem", "system"),
        title=title, message=message,
        fix=tr("Install cuDNN {needed} beside it (its lib folder on LD_LIBRARY_PATH, on Windows its bin folder on "
               "PATH), or install the onnxruntime-gpu release built for cuDNN {have} (onnxruntime's CUDA execution "
               "provider requirements list them).", needed=needed, have=have),
        evidence=(needed_evidence, tr("the paste states cuDNN {have}", have=have)),
        certainty=LIKELY, references=("https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html"
                                      "#requirements",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)


def onnxruntime_build_cudnn(seen, out: list[Ranked]) -> list[Ranked]:
    """onnxruntime-gpu could not create its CUDA provider, and the paste states a cuDNN of another major than the
    one its release was built for: the cuDNN is the cause."""
    line = provider_failure_line(seen)
    if line is None:
        return []
    text = seen.result.sample
    build = ort_build_cudnn(text)
    stated = stated_cudnn_majors(text)
    if build is None or len(stated) != 1:
        return []
    release, needed = build
    (have,) = stated
    if have == needed:
        return []
    return [cudnn_mismatch(
        seen, "onnxruntime-build-other-cudnn", line, needed, have,
        title=tr("onnxruntime-gpu {release} is built for cuDNN {needed}, and the paste has cuDNN {have}",
                 release=release, needed=needed, have=have),
        message=tr("onnxruntime-gpu could not create its CUDA provider (line {line}): the release the paste names loads "
                   "cuDNN {needed} only, and the cuDNN it states is {have}.",
                   line=line, needed=needed, have=have),
        needed_evidence=tr("onnxruntime-gpu {release}: cuDNN {needed} (compat/cudnn.toml)", release=release,
                           needed=needed))]
