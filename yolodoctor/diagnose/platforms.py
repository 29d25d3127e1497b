"""YD13x and YD23x: what only WSL 2, Jetson, ROCm and macOS machines get wrong (rules/platforms.toml).

Each predicate asks the platform gate (platform_gate.py) which platform this
is, so its fix names only routes and commands that can work there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from . import platform_gate as P
from .repair import TORCH_REPAIR, torch_repair
from .context import Context
from .evidence import and_list, ev
from .model import Hit, predicate


def _label(ctx: Context) -> str:
    return f"torch {ctx.torch_version}" if ctx.torch_version else "torch"


# ------------------------------------------------------------------ WSL ---

@predicate("YD130")
def linux_driver_inside_wsl(ctx: Context) -> Optional[Hit]:
    wsl = ctx.facts.platform.wsl
    if wsl is None or not wsl.linux_driver_files:
        return None
    evidence = [ev("WSL", wsl.kernel or "/dev/dxg"), ev("Linux NVIDIA driver files", and_list(wsl.linux_driver_files))]
    if wsl.lib_dir:
        evidence.append(ev(wsl.lib_dir, and_list(wsl.lib_files) or tr("empty")))
    steps = [
        tr("Remove the Linux NVIDIA driver from this WSL distribution (the Windows driver is the only one WSL uses), "
           "e.g. on Ubuntu:\n  sudo apt-get purge 'nvidia-driver-*' 'libnvidia-compute-*' 'nvidia-utils-*'"),
        tr("Then run in Windows: wsl --shutdown, and reopen the distribution; nvidia-smi must then be the one in "
           "/usr/lib/wsl/lib."),
    ]
    return Hit(tr("A Linux NVIDIA driver is installed inside WSL: its libraries shadow the ones WSL provides from "
                  "the Windows driver in /usr/lib/wsl/lib, so CUDA and nvidia-smi find a driver that cannot work here."),
               fix="\n".join(steps), evidence=tuple(evidence), data={"linux_driver_files": wsl.linux_driver_files},
               explains=("YD103", "YD104", "YD105", "YD109", "YD113", "YD405"))


# --------------------------------------------------------------- Jetson ---

def _jetpack_row(ctx: Context):
    jetson = ctx.facts.platform.jetson
    if jetson is None:
        return None
    return compat.jetpack_for(l4t=jetson.l4t_version, jetpack=jetson.jetpack_version)


def jetpack_install_text(ctx: Context) -> str:
    """How to install torch on this Jetson: NVIDIA's wheel for its JetPack, never an x86 or PyPI wheel."""
    row = _jetpack_row(ctx)
    jetson = ctx.facts.platform.jetson
    if row is None:
        if jetson and jetson.l4t_version:
            return tr("Install NVIDIA's torch wheel built for L4T {l4t} (see NVIDIA's 'PyTorch for Jetson' list; "
                      "compat/platforms.toml has no row for it). PyPI's and download.pytorch.org's wheels cannot use "
                      "a Jetson GPU.", l4t=jetson.l4t_version)
        return tr("Install NVIDIA's torch wheel built for this JetPack (see NVIDIA's 'PyTorch for Jetson' list; "
                  "compat/platforms.toml has no row for it). PyPI's and download.pytorch.org's wheels cannot use "
                  "a Jetson GPU.")
    text = tr("Install NVIDIA's torch {torch} for JetPack {jetpack} (CUDA {cuda}, Python {python}) "
              "from {index}:\n  {uninstall}\n  {install}\n"
              "then build torchvision from source at the release that pairs with it.",
              torch=row.torch, jetpack=row.jetpack, cuda=row.cuda, python=row.python, index=row.index,
              uninstall=f"{ctx.pip} uninstall -y torch torchvision",
              install=f"{ctx.pip} install --no-cache-dir <the torch wheel for Python {row.python} from that page>")
    python = ctx.facts.python.version
    if python and V.mm_text(python) != row.python:
        text += "\n" + tr("These wheels are for Python {wheels}; this interpreter is Python {python}.",
                          wheels=row.python, python=python)
    if not row.verified:
        text += tr(" (This JetPack row is marked unverified in compat/platforms.toml.)")
    return text


