"""YD4xx: flash-attn: GPU generation, Blackwell, ABI, building it (rules/flash_attn.toml)."""

from __future__ import annotations

import re
from typing import Optional

from ..facts.model import Package
from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import and_list, ev, gib, matching_line, torch_label
from ..i18n import tr
from .model import Hit, predicate


def _flash_attn(ctx: Context) -> tuple[Package, Optional[str]]:
    pkg = ctx.facts.package("flash_attn")
    return pkg, pkg.version or ctx.installed("flash-attn")


def _installed(ctx: Context) -> bool:
    pkg, version = _flash_attn(ctx)
    return pkg.status == "ok" or bool(version)


def prebuilt(ctx: Context, version: Optional[str] = None) -> Optional[compat.PrebuiltWheel]:
    """The prebuilt flash-attn wheel for this torch, CUDA, C++ ABI and Python, if one was published."""
    host = ctx.facts.host
    python = ctx.facts.python.version
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda or not ctx.torch_release or not python:
        return None
    if (host.os and host.os != "Linux") or (host.arch and host.arch != "x86_64"):
        return None
    return compat.flash_attn_prebuilt(ctx.torch_release, ctx.torch_cuda, python, ctx.facts.torch.cxx11_abi, version)


def abi_problem(ctx: Context) -> Optional[str]:
    """The line of flash-attn's import error that shows it was built for another torch or CUDA."""
    pkg, _ = _flash_attn(ctx)
    if pkg.status != "error":
        return None
    params = ctx.params_of("YD403")
    text = ctx.package_text("flash_attn")
    line = matching_line(params.get("pattern", ""), text)
    if line:
        return line
    match = re.search(params.get("cudart_pattern", r"$^"), text)
    if match and ctx.torch_cuda and int(match.group(1)) != V.major(ctx.torch_cuda):
        return matching_line(re.escape(match.group(0)), text)
    return None


def _wants(ctx: Context) -> Optional[str]:
    profile = ctx.profile
    return profile.flash_attn if profile is not None and profile.flash_attn in ("recommended", "required") else None


def _capable_gpus(ctx: Context, minimum: Optional[tuple[int, int]]) -> bool:
    return any(g.capability and (minimum is None or g.capability >= minimum) for g in ctx.gpus)


def build_reason(ctx: Context) -> Optional[str]:
    """Why flash-attn has to be compiled on this machine, or None when nothing needs building."""
    pkg, version = _flash_attn(ctx)
    if abi_problem(ctx) and prebuilt(ctx) is None:
        return tr("flash-attn {version} has to be rebuilt against {torch}", version=version or "",
                  torch=torch_label(ctx.torch_version)).replace("  ", " ")
    if _wants(ctx) and pkg.status == "missing" and ctx.torch_kind == "cuda" and prebuilt(ctx) is None \
            and _capable_gpus(ctx, ctx.profile.flash_attn_min_capability):
        return tr("profile {profile} wants flash-attn and no prebuilt wheel matches {torch}",
                  profile=ctx.profile.name, torch=torch_label(ctx.torch_version))
    return None


def _install_prebuilt(ctx: Context, wheel: compat.PrebuiltWheel) -> str:
    return f"{ctx.pip} install --force-reinstall --no-deps {wheel.url}"


def _build_command(ctx: Context, requirement: str) -> str:
    return f"MAX_JOBS=4 {ctx.pip} install --no-build-isolation --no-cache-dir \"{requirement}\""


def _refusal(ctx: Context) -> Optional[tuple[str, Optional[compat.FlashAttnMajor]]]:
    """flash-attn's own refusal of the GPU ("FlashAttention only supports Ampere GPUs or newer.") in its
    output, with the major line whose run-time check says it."""
    text = ctx.package_text("flash_attn")
    for row in compat.flash_attn_rejections():
        if row.error_message and row.spec and row.error_message.rstrip(".") in text:
            lowest = next((c.split(">=", 1)[1] for c in row.spec.split(",") if c.strip().startswith(">=")), None)
            return row.error_message, compat.flash_attn_major(lowest) if lowest else None
    return None


