"""Choices for the packages around torch: TensorRT, OpenCV, NumPy, Ultralytics.

Each returns the requirements to install and the distributions to remove
first, with the reasons, or None when there is nothing to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..i18n import tr
from . import compat_view as cv
from .machine import Machine
from .versions import capability, parse


@dataclass(frozen=True)
class PackageChoice:
    requirements: tuple[str, ...]
    uninstall: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    verified: bool = True
    options: tuple[str, ...] = ()


def _range_start(version_range: str) -> str:
    return version_range.split("-", 1)[0].strip()


def tensorrt_choice(machine: Machine, torch_cuda: Optional[str], installed: Iterable[str],
                    cuda_available: bool) -> Optional[PackageChoice]:
    """TensorRT for torch's CUDA major, as Ultralytics installs it for format='engine', plus
    the ONNX tools its export runs first; an upper bound where the GPU is older than newer
    TensorRT releases support. `installed`: canonical names of installed distributions."""
    if not torch_cuda:
        return None
    major = str(parse(torch_cuda).major)
    spec = cv.ultralytics_requirement("tensorrt")
    if spec is None:
        return None
    requirement = spec.replace("{torch.version.cuda major}", major)
    reasons = [tr("torch is built for CUDA {cuda}: TensorRT must be the CUDA {major} build ({package}); the bare "
                  "'tensorrt' package follows the newest CUDA instead", cuda=torch_cuda, major=major,
                  package=f"tensorrt-cu{major}")]
    verified = True
    caps = [c for c in (capability(t) for t in machine.capabilities) if c]
    if caps:
        lowest = min(caps)
        releases = sorted(cv.tensorrt_releases(), key=lambda r: parse(_range_start(r.version)))
        for release in releases:
            if release.min_capability and capability(release.min_capability) > lowest:
                requirement += f",<{_range_start(release.version)}"
                reasons.append(tr("TensorRT {version} and later need compute capability >= {minimum}; this GPU is "
                                  "{capability}", version=release.version, minimum=release.min_capability,
                                  capability=f"{lowest[0]}.{lowest[1]}"))
                verified = verified and release.verified
                break
    wanted_name = f"tensorrt-cu{major}"
    uninstall = tuple(sorted(name for name in installed if name.startswith("tensorrt")
                             and not name.startswith(wanted_name)))
    if uninstall:
        reasons.append(tr("removes {packages} (built for another CUDA major)", packages=', '.join(uninstall)))
    tools = [t.requirement for t in cv.export_tools() if t.when == "always" or (t.when == "cuda" and cuda_available)]
    reasons.append(tr("with the ONNX tools Ultralytics' engine export runs first: {tools}", tools=", ".join(tools)))
    return PackageChoice((requirement, *tools), uninstall, tuple(reasons), verified)


def opencv_choice(installed_versions: dict[str, str]) -> Optional[PackageChoice]:
    """Swap each GUI OpenCV wheel for its headless twin of the same version (no libGL needed)."""
    requirements, uninstall, reasons = [], [], []
    for pair in cv.headless_opencv():
        version = installed_versions.get(pair.gui)
        if version is None:
            continue
        uninstall.append(pair.gui)
        requirements.append(f"{pair.headless}=={version}")
        reasons.append(tr("{gui} {version} links libGL, which this system lacks; {headless} {version} is the same "
                          "OpenCV without the GUI parts", gui=pair.gui, headless=pair.headless, version=version))
    if not requirements:
        return None
    return PackageChoice(tuple(requirements), tuple(uninstall), tuple(reasons))


def numpy_choice(extension: Optional[str], numpy_version: Optional[str]) -> Optional[PackageChoice]:
    who = extension or tr("an installed extension module")
    if numpy_version and parse(numpy_version) is not None and parse(numpy_version).major < 2:
        return PackageChoice(("numpy",), reasons=(
            tr("{who} was compiled against a newer NumPy than the installed {numpy}", who=who, numpy=numpy_version),),
            options=("--upgrade",))
    return PackageChoice(("numpy<2",), reasons=(
        tr("{who} was compiled against NumPy 1.x and cannot load with NumPy {numpy}; NumPy 1.26 keeps it working "
           "(upgrading that package to a NumPy-2 build is the other way out)", who=who, numpy=numpy_version or '2'),))


def ultralytics_choice(installed: Optional[str], family: Optional[str] = None,
                       required: Optional[str] = None) -> Optional[PackageChoice]:
    """Upgrade ultralytics to the first release that ships the model family."""
    minimum = required
    if family and not minimum:
        row = next((f for f in cv.ultralytics_families() if f.name == family.lower()), None)
        minimum = row.first_version if row else None
    if not minimum:
        return None
    if installed and parse(installed) is not None and parse(installed) >= parse(minimum):
        return None
    what = tr("the {family} models", family=family) if family else tr("this model")
    return PackageChoice((f"ultralytics>={minimum}",), reasons=(
        tr("ultralytics {installed} predates {what}; they first ship in {minimum}",
           installed=installed or tr("(not installed)"), what=what, minimum=minimum),),
        options=("--upgrade",))
