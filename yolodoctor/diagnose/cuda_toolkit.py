"""YD21x: the local CUDA toolkit (nvcc, CUDA_HOME) that extension builds use (rules/cuda.toml)."""

from __future__ import annotations

import os
from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import ev, torch_label
from ..i18n import tr
from .flash_attn import build_reason
from .model import Hit, predicate


def _nvcc(ctx: Context) -> str:
    path = ctx.facts.cuda.nvcc.path
    return f"nvcc {ctx.nvcc_version}" + (f" ({path})" if path else "")


@predicate("YD210")
def nvcc_major_differs(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda or not ctx.nvcc_version:
        return None
    torch_major, nvcc_major = V.major(ctx.torch_cuda), V.major(ctx.nvcc_version)
    if torch_major == nvcc_major:
        return None
    reason = build_reason(ctx)
    matching = [t for t in ctx.facts.cuda.toolkits if t.version and V.major(t.version) == torch_major and t.path]
    steps = []
    if matching:
        home = matching[0].path
        steps.append(tr("Build with the CUDA {version} toolkit already installed at {home}:\n  {command}",
                        version=matching[0].version, home=home,
                        command=f"export CUDA_HOME={home} PATH={home}/bin:$PATH"))
    else:
        steps.append(tr("Install a CUDA {cuda} toolkit and point CUDA_HOME and PATH at it.", cuda=ctx.torch_cuda))
    other = _build_for_major(ctx, nvcc_major)
    if other:
        steps.append(tr("Or install a torch built for CUDA {major}:\n  {command}", major=nvcc_major,
                        command=f"yolodoctor fix --torch {other}"))
    message = tr("{nvcc} is CUDA {major}, {torch} is built with CUDA {cuda}: torch refuses to build CUDA "
                 "extensions with a toolkit of another major version.", nvcc=_nvcc(ctx), major=nvcc_major,
                 torch=torch_label(ctx.torch_version), cuda=ctx.torch_cuda)
    if reason:
        message += tr(" A build is needed here: {reason}.", reason=reason)
    return Hit(message, fix="\n".join(steps), severity=None if reason else "info",
               evidence=(ev("nvcc", ctx.nvcc_version), ev("torch.version.cuda", ctx.torch_cuda)),
               data={"nvcc_version": ctx.nvcc_version, "torch_cuda": ctx.torch_cuda, "build_needed": reason,
                     "matching_toolkit": matching[0].path if matching else None})


def _build_for_major(ctx: Context, major: Optional[int]) -> Optional[str]:
    """"2.4.1+cu118": the installed release's variant of CUDA `major` that the driver runs, else None."""
    if major is None or not ctx.torch_release:
        return None
    release = compat.torch_release(ctx.torch_release)
    if release is None:
        return None
    variants = [v for v in release.cuda_variants if V.major(V.variant_cuda(v)) == major
                and (not ctx.driver or compat.driver_requirement(V.variant_cuda(v), ctx.os_name).allows(ctx.driver)
                     is not False)]
    return f"{release.version}+{variants[-1]}" if variants else None


def _same_path(a: str, b: str) -> bool:
    return os.path.normpath(a) == os.path.normpath(b)


@predicate("YD211")
def cuda_home_inconsistent(ctx: Context) -> Optional[Hit]:
    cuda = ctx.facts.cuda
    for name, home in (("CUDA_HOME", cuda.cuda_home), ("CUDA_PATH", cuda.cuda_path)):
        if not home:
            continue
        toolkit = next((t for t in cuda.toolkits if t.path and _same_path(t.path, home)), None)
        if toolkit is None:
            return Hit(tr("{name}={home} does not hold a CUDA toolkit (no nvcc and no version file there); extension "
                          "builds will fail to find CUDA.", name=name, home=home),
                       fix=tr("Point {name} at an installed toolkit, e.g. {command}, or unset it.", name=name,
                              command=f"export {name}={cuda.toolkits[0].path}") if cuda.toolkits else
                       tr("Point {name} at an installed toolkit, or unset it.", name=name),
                       evidence=(ev(name, home), ev("toolkits found", [t.path for t in cuda.toolkits])),
                       data={"variable": name, "value": home})
        if toolkit.version and ctx.nvcc_version and V.major_minor(toolkit.version) != V.major_minor(ctx.nvcc_version):
            return Hit(tr("{name}={home} is CUDA {version} but nvcc on PATH is CUDA {nvcc}: extension builds take "
                          "headers and libraries from one and the compiler from the other.", name=name, home=home,
                          version=toolkit.version, nvcc=ctx.nvcc_version),
                       fix=tr("Use one toolkit: {command} (or change {name}).", command=f"export PATH={home}/bin:$PATH",
                              name=name),
                       evidence=(ev(name, f"{home} (CUDA {toolkit.version})"), ev("nvcc", _nvcc(ctx))),
                       data={"variable": name, "value": home, "toolkit_version": toolkit.version,
                             "nvcc_version": ctx.nvcc_version})
    return None


@predicate("YD212")
def nvcc_newer_than_driver(ctx: Context) -> Optional[Hit]:
    if not ctx.nvcc_version or not ctx.driver:
        return None
    need = compat.driver_requirement(ctx.nvcc_version, ctx.driver_os)
    if need.allows(ctx.driver) is not False:
        return None
    reason = build_reason(ctx)
    return Hit(tr("{nvcc} produces code that needs NVIDIA driver {minimum} or newer; this machine has {driver} (CUDA "
                  "up to {cuda}), so anything compiled with it fails to run.", nvcc=_nvcc(ctx), minimum=need.minimum,
                  driver=ctx.driver, cuda=ctx.driver_max_cuda or tr("unknown")),
               fix=tr("Upgrade the driver to {driver} or newer, or build with a CUDA {cuda} toolkit.",
                      driver=need.full or need.minimum, cuda=ctx.driver_max_cuda) if ctx.driver_max_cuda else
               tr("Upgrade the driver to {driver} or newer, or build with an older CUDA toolkit.",
                  driver=need.full or need.minimum),
               severity="error" if reason else None,
               evidence=(ev("nvcc", ctx.nvcc_version), ev("nvidia.driver_version", ctx.driver)),
               data={"nvcc_version": ctx.nvcc_version, "driver_version": ctx.driver, "required_driver": need.minimum})


@predicate("YD520")
def nvcc_older_than_torch_cuda(ctx: Context) -> Optional[Hit]:
    """nvcc of torch's CUDA major but an older minor: torch.utils.cpp_extension only warns, yet extension code and
    torch's own headers may use what the newer minor added, so the build fails (YD210 covers another major)."""
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda or not ctx.nvcc_version:
        return None
    torch_mm, nvcc_mm = V.major_minor(ctx.torch_cuda), V.major_minor(ctx.nvcc_version)
    if not torch_mm or not nvcc_mm or torch_mm[0] != nvcc_mm[0] or nvcc_mm >= torch_mm:
        return None
    reason = build_reason(ctx)
    message = tr("{nvcc} is older than the CUDA {cuda} {torch} is built with: torch only warns about a minor "
                 "version difference, but extensions that use what CUDA {cuda} added (or torch's headers that do) "
                 "fail to compile with the older toolkit.", nvcc=_nvcc(ctx), cuda=ctx.torch_cuda,
                 torch=torch_label(ctx.torch_version))
    if reason:
        message += tr(" A build is needed here: {reason}.", reason=reason)
    return Hit(message,
               fix=tr("Install a CUDA {cuda} toolkit and point CUDA_HOME and PATH at it.", cuda=ctx.torch_cuda),
               severity="warning" if reason else None,
               evidence=(ev("nvcc", ctx.nvcc_version), ev("torch.version.cuda", ctx.torch_cuda)),
               data={"nvcc_version": ctx.nvcc_version, "torch_cuda": ctx.torch_cuda, "build_needed": reason})