@predicate("YD401")
def flash_attn_gpu_too_old(ctx: Context) -> Optional[Hit]:
    _, version = _flash_attn(ctx)
    refusal = _refusal(ctx)
    major = compat.flash_attn_major(version) if version else (refusal[1] if refusal else None)
    if major is None:
        return None
    old = [g for g in ctx.gpus if g.capability and g.capability < major.min_capability]
    if not old:
        if refusal and not any(g.capability for g in ctx.gpus):
            return Hit(tr("flash-attn refused the GPU (\"{said}\"): {line} needs compute capability {capability} or "
                          "newer.", said=refusal[0], line=major.name,
                          capability=V.capability_text(major.min_capability)), certainty="likely",
                       evidence=(ev("flash-attn said", refusal[0]),), data={"flash_attn_version": version})
        return None
    rejection = compat.flash_attn_rejection(version) if version else None
    said = rejection.error_message if rejection and rejection.error_message else (refusal[0] if refusal else "")
    said = tr(" (\"{said}\")", said=said) if said else ""
    message = tr("flash-attn{version} ({line}) needs compute capability {capability} or newer; {gpus} is older, so "
                 "flash-attn refuses it at run time{said}.", version=" " + version if version else "", line=major.name,
                 capability=V.capability_text(major.min_capability), gpus=and_list(g.describe() for g in old),
                 said=said)
    steps = []
    older_lines = [m for m in compat.flash_attn_majors() if m.spec and m is not major
                   and all(g.capability >= m.min_capability for g in old)]
    if older_lines:
        line = older_lines[0]
        steps.append(tr("{line} still supports this GPU: {command}", line=line.name,
                        command=f"{ctx.pip} install \"flash-attn{line.spec}\""))
    steps.append(tr("Or remove it ({command}): code with a fallback then uses PyTorch's scaled_dot_product_attention.",
                    command=f"{ctx.pip} uninstall -y flash-attn"))
    severity = "error" if _wants(ctx) == "required" else None
    return Hit(message, fix="\n".join(steps), severity=severity,
               evidence=(ev("flash_attn", version),
                         *(ev(f"{g.label} compute capability", g.cap_text) for g in old)),
               data={"flash_attn_version": version, "min_capability": V.capability_text(major.min_capability),
                     "capabilities": [g.cap_text for g in old]})


def _first_blackwell_wheel() -> Optional[str]:
    for row in compat.flash_attn_rejections():
        if row.first_blackwell_wheel:
            return row.first_blackwell_wheel
    return None


