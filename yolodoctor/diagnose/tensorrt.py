"""YD5xx: TensorRT and ONNX Runtime (rules/tensorrt.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import and_list, ev, excerpt, matching_line, torch_label
from ..i18n import is_chinese, tr
from .model import Hit, predicate


def _trt_distributions(ctx: Context) -> dict[str, str]:
    """TensorRT's pip distributions: what the import probe listed, else the environment's metadata."""
    listed = ctx.facts.package("tensorrt").details.get("distributions")
    if isinstance(listed, dict) and listed:
        return {str(k): str(v) for k, v in listed.items()}
    return {d.name: d.version or "" for d in ctx.facts.python.distributions
            if d.name.lower().replace("_", "-").startswith("tensorrt")}


def _trt_version(ctx: Context) -> Optional[str]:
    pkg = ctx.facts.package("tensorrt")
    if pkg.version:
        return pkg.version
    dists = _trt_distributions(ctx)
    for name in ("tensorrt", "tensorrt-cu13", "tensorrt-cu12", "tensorrt-cu11", "tensorrt_cu13", "tensorrt_cu12"):
        if dists.get(name):
            return dists[name]
    return None


def _requirement_spec(torch_major: int) -> Optional[str]:
    """Ultralytics' TensorRT requirement for a torch CUDA major: tensorrt-cu12>=7.0.0,!=10.2.0."""
    for req in compat.ultralytics_requirements():
        if req.package == "tensorrt":
            return req.specifier.replace("{torch.version.cuda major}", str(torch_major))
    return None


@predicate("YD501")
def tensorrt_cuda_major_differs(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda:
        return None
    dists = _trt_distributions(ctx)
    majors = compat.tensorrt_cuda_majors(list(dists))
    torch_major = V.major(ctx.torch_cuda)
    if not majors or majors == {torch_major}:
        return None
    spec = _requirement_spec(torch_major) or f"tensorrt-cu{torch_major}"
    names = sorted(dists)
    builds = and_list(f"CUDA {m}" for m in sorted(majors))
    message = tr("TensorRT is installed as the {builds} build ({names}) but {torch} is built with CUDA "
                 "{cuda}: the two load different CUDA runtimes in one process.", builds=builds, names=", ".join(names),
                 torch=torch_label(ctx.torch_version), cuda=ctx.torch_cuda)
    fix = f"{ctx.pip} uninstall -y {' '.join(names)}\n{ctx.pip} install \"{spec}\""
    return Hit(message, fix=fix,
               evidence=(ev("TensorRT distributions", [f"{n} {v}" for n, v in sorted(dists.items())]),
                         ev("torch.version.cuda", ctx.torch_cuda)),
               data={"tensorrt_cuda_majors": sorted(majors), "torch_cuda_major": torch_major,
                     "remove": names, "install": spec},
               explains=("YD503",))


@predicate("YD502")
def tensorrt_gpu_unsupported(ctx: Context) -> Optional[Hit]:
    version = _trt_version(ctx)
    release = compat.tensorrt_release(version) if version else None
    if release is None or release.min_capability is None:
        return None
    old = [g for g in ctx.gpus if g.capability and g.capability < release.min_capability]
    if not old:
        return None
    floor = V.capability_text(release.min_capability)
    message = tr("TensorRT {version} supports compute capability {floor} and newer; {gpus} is older, so engines "
                 "cannot be built for it.", version=version, floor=floor, gpus=and_list(g.describe() for g in old))
    lowest = min(g.capability for g in old)
    older = [r for r in compat.tensorrt_releases() if r.min_capability and r.min_capability <= lowest
             and r.latest_patch]
    if older and ctx.torch_cuda:
        last = older[-1]
        major = V.major(ctx.torch_cuda)
        fix = tr("TensorRT {line} is the newest line that supports it:\n  {command}", line=last.version,
                 command=f"{ctx.pip} install \"tensorrt-cu{major}=={last.latest_patch}\"")
    else:
        fix = tr("Use a TensorRT release that supports this GPU, or export to ONNX and run it with ONNX Runtime.")
    return Hit(message, fix=fix, certainty="certain" if release.verified else "likely",
               evidence=(ev("tensorrt", version), *(ev(f"{g.label} compute capability", g.cap_text) for g in old)),
               data={"tensorrt_version": version, "min_capability": floor})


@predicate("YD503")
def tensorrt_import_fails(ctx: Context) -> Optional[Hit]:
    pkg = ctx.facts.package("tensorrt")
    if pkg.status not in ("error", "crashed", "timeout"):
        return None
    text = ctx.package_text("tensorrt")
    library = matching_line(ctx.param("library_pattern", ""), text)
    message = tr("import tensorrt fails: {error}", error=library or excerpt(pkg.error) or pkg.status)
    names = sorted(_trt_distributions(ctx))
    fix = tr("Reinstall TensorRT for torch's CUDA:\n  {command}",
             command=f"{ctx.pip} install --force-reinstall --no-cache-dir "
             + (" ".join(names) if names else "tensorrt"))
    if library and ctx.facts.cuda.ld_library_path_cuda_libs:
        fix += tr("\nand check LD_LIBRARY_PATH: it lists CUDA libraries that are searched before TensorRT's own.")
    return Hit(message, fix=fix, evidence=(ev("import tensorrt", excerpt(pkg.error) or pkg.status),),
               data={"status": pkg.status})


@predicate("YD504")
def tensorrt_version_excluded(ctx: Context) -> Optional[Hit]:
    version = _trt_version(ctx)
    if not version or ctx.facts.package("ultralytics").status != "ok":
        return None
    for req in compat.ultralytics_requirements():
        if req.package != "tensorrt":
            continue
        for clause in req.specifier.split(","):
            clause = clause.strip()
            if clause.startswith("!=") and V.base_release(version) == V.base_release(clause[2:]):
                torch_major = V.major(ctx.torch_cuda) if ctx.torch_cuda else None
                spec = _requirement_spec(torch_major) if torch_major else None
                return Hit(tr("TensorRT {version} is a release Ultralytics refuses for export ({reason}).",
                              version=version, reason=req.reason_in(is_chinese()) or req.specifier),
                           fix=f"{ctx.pip} install \"{spec}\"" if spec else tr("Install another TensorRT release."),
                           evidence=(ev("tensorrt", version), ev("Ultralytics requirement", req.specifier)),
                           data={"tensorrt_version": version, "install": spec})
    return None


@predicate("YD505")
def onnxruntime_both(ctx: Context) -> Optional[Hit]:
    cpu, gpu = ctx.installed("onnxruntime"), ctx.installed("onnxruntime-gpu")
    if not cpu or not gpu:
        return None
    return Hit(tr("Both onnxruntime {cpu} and onnxruntime-gpu {gpu} are installed; they share one 'onnxruntime' "
                  "package directory, so whichever was installed last wins and GPU providers may vanish.",
                  cpu=cpu, gpu=gpu),
               fix=f"{ctx.pip} uninstall -y onnxruntime onnxruntime-gpu\n{ctx.pip} install onnxruntime-gpu",
               evidence=(ev("onnxruntime", cpu), ev("onnxruntime-gpu", gpu),
                         ev("providers", ctx.facts.package("onnxruntime").details.get("providers"))),
               data={"onnxruntime": cpu, "onnxruntime_gpu": gpu})
