"""YD60x: Python packages next to torch: NumPy's ABI, OpenCV (rules/packages.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import versions as V
from ..i18n import tr
from .context import Context
from .evidence import and_list, ev, matching_line
from .model import Hit, predicate

# Packages whose import errors can show a NumPy 1.x / 2.x ABI clash.
NUMPY_USERS = ("torch", "cv2", "torchvision", "torchaudio", "onnx", "onnxruntime", "tensorrt", "flash_attn")
OPENCV = ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless")


@predicate("YD604")
def numpy_abi(ctx: Context) -> Optional[Hit]:
    numpy = ctx.facts.package("numpy").version or ctx.installed("numpy")
    pattern = ctx.param("pattern", "")
    hits = {name: line for name in NUMPY_USERS
            if (line := matching_line(pattern, ctx.package_text(name)))}
    if not hits:
        return None
    numpy2 = bool(numpy) and V.major(V.base_release(numpy)) >= 2
    names = and_list(sorted(hits))
    if numpy2:
        message = tr("numpy {numpy} is installed, but {names} was compiled against NumPy 1.x and cannot use it.",
                     numpy=numpy, names=names) if len(hits) == 1 else \
            tr("numpy {numpy} is installed, but {names} were compiled against NumPy 1.x and cannot use it.",
               numpy=numpy, names=names)
        fix = f"{ctx.pip} install \"numpy<2\"\n" + tr("or upgrade {names} to releases built for NumPy 2.",
                                                       names=names)
    else:
        numpy_text = numpy or tr("(unknown version)")
        message = tr("{names} was compiled against a newer NumPy than the installed numpy {numpy}.",
                     names=names, numpy=numpy_text) if len(hits) == 1 else \
            tr("{names} were compiled against a newer NumPy than the installed numpy {numpy}.",
               names=names, numpy=numpy_text)
        fix = f"{ctx.pip} install -U numpy"
    return Hit(message, fix=fix, evidence=(ev("numpy", numpy), *(ev(f"import {n}", line) for n, line in hits.items())),
               data={"numpy_version": numpy, "packages": sorted(hits)},
               explains=("YD203", "YD503"))


@predicate("YD605")
def opencv_system_library_missing(ctx: Context) -> Optional[Hit]:
    pkg = ctx.facts.package("cv2")
    if pkg.status != "error":
        return None
    line = matching_line(ctx.param("pattern", ""), ctx.package_text("cv2"))
    if not line:
        return None
    dists = pkg.details.get("distributions") or {}
    gui = sorted(d for d in dists if "headless" not in d)
    version = dists.get(gui[0]) if gui else pkg.version
    headless = f"opencv-python-headless=={version}" if version else "opencv-python-headless"
    fix = (tr("On a server or in a container, use the headless build (no GUI libraries needed):") + "\n"
           f"  {ctx.pip} uninstall -y {' '.join(gui or ['opencv-python'])}\n  {ctx.pip} install \"{headless}\"\n"
           + tr("or install the system libraries: {command}", command="apt-get install -y libgl1 libglib2.0-0"))
    return Hit(tr("import cv2 fails because a system library of OpenCV's GUI build is missing: {line}", line=line),
               fix=fix, evidence=(ev("import cv2", line), ev("OpenCV distributions", sorted(dists) or None)),
               data={"opencv_distributions": dists})


@predicate("YD606")
def opencv_two_builds(ctx: Context) -> Optional[Hit]:
    dists = ctx.facts.package("cv2").details.get("distributions")
    if not isinstance(dists, dict) or not dists:
        dists = {name: ctx.installed(name) for name in OPENCV if ctx.installed(name)}
    gui = sorted(d for d in dists if "headless" not in d)
    headless = sorted(d for d in dists if "headless" in d)
    if not gui or not headless:
        return None
    names = sorted(dists)
    return Hit(tr("{builds} are all installed; they write the same cv2 package, so whichever was installed last "
                  "wins, and uninstalling one breaks the other.", builds=and_list(f'{n} {dists[n]}' for n in names)),
               fix=tr("Keep one build (headless for servers and containers):") + f"\n  {ctx.pip} uninstall -y "
                   f"{' '.join(names)}\n  {ctx.pip} install {headless[0]}",
               evidence=(ev("OpenCV distributions", [f"{n} {dists[n]}" for n in names]),),
               data={"opencv_distributions": dists})
