"""YD1xx: the NVIDIA driver and the GPUs (rules/driver.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from . import platform_gate as P
from .repair import torch_repair
from .torch_build import cpu_build_fix
from .containers import gpu_access_fix
from .context import Context
from .evidence import and_list, ev, excerpt, from_source, matching_line, search
from ..i18n import tr
from .model import Hit, predicate

KERNEL_SOURCES = ("/sys/module/nvidia/version", "/proc/driver/nvidia/version")
USER_SOURCES = ("nvml", "nvidia-smi")


def _torch_label(ctx: Context) -> str:
    return f"torch {ctx.torch_version}" if ctx.torch_version else "torch"


def _driver_floor_from_cuda_level(ctx: Context, cuda_level: str) -> Optional[str]:
    """The least driver that reports CUDA `cuda_level` (a pasted "CUDA Version: 11.4" says >= 470.42.01)."""
    row = compat.toolkit_driver(cuda_level)
    return row.driver(ctx.driver_os) if row else None


def _desktop_driver(ctx: Context) -> bool:
    """NVIDIA's desktop/datacenter driver rules apply: not on a Jetson (JetPack's own driver) or a Mac."""
    return ctx.platform.desktop_driver


def _driver_upgrade_steps(ctx: Context, driver_min: Optional[str]) -> Optional[str]:
    """The platform's own driver steps (compat/fix.toml): the Windows driver for WSL 2 and Windows."""
    if ctx.platform.kind not in (P.WSL2, P.WINDOWS):
        return None
    minimum = driver_min or tr("the newest for your GPU")
    steps = P.manual_steps("driver_upgrade", ctx.platform.manual_places(ctx.container),
                           driver_min=minimum, branch=minimum.split(".")[0])
    return "\n".join(f"  {s}" for s in steps) if steps else None


