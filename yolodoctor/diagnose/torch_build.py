"""YD2xx: torch itself: installed, importable, the right build for the GPUs (rules/torch.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .repair import torch_repair
from .context import Context, GpuView
from .evidence import and_list, ev, excerpt, from_source, matching_line, search, torch_label
from ..i18n import is_chinese, tr
from .model import Hit, predicate


@predicate("YD201")
def torch_missing(ctx: Context) -> Optional[Hit]:
    if ctx.facts.torch.status != "missing":
        return None
    exe = ctx.facts.python.executable or tr("the inspected interpreter")
    lead = tr("Install the build that fits this machine's GPU and driver") if ctx.nvidia_present else \
        tr("No NVIDIA GPU is visible; install the CPU-only build, the small one")
    return Hit(tr("torch is not installed in {python}.", python=exe), fix=torch_repair(lead),
               evidence=(ev("torch", tr("not importable")),),
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
        if ctx.container:
            message = tr("import torch fails: {library} cannot be loaded. It is the NVIDIA driver's own library, so "
                         "no driver is installed or mounted into this container.", library=library)
        else:
            message = tr("import torch fails: {library} cannot be loaded. It is the NVIDIA driver's own library, so "
                         "no driver is installed.", library=library)
        fix = tr("Install the NVIDIA driver (or start the container with --gpus all); to run on the CPU instead, "
                 "install the CPU build:\n  {command}", command=cpu_build_fix(ctx))
    else:
        message = tr("import torch fails: {library} cannot be loaded. torch's pip wheels bring their CUDA libraries "
                     "as nvidia-* packages; one is missing, broken, or shadowed.", library=library)
        version = ctx.torch_release or ""
        variant = ctx.torch_variant
        pin = f"torch=={version}+{variant}" if version and variant else "torch"
        index = f" --index-url {compat.pytorch_index_url(variant)}" if variant else ""
        fix = tr("Reinstall torch with its CUDA libraries:\n  {command}",
                 command=f"{ctx.pip} install --force-reinstall --no-cache-dir {pin}{index}") \
            + (ctx.source_note(compat.pytorch_index_url(variant)) if variant else "")
        if libs:
            fix += tr("\nand run without the CUDA directories on LD_LIBRARY_PATH (they are searched first).")
    return Hit(message, fix=fix, evidence=tuple(evidence), data={"library": library}, explains=("YD203",))


@predicate("YD203")
def torch_import_fails(ctx: Context) -> Optional[Hit]:
    torch = ctx.facts.torch
    if torch.status not in ("error", "crashed", "timeout"):
        return None
    if torch.status == "crashed":
        message = tr("import torch crashed the interpreter (signal {signal}).", signal=torch.signal) if torch.signal \
            else tr("import torch crashed the interpreter.")
        fix = tr("See where it dies:\n  {command}", command=f"{ctx.python_command} -X faulthandler -c \"import torch\"")
    elif torch.status == "timeout":
        message = tr("import torch did not finish within the time limit.")
        fix = tr("Time it by hand ({command}); a slow network filesystem or a hanging GPU driver are the usual "
                 "causes. A longer limit: {longer}", command=f"{ctx.python_command} -X importtime -c \"import torch\"",
                 longer="yolodoctor check --timeout 180")
    else:
        message = tr("import torch fails: {error}", error=excerpt(torch.error))
        fix = tr("Reproduce it:\n  {command}", command=f"{ctx.python_command} -c \"import torch\"")
    evidence = [ev("torch.status", torch.status), ev("error", excerpt(torch.error))]
    data = {"status": torch.status, "signal": torch.signal}
    known = _known_error(ctx)
    if known is not None:
        # Specific beats generic: a message the signature table recognises brings its own fix.
        signature_id, title, signature_fix = known
        message += tr(" ({title})", title=title)
        fix = signature_fix
        for excluded, req in compat.excluded_torch_versions(ctx.os_name) if ctx.torch_release else ():
            if V.base_release(excluded) == ctx.torch_release:  # a known-bad release on this OS
                why = req.reason_in(is_chinese()) or tr("excluded by Ultralytics: {requirement}", requirement=f"torch{req.specifier}")
                fix += tr("\ntorch {version} itself is a known-bad release here ({why}): install another release.",
                          version=ctx.torch_release, why=why)
        fix += tr("\nThen check it:\n  {command}", command=f"{ctx.python_command} -c \"import torch\"")
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
    if is_chinese():  # the table keeps its Chinese beside the English (title_zh, fix_zh)
        signature = next((s for s in load_signatures() if s.id == best.id), None)
        if signature is not None:
            return best.id, signature.title_zh or best.title, signature.fix_zh or best.fix
    return best.id, best.title, best.fix


@predicate("YD204")
def torch_cpu_only(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cpu" or not ctx.nvidia_present:
        return None
    gpus = [g.describe() for g in ctx.gpus] or [tr("NVIDIA driver {driver}", driver=ctx.driver) if ctx.driver
                                                 else tr("an NVIDIA driver")]
    from .platforms import conda_cuda_text  # platform gate: a torch conda installed is replaced through conda

    conda = conda_cuda_text(ctx)
    fix = conda.text if conda else torch_repair(tr("Install the CUDA build that fits this GPU and driver"))
    message = tr("{torch} is a CPU-only build, but this machine has {gpus}.", torch=f"torch {ctx.torch_version}",
                 gpus=and_list(gpus))
    if ctx.is_windows:
        message += tr(" (On Windows, pip's default torch wheel is the CPU-only one.)")
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
        return _said_by_torch(ctx) or _built_before_gpu(ctx)
    arch_list, source, verified = ctx.arch_list
    caps = tuple(sorted({g.capability for g in missing}))
    gpus = and_list(tr("{gpu} needs {sm} kernels", gpu=g.describe(), sm=g.sm) for g in missing)
    message = tr("{gpus}, and {torch} has none: it was built for {archs}.", gpus=gpus,
                 torch=torch_label(ctx.torch_version), archs=", ".join(arch_list))
    evidence = [ev(f"arch list ({source})", list(arch_list))]
    evidence += [ev(f"{g.label} compute capability", from_source(g.cap_text, g.capability_source)) for g in missing]
    warning = matching_line(ctx.param("torch_warning", ""), ctx.package_text("torch"))
    if warning:
        evidence.append(ev("torch warning", warning))
    data = {"torch_version": ctx.torch_version, "capabilities": [V.capability_text(c) for c in caps],
            "arch_list": list(arch_list)}
    fix = torch_repair(tr("Install a build with kernels for {archs}", archs=and_list(V.sm_name(c) for c in caps)),
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
    fix = torch_repair(tr("Install a build with kernels for this GPU")) if ctx.gpu_caps else None
    return Hit(tr("torch {version} says it has no kernels for this GPU: {warning}", version=ctx.torch_version or "",
                  warning=warning).replace("  ", " "),
               fix=fix, certainty="likely", evidence=(ev("torch warning", warning),),
               data={"torch_version": ctx.torch_version},
               explains=("YD303",))


def _built_before_gpu(ctx: Context) -> Optional[Hit]:
    """Without an arch list (a torch older than the tables, a pasted report), the CUDA torch was built with still
    tells: a GPU whose architecture only a newer CUDA compiles for (compat/gpus.toml first_cuda) has no kernels in
    it, as an RTX 30 card (sm_86, CUDA 11.1) has none in a CUDA 10 build."""
    cuda = ctx.torch_cuda
    if ctx.torch_kind != "cuda" or not cuda or ctx.arch_list is not None:
        return None
    late = []
    for gpu in ctx.gpus:
        need = _first_cuda_for(gpu.capability) if gpu.capability else None
        if need and not V.at_least(cuda, need):
            late.append((gpu, need))
    if not late:
        return None
    first = max((need for _, need in late), key=V.numeric)
    gpus = and_list(tr("{gpu} needs kernels that only CUDA {first} or newer compiles", gpu=g.describe(), first=need)
                    for g, need in late)
    message = tr("{gpus}; {torch} was built with CUDA {cuda}, so it has none.", gpus=gpus,
                 torch=torch_label(ctx.torch_version) if ctx.torch_version else "torch", cuda=cuda)
    evidence = [ev("torch CUDA", cuda)]
    evidence += [ev(f"{g.label} compute capability", from_source(g.cap_text, g.capability_source)) for g, _ in late]
    caps = tuple(sorted({g.capability for g, _ in late}))
    return Hit(message, fix=torch_repair(tr("Install a torch built with CUDA {first} or newer", first=first),
                                         *_no_build_notes(ctx, caps)),
               evidence=tuple(evidence), certainty="likely",
               data={"torch_version": ctx.torch_version, "torch_cuda": cuda,
                     "capabilities": [V.capability_text(c) for c in caps], "first_cuda": first},
               explains=("YD303",))


def _first_cuda_for(capability: tuple[int, int]) -> Optional[str]:
    """The first CUDA that compiles kernels this GPU runs: for its own architecture or an earlier one of the same
    major (an sm_80 cubin runs on sm_86), so CUDA 11.0 serves an RTX 30 card and CUDA 10 does not."""
    firsts = [a.first_cuda for a in compat.gpu_archs()
              if a.first_cuda and a.capability[0] == capability[0] and a.capability <= capability]
    return min(firsts, key=V.numeric) if firsts else None


def _no_build_notes(ctx: Context, caps: tuple[tuple[int, int], ...]) -> list[str]:
    """Where kernels for these GPUs first came, when the chooser finds no official build for them."""
    lines = []
    for cap in caps:
        first = compat.first_release_supporting(cap)
        if first is None:
            lines.append(tr("No official PyTorch wheel (1.12 or newer) carries {sm} kernels: build PyTorch from "
                            "source with {setting}, or use another GPU.", sm=V.sm_name(cap),
                            setting=f"TORCH_CUDA_ARCH_LIST={V.capability_text(cap)}"))
            continue
        release, variant = first
        need = compat.driver_requirement(V.variant_cuda(variant), ctx.driver_os)  # platform gate: WSL 2 is Windows'
        if ctx.driver and need.allows(ctx.driver) is False:
            lines.append(tr("{sm} kernels come with torch {version} {variant} and newer, which needs NVIDIA driver "
                            "{driver} or newer: upgrade the driver first.", sm=V.sm_name(cap),
                            version=release.version, variant=variant, driver=need.full or need.minimum))
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
    return Hit(tr("{gpus} has no precompiled kernels in {torch}; they are compiled from {ptx} PTX at first "
                  "use (slow start, possibly slower kernels).", gpus=and_list(g.describe() for g in jit),
                  torch=torch_label(ctx.torch_version), ptx=and_list(ptx)),
               evidence=(ev(f"arch list ({source})", list(arch_list)),), certainty="certain" if verified else "likely",
               data={"capabilities": [g.cap_text for g in jit]})


def _prerelease(version: Optional[str]) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version or "").is_prerelease
    except InvalidVersion:
        return False


@predicate("YD207")
def unpublished_build(ctx: Context) -> Optional[Hit]:
    """The local tag names a variant the release was never published in (compat/torch.toml)."""
    version = ctx.torch_version
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    tag = _local(version or "")
    if release is None or not tag or _prerelease(version):
        return None  # a nightly (2.7.0.dev20250310+cu124) is published on the nightly index, in other variants
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
    message = tr("torch {version} is not a build PyTorch published: {release} shipped the {kind} variants "
                 "{variants} only. Such builds come from a source build, a third-party index, or an image or "
                 "report that labels the build wrongly; the nearest published build is {nearest}.",
                 version=version, release=release.version, kind=kind, variants=and_list(published),
                 nearest=f"{release.version}+{nearest}")
    fix = torch_repair(tr("Install the published build that fits this machine, from PyTorch's own index")) \
        if kind == "CUDA" else tr("Install the published {build} build from PyTorch's own index, {url} (the torch "
                                  "chooser does not pick ROCm builds).", build=f"{release.version}+{nearest}",
                                  url=compat.pytorch_index_url(nearest))
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
