"""YD30x: cuDNN: GPU support floor, loading, shadowing (rules/cudnn.toml)."""

from __future__ import annotations

import os
import re
from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .repair import torch_repair
from .context import Context
from .evidence import and_list, ev, matching_line
from ..i18n import tr
from .model import Hit, predicate


@predicate("YD303")
def cudnn_drops_gpu(ctx: Context) -> Optional[Hit]:
    if ctx.cudnn_in_use is None:
        return None
    version, source = ctx.cudnn_in_use
    try:
        release = compat.cudnn_release(version)
    except ValueError:
        return None
    if release is None:
        return None
    old = [g for g in ctx.gpus if g.capability and g.capability < release.min_capability]
    if not old:
        return None
    floor = V.capability_text(release.min_capability)
    dropping = compat.first_cudnn_dropping(min(g.capability for g in old))
    gpus = and_list(g.describe() for g in old)
    if dropping:
        message = tr("cuDNN {version} supports compute capability {floor} and newer (support for older GPUs ended "
                     "with cuDNN {last}); {gpus} is older, so convolutions fail on it.", version=version, floor=floor,
                     last=dropping.version, gpus=gpus)
    else:
        message = tr("cuDNN {version} supports compute capability {floor} and newer; {gpus} is older, so convolutions "
                     "fail on it.", version=version, floor=floor, gpus=gpus)
    if not release.verified:
        message += tr(" (This cuDNN row is marked unverified in compat/cudnn.toml.)")
    lowest = min(g.capability for g in old)
    still = [r.version for r in compat.cudnn_releases() if r.min_capability <= lowest]
    fix = torch_repair(tr("Install a torch build whose cuDNN still supports it"),
                       tr("(cuDNN {version} or older supports it.)", version=still[-1]) if still else
                       tr("(cuDNN of an older line or older supports it.)"))
    return Hit(message, fix=fix, certainty="certain" if release.verified else "likely",
               evidence=(ev("cuDNN", f"{version} ({source})"),
                         *(ev(f"{g.label} compute capability", g.cap_text) for g in old)),
               data={"cudnn_version": version, "min_capability": floor})


@predicate("YD304")
def cudnn_load_error(ctx: Context) -> Optional[Hit]:
    text = ctx.package_text("torch")
    line = matching_line(ctx.param("pattern", ""), text)
    if not line:
        return None
    libs = [p for p in ctx.facts.cuda.ld_library_path_cuda_libs if os.path.basename(p).startswith("libcudnn")]
    evidence = [ev("torch error", line)]
    fix = ""
    if libs:
        dirs = sorted({os.path.dirname(p) for p in libs})
        evidence.append(ev("cuDNN on LD_LIBRARY_PATH", dirs))
        fix = tr("LD_LIBRARY_PATH puts another cuDNN ({directories}) ahead of torch's own: remove those directories "
                 "from LD_LIBRARY_PATH.", directories=and_list(dirs)) + "\n"
    variant = ctx.torch_variant
    pin = f"torch=={ctx.torch_release}+{variant}" if ctx.torch_release and variant else "torch"
    index = f" --index-url {compat.pytorch_index_url(variant)}" if variant else ""
    fix += tr("Reinstall torch with the cuDNN it was built against:\n  {command}",
              command=f"{ctx.pip} install --force-reinstall --no-cache-dir {pin}{index}")
    if variant:
        fix += ctx.source_note(compat.pytorch_index_url(variant))
    return Hit(tr("torch cannot load the cuDNN it needs: {error}", error=line), fix=fix, evidence=tuple(evidence),
               data={"ld_library_path_cudnn": libs}, explains=("YD202", "YD203", "YD305"))


_CUDNN_FILE = re.compile(r"libcudnn[_a-z]{0,40}\.so\.(\d+(?:\.\d+)*)")


@predicate("YD305")
def cudnn_shadowed(ctx: Context) -> Optional[Hit]:
    libs = [p for p in ctx.facts.cuda.ld_library_path_cuda_libs if os.path.basename(p).startswith("libcudnn")]
    if not libs or ctx.torch_kind != "cuda" or not ctx.torch_release or not ctx.torch_variant:
        return None
    bundled = compat.cudnn_bundled(ctx.torch_release, ctx.torch_variant)
    if not bundled:
        return None
    loaded = ctx.facts.torch.cudnn_version
    on_path = sorted({m.group(1) for p in libs if (m := _CUDNN_FILE.search(os.path.basename(p)))})
    wanted = V.major_minor(bundled)
    if loaded:
        if V.major_minor(loaded) == wanted:
            return None
        message = tr("torch {version} ships cuDNN {bundled} but loaded cuDNN {loaded}: the copy on LD_LIBRARY_PATH "
                     "is found first.", version=ctx.torch_version, bundled=bundled, loaded=loaded)
    else:
        other = [v for v in on_path if len(V.numeric(v)) >= 2 and V.major_minor(v) != wanted]
        if not other:
            return None
        message = tr("LD_LIBRARY_PATH holds cuDNN {versions}, which is found before the cuDNN {bundled} torch "
                     "{version} ships with.", versions=and_list(other), bundled=bundled, version=ctx.torch_version)
    dirs = sorted({os.path.dirname(p) for p in libs})
    return Hit(message, fix=tr("Remove {directories} from LD_LIBRARY_PATH for this environment.",
                               directories=and_list(dirs)),
               evidence=(ev("cuDNN on LD_LIBRARY_PATH", dirs), ev("cuDNN torch loaded", loaded),
                         ev("cuDNN bundled with torch", bundled)),
               data={"directories": dirs, "bundled": bundled, "loaded": loaded})