@predicate("YD402")
def flash_attn_rejects_new_gpu(ctx: Context) -> Optional[Hit]:
    _, version = _flash_attn(ctx)
    if not version:
        return None
    major, row = compat.flash_attn_major(version), compat.flash_attn_rejection(version)
    if major is None or row is None:
        return None
    rejected = [g for g in ctx.gpus if g.capability and g.capability >= major.min_capability
                and row.rejects_capability(g.capability)]
    no_kernels = [g for g in ctx.gpus if g.capability and g not in rejected
                  and compat.arch_family(g.capability) == "Blackwell"
                  and row.blackwell_prebuilt_wheel and not row.first_blackwell_wheel]
    if not rejected and not no_kernels:
        return None
    first = _first_blackwell_wheel()
    if rejected:
        said = tr(" (\"{said}\")", said=row.error_message) if row.error_message else ""
        message = tr("flash-attn {version} refuses {gpus} at run time{said}: releases {releases} only accept the GPU "
                     "generations they were written for.", version=version,
                     gpus=and_list(g.describe() for g in rejected), said=said, releases=row.flash_attn)
        certainty = "certain"
    else:
        message = tr("flash-attn {version} prebuilt wheels carry no kernels for {gpus}; unless it was compiled here "
                     "with a recent nvcc, its kernels fail with 'no kernel image is available'.", version=version,
                     gpus=and_list(g.describe() for g in no_kernels))
        certainty = "likely"
    wheel = prebuilt(ctx)
    if wheel and first and V.pep440(wheel.release.version) >= V.pep440(first):
        fix = tr("Install a release with kernels for these GPUs:\n  {command}", command=_install_prebuilt(ctx, wheel))
    else:
        need = compat.flash_attn_build_need("nvcc")
        nvcc_min = need.get("blackwell_min_cuda") if need else None
        command = _build_command(ctx, f"flash-attn>={first}" if first else "flash-attn")
        fix = tr("Build a newer release from source with nvcc {nvcc} or newer:\n  {command}", nvcc=nvcc_min,
                 command=command) if nvcc_min else \
            tr("Build a newer release from source:\n  {command}", command=command)
    gpus = rejected or no_kernels
    return Hit(message, fix=fix, certainty=certainty,
               evidence=(ev("flash_attn", version), *(ev(f"{g.label} compute capability", g.cap_text) for g in gpus)),
               data={"flash_attn_version": version, "wanted_flash_attn": first,
                     "wheel_url": wheel.url if wheel else None, "capabilities": [g.cap_text for g in gpus]})


@predicate("YD403")
def flash_attn_wrong_build(ctx: Context) -> Optional[Hit]:
    line = abi_problem(ctx)
    if not line:
        return None
    _, version = _flash_attn(ctx)
    wheel = prebuilt(ctx, version) or prebuilt(ctx)
    torch = ctx.facts.torch
    message = tr("flash-attn{version} was built for another torch or CUDA than the installed {torch}: its compiled "
                 "extension does not load.", version=" " + version if version else "",
                 torch=torch_label(ctx.torch_version))
    data = {"flash_attn_version": version, "torch_version": ctx.torch_version, "torch_cuda": ctx.torch_cuda,
            "cxx11_abi": torch.cxx11_abi}
    if wheel:
        fix = tr("Install the wheel built for this torch, CUDA, C++ ABI and Python:\n  {command}",
                 command=_install_prebuilt(ctx, wheel))
        data.update({"wheel_url": wheel.url, "wheel_filename": wheel.filename})
    else:
        fix = tr("No prebuilt wheel matches; rebuild it against this torch:\n  {command}",
                 command="FLASH_ATTENTION_FORCE_BUILD=TRUE "
                 + _build_command(ctx, f"flash-attn=={version}" if version else "flash-attn")
                 .replace("--no-cache-dir", "--no-cache-dir --force-reinstall"))
    return Hit(message, fix=fix,
               evidence=(ev("import flash_attn_2_cuda", line), ev("torch.version", ctx.torch_version),
                         ev("torch C++11 ABI", torch.cxx11_abi)),
               data=data)


def _missing_prerequisites(ctx: Context) -> list[str]:
    pkg, _ = _flash_attn(ctx)
    details = pkg.details
    missing = []
    if not details.get("ninja_version") and not details.get("ninja_on_path"):
        missing.append(tr("ninja (pip install ninja; without it the build runs single-threaded for hours)"))
    if "packaging_version" in details and not details.get("packaging_version"):
        missing.append("packaging (pip install packaging)")
    if ctx.installed("psutil") is None and ctx.facts.python.distributions:
        missing.append("psutil (pip install psutil)")
    need = compat.flash_attn_build_need("nvcc")
    if not ctx.nvcc_version:
        missing.append(tr("nvcc (a CUDA toolkit on PATH or CUDA_HOME)"))
    elif need and need.min_cuda and not V.at_least(ctx.nvcc_version, need.min_cuda):
        missing.append(tr("nvcc {minimum} or newer (found {found})", minimum=need.min_cuda, found=ctx.nvcc_version))
    elif ctx.torch_cuda and V.major(ctx.nvcc_version) != V.major(ctx.torch_cuda):
        missing.append(tr("nvcc of CUDA {major} like torch (found {found}; see YD210)", major=V.major(ctx.torch_cuda),
                          found=ctx.nvcc_version))
    return missing