@predicate("YD230")
def jetson_torch_not_jetpack(ctx: Context) -> Optional[Hit]:
    torch = ctx.facts.torch
    # a paste shows torch's version without an import status: it is installed all the same
    if ctx.platform.kind != P.JETSON or torch.status == "missing" or not (torch.status or torch.version):
        return None
    local = (ctx.torch_version or "").partition("+")[2]
    x86_or_pypi = local.startswith(("cu", "cpu", "rocm"))
    # A paste: torch said is_available() False, with neither a CUDA build nor NVIDIA's JetPack tag (".nv22.3")
    # shown: PyPI's aarch64 wheel, which has no CUDA for a Jetson's GPU.
    not_jetpack = torch.cuda_available is False and not torch.cuda and ".nv" not in local
    if not (ctx.torch_kind in ("cpu", "rocm") or x86_or_pypi or ctx.cuda_unusable or not_jetpack):
        return None
    jetson = ctx.facts.platform.jetson
    row = _jetpack_row(ctx)
    what = (tr("a CPU-only build (PyPI's aarch64 wheel)") if ctx.torch_kind == "cpu" else
            tr("a download.pytorch.org build (+{local})", local=local) if x86_or_pypi else
            tr("a build that cannot reach the GPU (torch.cuda.is_available() is False)"))
    evidence = [ev("torch.version", torch.version), ev("torch.version.cuda", torch.cuda),
                ev("/etc/nv_tegra_release", jetson.nv_tegra_release if jetson else None)]
    if jetson and jetson.jetpack_version:
        evidence.append(ev("nvidia-jetpack", jetson.jetpack_version))
    l4t = jetson.l4t_version if jetson else tr("unknown")
    return Hit(tr("This is an NVIDIA Jetson (L4T {l4t}, JetPack {jetpack}) and {torch} is {what}; only NVIDIA's "
                  "JetPack builds of torch use a Jetson's GPU.", l4t=l4t, jetpack=row.jetpack, torch=_label(ctx),
                  what=what) if row else
               tr("This is an NVIDIA Jetson (L4T {l4t}) and {torch} is {what}; only NVIDIA's "
                  "JetPack builds of torch use a Jetson's GPU.", l4t=l4t, torch=_label(ctx), what=what),
               fix=jetpack_install_text(ctx), evidence=tuple(evidence),
               data={"route": P.JETPACK, "jetpack": row.jetpack if row else None,
                     "wanted_torch": row.torch if row else None, "index_url": row.index if row else None},
               certainty="certain" if row is None or row.verified else "likely",
               explains=("YD101", "YD102", "YD104", "YD105", "YD204", "YD205", "YD405"))


# ----------------------------------------------------------------- ROCm ---

def rocm_install_text(ctx: Context) -> Optional[str]:
    """The ROCm wheel for this machine: a ROCm variant of the installed release, else of the newest
    release that has one for this Python."""
    python = ctx.facts.python.version
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    if release is None or not release.rocm_variants or (python and not release.supports_python(python)):
        release = next((r for r in reversed(compat.torch_releases())
                        if r.rocm_variants and r.verified and (not python or r.supports_python(python))), None)
    if release is None:
        return None
    installed = (ctx.torch_version or "").partition("+")[2]
    # The installed ROCm build's own variant when the release published it (a torchvision to pair), else the newest.
    variant = installed if installed in release.rocm_variants else release.rocm_variants[-1]
    # The local tag, so pip replaces a same-numbered CPU or CUDA build.
    pins = [f"torch=={release.version}+{variant}"] + \
        ([f"torchvision=={release.torchvision}+{variant}"] if release.torchvision else [])
    return f"{ctx.pip} install --force-reinstall {' '.join(pins)} --index-url {compat.pytorch_index_url(variant)}"


def _gfx_override(ctx: Context, targets: list[str]) -> Optional[str]:
    """The HSA_OVERRIDE_GFX_VERSION the rule's params give for a target family (gfx1031 -> 10.3.0)."""
    table = dict(item.split("=", 1) for item in str(ctx.param("gfx_override", "")).split(",") if "=" in item)
    supported = set(str(ctx.param("supported_gfx", "")).split(","))
    for target in targets:
        for prefix, value in sorted(table.items(), key=lambda kv: -len(kv[0])):
            if target.startswith(prefix.strip()) and target not in supported:
                return value.strip()
    return None


