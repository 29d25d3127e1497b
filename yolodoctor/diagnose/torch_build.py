"""YD2xx: torch itself: installed, importable, the right build for the GPUs (rules/torch.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .repair import torch_repair
from .context import Context, GpuView
from .evidence import and_list, ev, excerpt, matching_line, search
from .model import Hit, predicate


@predicate("YD201")
def torch_missing(ctx: Context) -> Optional[Hit]:
    if ctx.facts.torch.status != "missing":
        return None
    exe = ctx.facts.python.executable or "the inspected interpreter"
    lead = "Install the build that fits this machine's GPU and driver" if ctx.nvidia_present else \
        "No NVIDIA GPU is visible; install the CPU-only build, the small one"
    return Hit(f"torch is not installed in {exe}.", fix=torch_repair(lead), evidence=(ev("torch", "not importable"),),
               data={"python": ctx.facts.python.executable})


@predicate("YD202")
def torch_cuda_library_missing(ctx: Context) -> Optional[Hit]:
    torch = ctx.facts.torch
    if torch.status != "error":
        return None
    match = search(ctx.param("pattern", ""), torch.error or "")
    if not match:
        return None
    library = match.group("lib") if "lib" in match.groupdict() else match.group(0)
    evidence = [ev("import torch", excerpt(torch.error))]
    libs = ctx.facts.cuda.ld_library_path_cuda_libs
    if libs:
        evidence.append(ev("CUDA libraries on LD_LIBRARY_PATH", len(libs)))
    if library.startswith("libcuda.so"):
        message = (f"import torch fails: {library} cannot be loaded. It is the NVIDIA driver's own library, so no "
                   f"driver is installed{' or mounted into this container' if ctx.container else ''}.")
        fix = ("Install the NVIDIA driver (or start the container with --gpus all); to run on the CPU instead, "
               f"install the CPU build:\n  {cpu_build_fix(ctx)}")
    else:
        message = (f"import torch fails: {library} cannot be loaded. torch's pip wheels bring their CUDA libraries "
                   f"as nvidia-* packages; one is missing, broken, or shadowed.")
        version = ctx.torch_release or ""
        variant = ctx.torch_variant
        pin = f"torch=={version}+{variant}" if version and variant else "torch"
        index = f" --index-url {compat.pytorch_index_url(variant)}" if variant else ""
        fix = (f"Reinstall torch with its CUDA libraries:\n  {ctx.pip} install --force-reinstall --no-cache-dir "
               f"{pin}{index}") + (ctx.source_note(compat.pytorch_index_url(variant)) if variant else "")
        if libs:
            fix += "\nand run without the CUDA directories on LD_LIBRARY_PATH (they are searched first)."
    return Hit(message, fix=fix, evidence=tuple(evidence), data={"library": library}, explains=("YD203",))


@predicate("YD203")
def torch_import_fails(ctx: Context) -> Optional[Hit]:
    torch = ctx.facts.torch
    if torch.status not in ("error", "crashed", "timeout"):
        return None
    if torch.status == "crashed":
        message = f"import torch crashed the interpreter (signal {torch.signal})." if torch.signal else \
            "import torch crashed the interpreter."
        fix = f"See where it dies:\n  {ctx.python_command} -X faulthandler -c \"import torch\""
    elif torch.status == "timeout":
        message = "import torch did not finish within the time limit."
        fix = (f"Time it by hand ({ctx.python_command} -X importtime -c \"import torch\"); a slow network filesystem or a "
               f"hanging GPU driver are the usual causes. A longer limit: yolodoctor check --timeout 180")
    else:
        message = f"import torch fails: {excerpt(torch.error)}"
        fix = f"Reproduce it:\n  {ctx.python_command} -c \"import torch\""
    evidence = [ev("torch.status", torch.status), ev("error", excerpt(torch.error))]
    data = {"status": torch.status, "signal": torch.signal}
    known = _known_error(ctx)
    if known is not None:
        # Specific beats generic: a message the signature table recognises brings its own fix.
        signature_id, title, signature_fix = known
        message += f" ({title})"
        fix = signature_fix
        for excluded, req in compat.excluded_torch_versions(ctx.os_name) if ctx.torch_release else ():
            if V.base_release(excluded) == ctx.torch_release:  # a known-bad release on this OS
                why = req.reason or f"excluded by Ultralytics: torch{req.specifier}"
                fix += (f"\ntorch {ctx.torch_release} itself is a known-bad release here ({why}): "
                        "install another release.")
        fix += f"\nThen check it:\n  {ctx.python_command} -c \"import torch\""
        evidence.append(ev("known error", signature_id))
        data["signature"] = signature_id
    return Hit(message, fix=fix, evidence=tuple(evidence), data=data)


def _known_error(ctx: Context) -> Optional[tuple[str, str, str]]:
    """(id, title, fix) of the error signature (compat/error_signatures.toml) that torch's own import
    error and stderr match, the most specific (superseding) one first."""
    text = "\n".join(filter(None, [ctx.facts.torch.error, ctx.facts.torch.stderr]))
    if not text:
        return None
    from ..ingest.errors import Scanner, load_signatures

    scanner = Scanner(load_signatures())
    scanner.scan_text(1, text[-20000:])
    signals = [s for s in scanner.signals() if s.fix]
    if not signals:
        return None
    best = min(signals, key=lambda s: (s.certainty != "certain", -len(s.fix)))
    return best.id, best.title, best.fix


@predicate("YD204")
def torch_cpu_only(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cpu" or not ctx.nvidia_present:
        return None
    gpus = [g.describe() for g in ctx.gpus] or [f"NVIDIA driver {ctx.driver}" if ctx.driver else "an NVIDIA driver"]
    from .platforms import conda_cuda_text  # platform gate: a torch conda installed is replaced through conda

    conda = conda_cuda_text(ctx)
    fix = conda.text if conda else torch_repair("Install the CUDA build that fits this GPU and driver")
    message = f"torch {ctx.torch_version} is a CPU-only build, but this machine has {and_list(gpus)}."
    if ctx.is_windows:
        message += " (On Windows, pip's default torch wheel is the CPU-only one.)"
    return Hit(message, fix=fix,
               evidence=(ev("torch.version", ctx.torch_version), ev("torch.version.cuda", None),
                         ev("GPUs", [g.label for g in ctx.gpus] or None)),
               data={"torch_version": ctx.torch_version, **({"route": "conda"} if conda and conda.route else {})},
               explains=("YD105", "YD403", "YD405"))


def _split_arch_list(arch_list: tuple[str, ...]) -> tuple[list[str], list[str]]:
    sass, ptx = [], []
    for entry in arch_list:
        try:
            (ptx if V.parse_arch(entry).ptx else sass).append(entry)
        except ValueError:
            continue
    return sass, ptx


def _uncovered(ctx: Context) -> tuple[list[GpuView], list[GpuView]]:
    """(GPUs with no kernels at all, GPUs served only through PTX JIT)."""
    if ctx.torch_kind != "cuda" or ctx.arch_list is None:
        return [], []
    sass, ptx = _split_arch_list(ctx.arch_list[0])
    none, jit = [], []
    for gpu in ctx.gpus:
        if gpu.capability is None or V.arch_list_covers(sass, gpu.capability):
            continue
        (jit if V.arch_list_covers(ptx, gpu.capability) else none).append(gpu)
    return none, jit


@predicate("YD205")
def gpu_arch_not_in_build(ctx: Context) -> Optional[Hit]:
    missing, _ = _uncovered(ctx)
    if not missing:
        return _said_by_torch(ctx)
    arch_list, source, verified = ctx.arch_list
    caps = tuple(sorted({g.capability for g in missing}))
    gpus = and_list(f"{g.describe()} needs {g.sm} kernels" for g in missing)
    message = f"{gpus}, and torch {ctx.torch_version} has none: it was built for {', '.join(arch_list)}."
    evidence = [ev(f"arch list ({source})", list(arch_list))]
    evidence += [ev(f"{g.label} compute capability", f"{g.cap_text} (from {g.capability_source})") for g in missing]
    warning = matching_line(ctx.param("torch_warning", ""), ctx.package_text("torch"))
    if warning:
        evidence.append(ev("torch warning", warning))
    data = {"torch_version": ctx.torch_version, "capabilities": [V.capability_text(c) for c in caps],
            "arch_list": list(arch_list)}
    fix = torch_repair(f"Install a build with kernels for {and_list(V.sm_name(c) for c in caps)}",
                       *_no_build_notes(ctx, caps))
    return Hit(message, fix=fix, evidence=tuple(evidence), data=data,
               certainty="certain" if verified else "likely", explains=("YD303",))


def _said_by_torch(ctx: Context) -> Optional[Hit]:
    """torch's own warning that the GPU is unsupported, when no arch list is known to check (a torch older
    than the tables, a pasted report)."""
    if ctx.arch_list is not None and ctx.gpu_caps:
        return None  # the arch list was checked against known GPUs and covers them
    warning = matching_line(ctx.param("torch_warning", ""), ctx.package_text("torch"))
    if not warning:
        return None
    fix = torch_repair("Install a build with kernels for this GPU") if ctx.gpu_caps else None
    return Hit(f"torch {ctx.torch_version or ''} says it has no kernels for this GPU: {warning}".replace("  ", " "),
               fix=fix, certainty="likely", evidence=(ev("torch warning", warning),),
               data={"torch_version": ctx.torch_version},
               explains=("YD303",))


def _no_build_notes(ctx: Context, caps: tuple[tuple[int, int], ...]) -> list[str]:
    """Where kernels for these GPUs first came, when the chooser finds no official build for them."""
    lines = []
    for cap in caps:
        first = compat.first_release_supporting(cap)
        if first is None:
            lines.append(f"No official PyTorch wheel (1.12 or newer) carries {V.sm_name(cap)} kernels: build PyTorch "
                         f"from source with TORCH_CUDA_ARCH_LIST={V.capability_text(cap)}, or use another GPU.")
            continue
        release, variant = first
        need = compat.driver_requirement(V.variant_cuda(variant), ctx.driver_os)  # platform gate: WSL 2 is Windows'
        if ctx.driver and need.allows(ctx.driver) is False:
            lines.append(f"{V.sm_name(cap)} kernels come with torch {release.version} {variant} and newer, which "
                         f"needs NVIDIA driver {need.full or need.minimum} or newer: upgrade the driver first.")
    return lines


def cpu_build_fix(ctx: Context) -> str:
    """The CPU-only build as an alternative: through the chooser, of the installed release when known."""
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    return f"yolodoctor fix --torch {release.version}+cpu" if release else "yolodoctor fix --torch VERSION+cpu"


@predicate("YD206")
def gpu_arch_ptx_only(ctx: Context) -> Optional[Hit]:
    _, jit = _uncovered(ctx)
    if not jit:
        return None
    arch_list, source, verified = ctx.arch_list
    _, ptx = _split_arch_list(arch_list)
    return Hit(f"{and_list(g.describe() for g in jit)} has no precompiled kernels in torch {ctx.torch_version}; "
               f"they are compiled from {and_list(ptx)} PTX at first use (slow start, possibly slower kernels).",
               evidence=(ev(f"arch list ({source})", list(arch_list)),), certainty="certain" if verified else "likely",
               data={"capabilities": [g.cap_text for g in jit]})


@predicate("YD207")
def unpublished_build(ctx: Context) -> Optional[Hit]:
    """The local tag names a variant the release was never published in (compat/torch.toml)."""
    version = ctx.torch_version
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    tag = _local(version or "")
    if release is None or not tag:
        return None
    if V.is_cuda_variant(tag):
        published, kind = release.cuda_variants, "CUDA"
    elif tag.startswith("rocm"):
        published, kind = release.rocm_variants, "ROCm"
    else:
        return None
    if not published or tag in published:
        return None  # nothing recorded to judge by, or a published build
    nearest = min(published, key=lambda v: (int(_variant_number(v)) != int(_variant_number(tag)),
                                            abs(_variant_number(v) - _variant_number(tag)), _variant_number(v)))
    message = (f"torch {version} is not a build PyTorch published: {release.version} shipped the {kind} variants "
               f"{and_list(published)} only. Such builds come from a source build, a third-party index, or an "
               f"image or report that labels the build wrongly; the nearest published build is "
               f"{release.version}+{nearest}.")
    fix = torch_repair("Install the published build that fits this machine, from PyTorch's own index") \
        if kind == "CUDA" else (f"Install the published {release.version}+{nearest} build from PyTorch's own index, "
                                f"{compat.pytorch_index_url(nearest)} (the torch chooser does not pick ROCm builds).")
    return Hit(message, fix=fix, evidence=(ev("torch.version", version),
                                           ev(f"published {kind} variants of {release.version}", list(published))),
               certainty="certain" if release.verified else "likely",
               data={"torch_version": version, "variant": tag, "published": list(published),
                     "nearest_published": f"{release.version}+{nearest}"})


def _local(version: str) -> Optional[str]:
    try:
        return V.local_tag(version)
    except ValueError:
        return None


def _variant_number(variant: str) -> float:
    """cu121 -> 12.1, rocm6.2.4 -> 6.24: a distance between variants of one kind."""
    digits = variant[2:] if variant.startswith("cu") else variant[4:]
    if variant.startswith("cu"):
        return int(digits[:-1] or 0) + int(digits[-1:] or 0) / 10
    parts = [p for p in digits.split(".") if p.isdigit()]
    return float(f"{parts[0]}.{''.join(parts[1:]) or '0'}") if parts else 0.0