@predicate("YD404")
def flash_attn_needs_building(ctx: Context) -> Optional[Hit]:
    wants = _wants(ctx)
    pkg, _ = _flash_attn(ctx)
    if not wants or pkg.status != "missing" or ctx.torch_kind != "cuda":
        return None
    minimum = ctx.profile.flash_attn_min_capability
    if not _capable_gpus(ctx, minimum):
        return None
    wheel = prebuilt(ctx)
    head = tr("Profile {profile} needs flash-attn, and it is not installed.", profile=ctx.profile.name) \
        if wants == "required" else \
        tr("Profile {profile} recommends flash-attn, and it is not installed.", profile=ctx.profile.name)
    torch = torch_label(ctx.torch_version)
    if wheel:
        return Hit(tr("{head} A prebuilt wheel matches {torch}.", head=head, torch=torch),
                   fix=f"  {_install_prebuilt(ctx, wheel)}", severity="error" if wants == "required" else "info",
                   evidence=(ev("flash_attn", tr("not installed")),),
                   data={"wheel_url": wheel.url, "wheel_filename": wheel.filename})
    missing = _missing_prerequisites(ctx)
    message = tr("{head} No prebuilt wheel matches {torch} with Python {python}, so pip will compile it.", head=head,
                 torch=torch, python=ctx.facts.python.version)
    if missing:
        message += tr(" Missing for the build: {missing}.", missing=tr("; ").join(missing))
    steps = []
    max_jobs = compat.flash_attn_build_need("max_jobs")
    ram = ctx.facts.host.memory_total_bytes
    threshold = max_jobs.get("ram_threshold_gib") if max_jobs else None
    jobs = max_jobs.get("example_max_jobs", 4) if max_jobs else 4
    if ram and isinstance(threshold, (int, float)) and ram < threshold * 2 ** 30:
        steps.append(tr("With {ram} of RAM keep parallel compile jobs low ({setting}).", ram=gib(ram),
                        setting=f"MAX_JOBS={jobs}"))
    steps.append(tr("Install torch first, then:\n  {command}",
                    command=_build_command(ctx, "flash-attn").replace("MAX_JOBS=4", f"MAX_JOBS={jobs}")))
    return Hit(message, fix="\n".join(steps), severity="error" if wants == "required" else None,
               evidence=(ev("flash_attn", tr("not installed")), ev("nvcc", ctx.nvcc_version),
                         ev("ninja", pkg.details.get("ninja_version") or pkg.details.get("ninja_on_path"))),
               data={"missing": missing})


@predicate("YD405")
def flash_attn_without_gpu(ctx: Context) -> Optional[Hit]:
    if not _installed(ctx):
        return None
    _, version = _flash_attn(ctx)
    if ctx.torch_kind == "cpu":
        reason = tr("{torch} is a CPU-only build", torch=torch_label(ctx.torch_version))
    elif ctx.cuda_unusable:
        reason = tr("torch.cuda.is_available() is False")
    elif not ctx.nvidia_present and ctx.facts.nvidia.kernel_module_loaded is False:
        reason = tr("no NVIDIA GPU is visible")
    else:
        return None
    return Hit(tr("flash-attn {version} is installed but cannot run: it only has CUDA kernels and {reason}.",
                  version=version or "", reason=reason).replace("  ", " "),
               evidence=(ev("flash_attn", version), ev("torch.version", ctx.torch_version),
                         ev("torch.cuda.is_available()", ctx.facts.torch.cuda_available)),
               data={"flash_attn_version": version, "reason": reason})