@predicate("YD131")
def rocm_torch_cannot_see_gpu(ctx: Context) -> Optional[Hit]:
    # torch said so: imported here, or a pasted report (yolo checks' "CUDA None" without a GPU row).
    if ctx.torch_kind != "rocm" or ctx.facts.torch.cuda_available is not False or ctx.platform.gpu == "nvidia":
        return None
    rocm = ctx.facts.platform.rocm
    evidence = [ev("torch.version", ctx.torch_version), ev("torch.version.hip", ctx.facts.torch.hip),
                ev("torch.cuda.is_available()", False)]
    causes, steps = [], []
    if rocm is None or not rocm.kfd:
        causes.append(tr("there is no /dev/kfd (the amdgpu kernel driver is not loaded, or a container was started "
                         "without the AMD devices)"))
        steps.append(tr("Install AMD's amdgpu driver (amdgpu-install) on the host; in a container pass the devices: "
                        "{command}",
                        command="docker run --device=/dev/kfd --device=/dev/dri --group-add video --group-add render ..."))
        evidence.append(ev("/dev/kfd", tr("missing")))
    else:
        evidence.append(ev("/dev/kfd", tr("present")))
        evidence.append(ev("render nodes", and_list(rocm.render_nodes) or tr("none")))
        if rocm.user and not {"render", "video"} <= set(rocm.groups):
            missing = sorted({"render", "video"} - set(rocm.groups))
            if len(missing) > 1:
                causes.append(tr("user {user} is not in the {groups} groups, so /dev/kfd and /dev/dri cannot be opened",
                                 user=rocm.user, groups=and_list(missing)))
            else:
                causes.append(tr("user {user} is not in the {groups} group, so /dev/kfd and /dev/dri cannot be opened",
                                 user=rocm.user, groups=and_list(missing)))
            steps.append(f"sudo usermod -a -G render,video {rocm.user}   # " + tr("then log out and in again"))
            evidence.append(ev(f"groups of {rocm.user} (/etc/group)",
                               and_list(rocm.groups) or tr("neither render nor video")))
        override = _gfx_override(ctx, rocm.gfx_targets)
        if rocm.gfx_targets:
            evidence.append(ev("GPU targets (KFD topology)", and_list(rocm.gfx_targets)))
        if override and not rocm.hsa_override_gfx_version:
            causes.append(tr("the GPU ({targets}) is not a target ROCm builds torch for",
                             targets=and_list(rocm.gfx_targets)))
            steps.append(f"export HSA_OVERRIDE_GFX_VERSION={override}   # "
                         + tr("run the nearest supported target's kernels"))
        if rocm.hsa_override_gfx_version:
            evidence.append(ev("HSA_OVERRIDE_GFX_VERSION", rocm.hsa_override_gfx_version))
    if not causes:
        causes.append(tr("the facts show no reason (see the HIP error below)"))
    steps.append(tr("See HIP's own error:") + f"\n  {ctx.python_command} -c \"import torch; torch.cuda.init()\"")
    return Hit(tr("{torch} is a ROCm build but cannot see an AMD GPU (torch.cuda.is_available() is False): "
                  "{causes}.", torch=_label(ctx), causes=tr("; ").join(causes)),
               fix="\n".join(steps), evidence=tuple(evidence), certainty="certain" if rocm is not None else "likely",
               data={"route": P.PIP_ROCM, "gfx_targets": rocm.gfx_targets if rocm else []},
               explains=("YD104", "YD105", "YD405"))