@predicate("YD101")
def driver_too_old(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda or not _desktop_driver(ctx):
        return None
    nv = ctx.facts.nvidia
    need = compat.driver_requirement(ctx.torch_cuda, ctx.driver_os)
    warning = matching_line(ctx.param("torch_warning", ""), ctx.package_text("torch"))
    evidence = [ev("torch.version", ctx.torch_version), ev("torch.version.cuda", ctx.torch_cuda)]
    if ctx.driver:
        if need.allows(ctx.driver) is not False:
            return None
        driver = ctx.driver
        evidence.append(ev("nvidia.driver_version", from_source(driver, nv.driver_version_source)))
        if ctx.driver_max_cuda:
            have = tr("this machine has driver {driver}, which supports CUDA up to {cuda}",
                      driver=driver, cuda=ctx.driver_max_cuda)
        else:
            have = tr("this machine has driver {driver}", driver=driver)
    elif nv.cuda_driver_version:
        level = nv.cuda_driver_version
        if V.major(level) >= V.major(ctx.torch_cuda):
            return None  # same major: minor-version compatibility may well run it
        driver = _driver_floor_from_cuda_level(ctx, level)
        evidence.append(ev("nvidia.cuda_driver_version", level))
        have = tr("the installed driver supports CUDA up to {cuda}", cuda=level)
    elif warning:
        driver = None
        have = tr("torch reports the driver is too old")
    else:
        return None
    if warning:
        evidence.append(ev("torch warning", warning))
    basis = tr("the CUDA minor-version compatibility floor") if need.minimum_source == "minor_compat" else \
        tr("the CUDA {cuda} toolkit's driver", cuda=need.cuda)
    message = tr("{torch} is built with CUDA {cuda} and needs NVIDIA driver {minimum} or newer ({basis}); {have}.",
                 torch=_torch_label(ctx), cuda=ctx.torch_cuda, minimum=need.minimum, basis=basis, have=have)
    if not need.verified:
        message += tr(" (The driver table row behind this is marked unverified in compat/cuda.toml.)")
    platform_steps = _driver_upgrade_steps(ctx, need.full or need.minimum)
    if platform_steps:  # platform gate: WSL 2 and Windows upgrade the Windows driver
        where = tr("on Windows, never inside WSL") if ctx.platform.kind == P.WSL2 else tr("on Windows")
        alternative = tr("Or upgrade the NVIDIA driver {where} to {driver} or newer "
                         "(the CUDA {cuda} toolkit's own Windows driver):\n{steps}",
                         where=where, driver=need.full or need.minimum, cuda=need.cuda, steps=platform_steps)
    else:
        alternative = tr("Or upgrade the NVIDIA driver to {driver} or newer (the CUDA {cuda} toolkit's own driver), "
                         "then reboot.", driver=need.full or need.minimum, cuda=need.cuda)
    data = {"torch_version": ctx.torch_version, "torch_cuda": ctx.torch_cuda, "driver_version": ctx.driver,
            "driver_cuda": nv.cuda_driver_version or ctx.driver_max_cuda, "required_driver": need.minimum,
            "recommended_driver": need.full}
    fix = torch_repair(tr("Install a torch build this driver can run"), alternative) if driver else alternative
    return Hit(message, fix=fix, evidence=tuple(evidence), data=data,
               certainty="certain" if need.verified else "likely", explains=("YD105", "YD405"))


def native_build(ctx: Context) -> Optional[str]:
    """"2.9.1+cu126": the newest release with a CUDA variant this driver runs natively (its toolkit's own
    driver), through the same chooser `fix --torch` uses."""
    from ..fix.select import native_alternative

    return native_alternative(ctx.facts)


@predicate("YD102")
def driver_minor_compat_only(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cuda" or not ctx.torch_cuda or not ctx.driver or not _desktop_driver(ctx):
        return None
    need = compat.driver_requirement(ctx.torch_cuda, ctx.driver_os)
    if need.allows(ctx.driver) is not True or need.fully(ctx.driver) is not False:
        return None
    native = native_build(ctx)
    if native:
        fix = tr("Nothing is needed for ordinary training and inference. If CUDA reports an unsupported PTX "
                 "version or a missing driver feature, upgrade the driver to {driver} or newer, or install the "
                 "newest build native to this driver:\n  {command}",
                 driver=need.full, command=f"yolodoctor fix --torch {native}")
    else:
        fix = tr("Nothing is needed for ordinary training and inference. If CUDA reports an unsupported PTX "
                 "version or a missing driver feature, upgrade the driver to {driver} or newer.", driver=need.full)
    return Hit(
        tr("{torch} (CUDA {cuda}) runs on driver {driver} only through CUDA minor-version compatibility: the "
           "CUDA {toolkit} toolkit's own driver is {full}, and {minimum} is the family's floor.",
           torch=_torch_label(ctx), cuda=ctx.torch_cuda, driver=ctx.driver, toolkit=need.cuda, full=need.full,
           minimum=need.minimum),
        fix=fix, evidence=(ev("nvidia.driver_version", ctx.driver), ev("torch.version.cuda", ctx.torch_cuda),
                           ev("driver supports CUDA up to", ctx.driver_max_cuda)),
        data={"torch_version": ctx.torch_version, "torch_cuda": ctx.torch_cuda, "driver_version": ctx.driver,
              "required_driver": need.minimum, "recommended_driver": need.full, "native_build": native})


@predicate("YD103")
def driver_library_mismatch(ctx: Context) -> Optional[Hit]:
    if not _desktop_driver(ctx):
        return None
    nv = ctx.facts.nvidia
    pattern = ctx.param("pattern", "")
    said = [(where, text) for where, text in (("NVML", nv.nvml_error), ("nvidia-smi", nv.nvidia_smi.error),
                                              ("torch", ctx.package_text("torch")))
            if text and search(pattern, text)]
    kernel = {nv.driver_versions_seen[s] for s in KERNEL_SOURCES if s in nv.driver_versions_seen}
    user = {nv.driver_versions_seen[s] for s in USER_SOURCES if s in nv.driver_versions_seen}
    differ = bool(kernel and user and kernel != user)
    if not said and not differ:
        return None
    # Quote the line that says "mismatch", not the last line (nvidia-smi ends with its NVML version).
    evidence = [ev(f"{where} error", matching_line(pattern, text) or excerpt(text)) for where, text in said]
    evidence += [ev(f"driver version from {source}", version) for source, version in nv.driver_versions_seen.items()]
    if differ:
        message = tr("The loaded NVIDIA kernel module is {kernel} but the user-space driver libraries are {user}: "
                     "the driver was upgraded without reloading the module.",
                     kernel=and_list(sorted(kernel)), user=and_list(sorted(user)))
    else:
        message = tr("The NVIDIA kernel module and the user-space driver libraries are different versions "
                     "(\"Driver/library version mismatch\"), so nothing can use the GPU.")
    torch = ctx.facts.torch
    if ctx.torch_kind == "cuda" and torch.cuda_available is False:
        message += tr(" Until then {torch} finds no GPU and runs on the CPU only (torch.cuda.is_available() is False).",
                      torch=_torch_label(ctx))
        evidence.append(ev("torch.cuda.is_available()", False))
    message += _after_reboot(ctx, user) or ""
    return Hit(message, evidence=tuple(evidence),
               data={"kernel_driver": sorted(kernel), "userspace_driver": sorted(user)},
               explains=("YD104", "YD105", "YD109", "YD405"))


def _after_reboot(ctx: Context, user: set[str]) -> Optional[str]:
    """" After the reboot ...": what the reboot will load, the user-space driver. Say so when its CUDA major is
    below torch's (minor-version compatibility does not cross a major), so the reboot alone does not give torch
    the GPU."""
    if not user or ctx.torch_kind != "cuda" or not ctx.torch_cuda:
        return None
    newest = max(user, key=V.pep440)
    supported = compat.highest_cuda_for_driver(newest, ctx.os_name)
    try:
        if supported is None or V.pep440(supported).release[0] >= V.pep440(ctx.torch_cuda).release[0]:
            return None
    except ValueError:
        return None
    return tr(" After the reboot the driver will be {driver}, which supports CUDA up to {supported}, older than the "
              "CUDA {cuda} {torch} was built for: install a newer driver as well, or a torch built for CUDA "
              "{supported} or older.", driver=newest, supported=supported, cuda=ctx.torch_cuda, torch=_torch_label(ctx))


def _nvidia_probed(ctx: Context) -> bool:
    nv = ctx.facts.nvidia
    return nv.kernel_module_loaded is not None or nv.nvml_status is not None or nv.nvidia_smi.status is not None


@predicate("YD104")
def no_nvidia_gpu(ctx: Context) -> Optional[Hit]:
    nv = ctx.facts.nvidia
    if ctx.nvidia_present or not _nvidia_probed(ctx) or ctx.torch_kind == "rocm":
        return None
    if ctx.platform.kind in (P.JETSON, P.MACOS) or ctx.platform.gpu == "amd":
        return None  # no NVIDIA desktop driver belongs there: YD230 / YD233 / YD131-YD232 speak for them
    if ctx.facts.torch.device_count or ctx.facts.torch.cuda_available:
        return None
    evidence = [ev("nvidia kernel module loaded", nv.kernel_module_loaded), ev("/dev/nvidia* device nodes", tr("none"))]
    if nv.nvml_status:
        evidence.append(ev("NVML", f"{nv.nvml_status}" + (f" ({nv.nvml_error})" if nv.nvml_error else "")))
    if nv.nvidia_smi.status:
        evidence.append(ev("nvidia-smi", nv.nvidia_smi.status))
    message = tr("No NVIDIA GPU or driver is visible in this machine.")
    if ctx.container:
        message = tr("No NVIDIA GPU or driver is visible in this {container} container.", container=ctx.container)
        evidence.append(ev("container", f"{ctx.container} ({'; '.join(ctx.facts.host.container_evidence)})"))
    wsl = ctx.facts.platform.wsl
    if ctx.platform.kind == P.WSL2:
        message = tr("No NVIDIA GPU or driver is visible in WSL.")
        evidence.append(ev("/dev/dxg", bool(wsl and wsl.dxg)))
        evidence.append(ev("/usr/lib/wsl/lib",
                           and_list(wsl.lib_files) if wsl and wsl.lib_files else tr("no driver libraries")))
    severity = "info"
    if ctx.torch_kind == "cuda":
        message += tr(" {torch} is a CUDA build, so it will run on the CPU only.", torch=_torch_label(ctx))
        severity = "warning"
    if ctx.profile is not None and ctx.profile.requires_gpu:
        message += tr(" Profile {profile} needs a GPU.", profile=ctx.profile.name)
        severity = "error"
    if ctx.platform.kind in (P.WSL2, P.WINDOWS):
        need = compat.driver_requirement(ctx.torch_cuda, "Windows") if ctx.torch_cuda else None
        steps = _driver_upgrade_steps(ctx, need.minimum if need else None) or ""
        if ctx.platform.kind == P.WSL2:
            fix = tr("If this PC has an NVIDIA GPU, the driver to install is the Windows one (never a Linux driver "
                     "inside WSL; WSL uses the Windows driver through /dev/dxg):\n{steps}\nCheck with: nvidia-smi",
                     steps=steps)
        else:
            fix = tr("If this PC has an NVIDIA GPU, the driver to install is the Windows one:\n{steps}\n"
                     "Check with: nvidia-smi", steps=steps)
    elif ctx.container:
        # The runtime's own flags (Docker, Podman, Kubernetes) from compat/containers.toml.
        fix = tr("If the host has an NVIDIA GPU, start the container with GPU access:\n{flags}\n"
                 "Check inside the container with: nvidia-smi", flags=gpu_access_fix(ctx.container))
    else:
        fix = tr("If this machine has an NVIDIA GPU, install the NVIDIA driver (Ubuntu: sudo ubuntu-drivers install), "
                 "reboot, and check with: nvidia-smi")
    if ctx.torch_kind == "cuda":
        fix += tr("\nWithout a GPU, train on the CPU (device='cpu'); the CPU-only torch is much smaller:\n  {command}",
                  command=cpu_build_fix(ctx))
    else:
        fix += tr("\nWithout a GPU, train on the CPU (device='cpu').")
    return Hit(message, fix=fix, evidence=tuple(evidence), severity=severity,
               data={"container": ctx.container, "torch_kind": ctx.torch_kind},
               explains=("YD105", "YD111", "YD405"))


@predicate("YD105")
def cuda_unavailable(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind != "cuda" or not ctx.cuda_unusable or not ctx.nvidia_present or not _desktop_driver(ctx):
        return None
    torch = ctx.facts.torch
    evidence = [ev("torch.version", torch.version), ev("torch.cuda.is_available()", False),
                ev("nvidia.driver_version", ctx.driver), ev("GPUs seen by the driver", len(ctx.gpus))]
    evidence += [ev("torch warning", excerpt(w)) for w in torch.warnings[:3]]
    return Hit(tr("{torch} is a CUDA build and this machine has an NVIDIA driver, but torch.cuda.is_available() "
                  "is False.", torch=_torch_label(ctx)),
               fix=tr("See CUDA's own error:\n  {command}",
                      command=f"{ctx.python_command} -c \"import torch; torch.cuda.init()\""),
               evidence=tuple(evidence), certainty="likely", data={"torch_version": torch.version},
               explains=("YD405",))


def _hides_all(value: str, ctx: Context) -> bool:
    """CUDA reads CUDA_VISIBLE_DEVICES up to the first invalid entry: an invalid first entry hides all."""
    first = value.split(",")[0].strip()
    if not first:
        return True
    if first.lstrip("-").isdigit():
        index = int(first)
        return index < 0 or (bool(ctx.facts.nvidia.gpus) and index >= len(ctx.facts.nvidia.gpus))
    if first.startswith(("GPU-", "MIG-")):
        uuids = [g.uuid for g in ctx.facts.nvidia.gpus if g.uuid]
        return bool(uuids) and first.startswith("GPU-") and not any(u.startswith(first) for u in uuids)
    return True


def _first_index_beyond_unknown_gpus(value: str, ctx: Context) -> Optional[int]:
    """The first entry when it is a GPU index of 1 or more while the GPUs are not known (a paste that shows
    torch seeing none): on the usual one-GPU machine, whose only index is 0, it names no GPU."""
    first = value.split(",")[0].strip()
    if ctx.gpus or not first.isdigit() or int(first) < 1 or ctx.facts.torch.cuda_available is not False:
        return None
    return int(first)


@predicate("YD106")
def cuda_visible_devices_hides_all(ctx: Context) -> Optional[Hit]:
    value = ctx.facts.nvidia.cuda_visible_devices
    if value is None:
        return None
    index = _first_index_beyond_unknown_gpus(value, ctx)
    if index is not None and not (ctx.nvidia_present and _hides_all(value, ctx)):
        # Only the index and torch's False are known: likely, not certain (a machine with more GPUs has it).
        return Hit(tr("CUDA_VISIBLE_DEVICES={value} starts at GPU index {index} and torch sees no GPU: on a machine "
                      "with fewer GPUs than that (one GPU has only index 0) it hides them all.",
                      value=repr(value), index=index),
                   evidence=(ev("CUDA_VISIBLE_DEVICES", repr(value)), ev("torch.cuda.is_available()", False)),
                   certainty="likely", data={"cuda_visible_devices": value}, explains=("YD105", "YD405"))
    if not ctx.nvidia_present or not _hides_all(value, ctx):
        return None
    if ctx.facts.torch.cuda_available:
        return None
    fix = None  # the catalogue's, in POSIX shell syntax
    if ctx.platform.windows_shell:
        fix = tr('Unset CUDA_VISIBLE_DEVICES (PowerShell: Remove-Item Env:CUDA_VISIBLE_DEVICES; and in the System '
                 'environment variables if it is set there), or set it to the GPUs to use: '
                 '$env:CUDA_VISIBLE_DEVICES="0"')
    return Hit(tr("CUDA_VISIBLE_DEVICES={value} hides every GPU from CUDA programs, torch included.",
                  value=repr(value)),
               fix=fix,
               evidence=(ev("CUDA_VISIBLE_DEVICES", repr(value)), ev("GPUs seen by the driver", len(ctx.gpus))),
               certainty="certain" if ctx.cuda_unusable else "likely", data={"cuda_visible_devices": value},
               explains=("YD105", "YD405"))


@predicate("YD107")
def nouveau_loaded(ctx: Context) -> Optional[Hit]:
    nv = ctx.facts.nvidia
    if not nv.nouveau_loaded or nv.kernel_module_loaded:
        return None
    return Hit(tr("The open-source nouveau driver drives the GPU; CUDA needs NVIDIA's own driver."),
               evidence=(ev("nouveau kernel module loaded", True), ev("nvidia kernel module loaded", False)),
               explains=("YD104", "YD105", "YD405"))


@predicate("YD113")
def driver_not_running(ctx: Context) -> Optional[Hit]:
    nv = ctx.facts.nvidia
    smi = nv.nvidia_smi
    if smi.status != "error" or nv.nouveau_loaded or nv.kernel_module_loaded:
        return None
    if ctx.facts.platform.wsl is not None:
        return None  # WSL never loads an NVIDIA kernel module: the Windows driver serves the GPU (YD130, YD109)
    said = matching_line(ctx.param("pattern", ""), smi.error or "")
    if said is None:
        return None
    evidence = [ev("nvidia-smi", tr("{said} (exit status {code})", said=said, code=smi.exit_code)
                   if smi.exit_code is not None else said),
                ev("nvidia kernel module loaded", nv.kernel_module_loaded)]
    message = tr("nvidia-smi is installed but cannot reach the NVIDIA driver: \"{said}\". The kernel module is not "
                 "loaded.", said=said)
    if ctx.torch_kind == "cuda":
        message += tr(" {torch} will run on the CPU only.", torch=_torch_label(ctx))
    return Hit(message, evidence=tuple(evidence),
               data={"nvidia_smi_exit_code": smi.exit_code}, explains=("YD104", "YD105", "YD109", "YD405"))


@predicate("YD108")
def container_without_uvm(ctx: Context) -> Optional[Hit]:
    nodes = ctx.facts.nvidia.device_nodes
    if not ctx.container or not nodes or "/dev/nvidia-uvm" in nodes or ctx.facts.torch.cuda_available:
        return None
    if not any(n == "/dev/nvidiactl" or n[len("/dev/nvidia"):].isdigit() for n in nodes):
        return None
    return Hit(tr("This {container} container has {nodes} but no /dev/nvidia-uvm, which CUDA needs to allocate "
                  "memory: nvidia-smi works, CUDA programs do not.", container=ctx.container, nodes=and_list(nodes)),
               evidence=(ev("/dev/nvidia* device nodes", nodes), ev("container", ctx.container)),
               certainty="certain" if ctx.cuda_unusable else "likely", explains=("YD105", "YD405"))


@predicate("YD109")
def nvidia_bad_state(ctx: Context) -> Optional[Hit]:
    if not _desktop_driver(ctx):
        return None  # JetPack's nvidia-smi is a limited one; a Mac has none
    nv = ctx.facts.nvidia
    smi = nv.nvidia_smi
    mismatch = ctx.param("ignore_pattern", "")
    if smi.status in ("timeout", "crashed"):
        message = tr("nvidia-smi did not answer in time: the GPU or the driver is in a bad state.") \
            if smi.status == "timeout" else tr("nvidia-smi crashed: the GPU or the driver is in a bad state.")
        evidence = [ev("nvidia-smi", tr("{status} after {seconds} s", status=smi.status, seconds=smi.seconds)
                       if smi.seconds else smi.status)]
    elif nv.nvml_status == "error" and nv.nvml_error and not search(mismatch, nv.nvml_error):
        message = tr("NVML, the driver's management library, fails: {error}.", error=excerpt(nv.nvml_error))
        evidence = [ev("NVML error", excerpt(nv.nvml_error))]
    else:
        return None
    fix = None  # Linux: the catalogue's (dmesg, nvidia-smi -r, reboot)
    if ctx.platform.kind == P.WSL2:
        fix = tr("The GPU belongs to the Windows driver, so its log and its reset are Windows': in Windows update or "
                 "reinstall the NVIDIA driver, run wsl --shutdown and reopen the distribution; if it persists, restart "
                 "Windows (Event Viewer lists the driver's nvlddmkm errors).")
    elif ctx.platform.kind == P.WINDOWS:
        fix = tr("Restart Windows; if it persists, reinstall the NVIDIA driver (a clean installation) and read the "
                 "driver's nvlddmkm errors in Event Viewer; repeated ones point at hardware, power or cooling.")
    return Hit(message, fix=fix, evidence=tuple(evidence), explains=("YD105", "YD405"))


@predicate("YD110")
def gpu_memory_taken(ctx: Context) -> Optional[Hit]:
    fraction = float(ctx.param("min_free_fraction", 0.5))
    busy = [g for g in ctx.gpus if g.memory_total_mib and g.memory_free_mib is not None
            and g.memory_free_mib < fraction * g.memory_total_mib]
    if not busy:
        return None
    parts = [tr("{gpu} has {free} MiB free of {total} MiB ({count} processes on it)", gpu=g.label,
                free=g.memory_free_mib, total=g.memory_total_mib, count=g.process_count) if g.process_count > 1 else
             tr("{gpu} has {free} MiB free of {total} MiB ({count} process on it)", gpu=g.label,
                free=g.memory_free_mib, total=g.memory_total_mib, count=g.process_count) if g.process_count else
             tr("{gpu} has {free} MiB free of {total} MiB", gpu=g.label, free=g.memory_free_mib,
                total=g.memory_total_mib)
             for g in busy]
    return Hit(tr("Most GPU memory is already taken: {gpus}.", gpus=tr("; ").join(parts)),
               evidence=tuple(ev(f"{g.label} free memory", f"{g.memory_free_mib}/{g.memory_total_mib} MiB")
                              for g in busy),
               data={"gpus": [g.index for g in busy]})


@predicate("YD111")
def too_few_gpus(ctx: Context) -> Optional[Hit]:
    profile = ctx.profile
    if profile is None or profile.gpus_min <= 0 or not _nvidia_probed(ctx):
        return None
    count = len(ctx.gpus)
    if count >= profile.gpus_min:
        return None
    return Hit(tr("Profile {profile} needs {count} GPUs; {visible} visible.", profile=profile.name,
                  count=profile.gpus_min, visible=count),
               evidence=(ev("GPUs visible", count),), data={"gpus_visible": count, "gpus_needed": profile.gpus_min})


@predicate("YD112")
def gpu_memory_below_profile(ctx: Context) -> Optional[Hit]:
    profile = ctx.profile
    if profile is None or not profile.min_vram_gib:
        return None
    need_mib = profile.min_vram_gib * 1024
    small = [g for g in ctx.gpus if g.memory_total_mib and g.memory_total_mib < need_mib * 0.9]
    if not small or len(small) < len(ctx.gpus):
        return None
    return Hit(tr("Profile {profile} wants about {vram} GiB of GPU memory; {gpus}.", profile=profile.name,
                  vram=f"{profile.min_vram_gib:g}",
                  gpus=tr("; ").join(tr("{gpu} has {total} MiB", gpu=g.label, total=g.memory_total_mib)
                                     for g in small)),
               evidence=tuple(ev(f"{g.label} memory", f"{g.memory_total_mib} MiB") for g in small),
               certainty="likely", data={"min_vram_gib": profile.min_vram_gib})