@predicate("YD231")
def rocm_torch_on_nvidia(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "rocm" or ctx.platform.gpu != "nvidia":
        return None
    fix = torch_repair(tr("Install the CUDA build that fits this GPU and driver"))  # the one chooser (fix/select.py)
    gpus = [g.describe() for g in ctx.gpus] or [tr("NVIDIA driver {driver}", driver=ctx.driver) if ctx.driver
                                                else tr("an NVIDIA driver")]
    return Hit(tr("{torch} is a ROCm (AMD) build, but this machine has {gpus}: a ROCm build "
                  "never uses an NVIDIA GPU.", torch=_label(ctx), gpus=and_list(gpus)), fix=fix,
               evidence=(ev("torch.version", ctx.torch_version), ev("torch.version.hip", ctx.facts.torch.hip),
                         ev("GPUs", [g.label for g in ctx.gpus] or None)),
               data={"route": P.PIP_CUDA},
               explains=("YD104", "YD105", "YD131", "YD405"))


@predicate("YD232")
def amd_gpu_without_rocm_torch(ctx: Context) -> Optional[Hit]:
    if ctx.platform.gpu != "amd" or ctx.torch_kind not in ("cpu", "cuda"):
        return None
    rocm = ctx.facts.platform.rocm
    what = tr("a CPU-only build") if ctx.torch_kind == "cpu" else tr("a CUDA (NVIDIA) build, CUDA {cuda}",
                                                                      cuda=ctx.torch_cuda)
    gpu = and_list(rocm.gfx_targets) if rocm and rocm.gfx_targets else tr("an AMD GPU (/dev/kfd)")
    if ctx.platform.allows(P.PIP_ROCM):
        command = rocm_install_text(ctx)
        fix = (tr("Install the ROCm build of torch:") + f"\n  {command}" if command else
               tr("Install a ROCm build of torch from {url}.", url=compat.pytorch_index_url('rocm<X.Y>')))
        severity = None
    else:
        fix = tr("PyTorch publishes ROCm wheels for Linux only; on this platform torch runs on the CPU "
                 "(or use a Linux machine with ROCm).")
        severity = "info"
    return Hit(tr("This machine has {gpu} and {torch} is {what}, so it trains on the CPU.", gpu=gpu, torch=_label(ctx),
                  what=what), fix=fix,
               severity=severity,
               evidence=(ev("torch.version", ctx.torch_version), ev("AMD GPU", gpu),
                         ev("ROCm", rocm.rocm_version if rocm else None)),
               data={"route": P.PIP_ROCM if ctx.platform.allows(P.PIP_ROCM) else P.PIP_CPU},
               explains=("YD101", "YD104", "YD105", "YD204", "YD405"))


# ---------------------------------------------------------------- macOS ---

@predicate("YD233")
def mps_unavailable(ctx: Context) -> Optional[Hit]:
    torch = ctx.facts.torch
    if ctx.platform.kind != P.MACOS or not ctx.torch_imported or torch.mps_available is not False:
        return None
    if torch.mps_built is False:
        message = tr("{torch} was built without MPS (the Metal GPU backend), so it runs on the CPU only.",
                     torch=_label(ctx))
        fix = (tr("Install PyPI's torch for macOS, which carries MPS:") + "\n"
               f"  {ctx.pip} install --force-reinstall torch torchvision")
    else:
        message = tr("{torch} has MPS (the Metal GPU backend) but it is not available here: MPS needs an Apple "
                     "silicon or AMD GPU Mac on macOS 12.3 or newer, and an arm64 Python on Apple silicon.",
                     torch=_label(ctx))
        fix = tr("Run an arm64 (not x86_64/Rosetta) Python on Apple silicon and macOS 12.3 or newer; until then train "
                 "with device='cpu'.")
    return Hit(message, fix=fix,
               evidence=(ev("torch.backends.mps.is_built()", torch.mps_built),
                         ev("torch.backends.mps.is_available()", torch.mps_available),
                         ev("macOS", ctx.facts.platform.macos_version),
                         ev("Python platform", ctx.facts.python.platform)),
               data={"route": P.MPS})


# ---------------------------------------------------------------- conda ---

@dataclass(frozen=True)
class CondaRepair:
    text: str
    route: bool  # True: the steps are conda's own (the plan prints them instead of pip's wheels)


def conda_cuda_text(ctx: Context) -> Optional[CondaRepair]:
    """Replace a torch that conda installed through conda: pytorch-cuda for the release, cpuonly
    removed. When the pytorch channel has no CUDA package that fits, conda's torch is removed first and
    the chooser's pip wheel installed (route False: the plan installs that wheel). None when conda did
    not install torch."""
    if ctx.platform.installer != "conda":
        return None
    cpuonly = any(p.name == "cpuonly" for p in ctx.facts.python.conda_packages)
    release = ctx.torch_release
    published = compat.conda_pytorch_cuda(release) if release else ()
    ceiling = ctx.driver_max_cuda
    fitting = [c for c in published if ceiling is None or V.at_least(ceiling, c)]
    remove = "conda remove cpuonly\n  " if cpuonly else ""
    if fitting:
        rel = compat.torch_release(release)
        pins = [f"pytorch=={release}"] + ([f"torchvision=={rel.torchvision}"] if rel and rel.torchvision else [])
        lead = (tr("torch came from conda with cpuonly, which pins the CPU build; replace it through conda, not pip:")
                if cpuonly else tr("torch came from conda; replace it through conda, not pip:"))
        return CondaRepair(
            f"{lead}\n  {remove}conda install {' '.join(pins)} pytorch-cuda={fitting[-1]} "
            f"-c pytorch -c nvidia", route=True)
    return CondaRepair(
        tr("torch came from conda, and the pytorch channel has no CUDA package of torch {release} for this "
           "driver (it stopped publishing after 2.5.1): remove conda's torch first, then install the pip wheel:",
           release=release or '') + "\n"
        f"  conda remove --force pytorch torchvision{' cpuonly' if cpuonly else ''}\n"
        f"  {TORCH_REPAIR}", route=False)
