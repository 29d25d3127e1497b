"""`yolodoctor facts` as readable tables: one per area, unknown shown as such."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..facts.model import Facts
from ..i18n import tr
from .units import human_size as _size, variable
from .redact import redact_text

UNKNOWN = "[dim]unknown[/dim]"




def _show(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return f"[dim]{tr('unknown')}[/dim]"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if value == "not set":  # units.variable: the machine was read and the variable is absent
        return tr("not set")
    return redact_text(str(value)).replace("[", r"\[")


def _gpu(gpu: Any) -> dict[str, Any]:
    return {"name": gpu.name, "capability": gpu.compute_capability or "?",
            "free": gpu.memory_free_mib if gpu.memory_free_mib is not None else "?",
            "total": gpu.memory_total_mib if gpu.memory_total_mib is not None else "?"}


def _table(title: str, rows: Iterable[tuple[str, Any]]) -> Table:
    table = Table(title=tr(title), title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in rows:
        table.add_row(tr(key), _show(value))
    return table


def _platform_rows(facts: Facts) -> list[tuple[str, Any]]:
    """WSL 2, Jetson, ROCm, macOS: only what was seen."""
    p = facts.platform
    rows: list[tuple[str, Any]] = []
    if p.macos_version:
        rows.append(("macOS", p.macos_version))
    if p.wsl is not None:
        rows += [("WSL", p.wsl.kernel or tr("yes")), ("/dev/dxg", p.wsl.dxg),
                 ("/usr/lib/wsl/lib", p.wsl.lib_files or tr("none")),
                 ("Windows driver", p.wsl.windows_driver_version)]
        if p.wsl.linux_driver_files:
            rows.append(("Linux driver inside WSL", p.wsl.linux_driver_files))
    if p.jetson is not None:
        rows += [("Jetson", p.jetson.model or tr("yes")), ("L4T", p.jetson.l4t_version),
                 ("JetPack", p.jetson.jetpack_version), ("nvgpu loaded", p.jetson.nvgpu_loaded)]
    if p.rocm is not None:
        r = p.rocm
        rows += [("ROCm", r.rocm_version or tr("not installed in /opt/rocm")), ("/dev/kfd", r.kfd),
                 ("AMD GPU targets", r.gfx_targets or tr("none listed")), ("render nodes", r.render_nodes or tr("none")),
                 (tr("groups of {user}", user=r.user) if r.user else "groups", r.groups or tr("neither render nor video")),
                 ("HSA_OVERRIDE_GFX_VERSION", r.hsa_override_gfx_version)]
    conda = facts.python.conda_packages
    torch_owner = facts.distribution("torch")
    if conda and torch_owner is not None and torch_owner.conda_package:
        builds = {c.name: c.build for c in conda}
        rows.append(("torch from conda", f"{torch_owner.conda_package} {builds.get(torch_owner.conda_package) or ''}"
                     .strip() + (" + cpuonly" if "cpuonly" in builds else "")))
    return rows


def print_facts(facts: Facts, verbose: bool = False, console: Optional[Console] = None) -> None:
    console = console or Console(highlight=False)
    py, host, nv, cuda, torch = facts.python, facts.host, facts.nvidia, facts.cuda, facts.torch
    console.print(f"[bold]{tr('Inspected:')}[/bold] " + tr("{python} (selected by {how}), facts from {origin}",
                                                           python=_show(py.executable), how=_show(py.selected_by),
                                                           origin=_show(facts.origin)))
    console.print(_table("Host", [
        ("OS", " ".join(filter(None, [host.os, host.distro]))),
        ("kernel / arch", " / ".join(filter(None, [host.kernel, host.arch]))),
        ("CPUs", host.cpu_count),
        ("memory", tr("{free} free of {total}", free=_size(host.memory_available_bytes),
                      total=_size(host.memory_total_bytes)) if host.memory_total_bytes else None),
        ("container", f"{host.container} ({'; '.join(host.container_evidence)})" if host.container
         else tr("none seen")),
        ("/dev/shm", _size(host.shm_total_bytes)),
        *[(tr("disk ({purpose})", purpose=d.purpose),
           tr("{free} free at {path}", free=_size(d.free_bytes), path=d.path) if d.free_bytes is not None else d.path)
          for d in host.disks],
    ]))
    platform_rows = _platform_rows(facts)
    if platform_rows:
        console.print(_table("Platform", platform_rows))
    gpu_rows = [(f"GPU {g.index}", (tr("{name} (compute {capability}, {free}/{total} MiB free, MIG {mig})", mig=g.mig_mode,
                                       **_gpu(g)) if g.mig_mode else
                                    tr("{name} (compute {capability}, {free}/{total} MiB free)", **_gpu(g))))
                for g in nv.gpus]
    console.print(_table("NVIDIA", [
        ("driver", tr("{version} (from {source})", version=nv.driver_version, source=nv.driver_version_source)
         if nv.driver_version else tr("not loaded") if nv.kernel_module_loaded is False else None),
        ("driver versions seen", nv.driver_versions_seen),
        ("CUDA supported by driver", nv.cuda_driver_version),
        ("kernel module loaded", nv.kernel_module_loaded),
        ("nouveau loaded", nv.nouveau_loaded),
        ("device nodes", nv.device_nodes or tr("none")),
        ("NVML", f"{nv.nvml_status}" + (f": {nv.nvml_error}" if nv.nvml_error else "") if nv.nvml_status else None),
        ("nvidia-smi", f"{nv.nvidia_smi.status}" + (f": {nv.nvidia_smi.error}" if nv.nvidia_smi.error else "")
         if nv.nvidia_smi.status else None),
        *(gpu_rows or [("GPUs", tr("none found"))]),
        ("CUDA_VISIBLE_DEVICES", variable(nv.cuda_visible_devices, facts.origin)),
        ("NVIDIA_VISIBLE_DEVICES", variable(nv.nvidia_visible_devices, facts.origin)),
    ]))
    console.print(_table("CUDA toolkit", [
        ("CUDA_HOME / CUDA_PATH", variable(" / ".join(filter(None, [cuda.cuda_home, cuda.cuda_path])), facts.origin)),
        ("nvcc", tr("{version} at {path}", version=cuda.nvcc_version, path=cuda.nvcc.path) if cuda.nvcc_version
         else cuda.nvcc.status),
        ("toolkits", [tr("{version} at {path}", version=t.version or "?", path=t.path)
                      + (tr(" (as {aliases})", aliases=", ".join(t.aliases)) if t.aliases else "")
                      for t in cuda.toolkits] or tr("none")),
        ("CUDA libraries on LD_LIBRARY_PATH", len(cuda.ld_library_path_cuda_libs) or tr("none")),
        ("conda cudatoolkit", cuda.conda_cudatoolkit),
    ]))
    console.print(_table("Python", [
        ("executable", py.executable),
        ("version", f"{py.version} ({py.implementation}, {py.platform})" if py.version else None),
        ("environment", tr("conda env {name}", name=py.conda_env) if py.conda_env else
         ("venv" if py.is_venv else tr("system / base"))),
        ("externally managed (PEP 668)", py.externally_managed),
        ("pip / uv", f"pip {py.pip_version or '-'}, uv {py.uv_version or '-'}"),
        ("pip index", py.pip_config.index_url or tr("default (PyPI)")),
        ("extra indexes", py.pip_config.extra_index_urls or tr("none")),
        ("distributions", len(py.distributions)),
        ("duplicates", [f"{d.name} {'/'.join(d.versions)}" for d in py.duplicates] or tr("none")),
    ]))
    torch_rows = [("status", torch.status + (tr(" (from {source})", source=torch.source) if torch.source else "")
                   if torch.status else None)]
    if torch.status not in (None, "missing"):
        torch_rows += [
            ("version", torch.version),
            ("CUDA / HIP", f"CUDA {torch.cuda}" if torch.cuda else (f"HIP {torch.hip}" if torch.hip else tr("CPU-only build"))
             if torch.version else None),
            ("cuda.is_available()", torch.cuda_available),
            ("devices", [f"{d.index}: {d.name} ({d.capability})" for d in torch.devices] or torch.device_count),
            ("arch list", torch.arch_list),
            ("cuDNN / NCCL", f"{torch.cudnn_version or '-'} / {torch.nccl_version or '-'}"
             if torch.source == "import" and not torch.hip else None),
            ("MIOpen", torch.miopen_version),
            ("MPS built / available", f"{torch.mps_built} / {torch.mps_available}" if torch.mps_built is not None
             else None),
            ("cxx11 ABI", torch.cxx11_abi),
            ("import time", tr("{seconds} s", seconds=f"{torch.import_seconds:.2f}") if torch.import_seconds is not None
             else None),
        ]
    if torch.error:
        torch_rows.append(("error", torch.error))
    if torch.stderr and (verbose or torch.status not in ("ok", None)):
        lines = torch.stderr.strip().splitlines()
        if len(lines) > 10:  # a crash dump names the crashing frame first, a message ends with its point
            lines = lines[:6] + ["…"] + lines[-3:]
        torch_rows.append(("stderr", "\n".join(lines)))
    for warning in torch.warnings:
        torch_rows.append(("warning", warning))
    console.print(_table("PyTorch", torch_rows))
    package_rows = []
    for name, pkg in sorted(facts.packages.items()):
        text = pkg.status or "unknown"
        if pkg.version:
            text += f" {pkg.version}"
        if pkg.error and pkg.status != "missing":
            text += f": {pkg.error}"
        extras = {k: v for k, v in pkg.details.items() if k not in ("stderr", "source") and v not in (None, {}, [])}
        if extras and (verbose or pkg.status == "ok"):
            text += f" ({_show(extras)})"
        package_rows.append((name, text))
    console.print(_table("Packages", package_rows))
    env = facts.env
    console.print(_table("Settings", [
        ("HF_ENDPOINT", env.hf_endpoint or tr("not set (https://huggingface.co)")),
        ("HF_HUB_OFFLINE", variable(env.hf_hub_offline, facts.origin)),
        ("HF token", tr("set") if env.hf_token_set else tr("not set")),
        ("proxies", ", ".join(sorted(env.proxies)) or tr("none")),
        ("PIP_INDEX_URL", variable(env.pip_index_url, facts.origin)),
        ("PYTORCH_CUDA_ALLOC_CONF", variable(env.pytorch_cuda_alloc_conf, facts.origin)),
        ("Ultralytics settings", env.ultralytics_settings or None),
    ]))
    if facts.network.endpoints:
        title = tr("Network (not probed: offline)") if facts.network.status == "skipped" else "Network"
        console.print(_table(title, [
            (f"{e.kind} ({e.role})", f"{e.status} {e.url}" + (f" {e.latency_ms:.0f} ms" if e.latency_ms else "")
             + (f" {e.throughput_kbs:.0f} kB/s" if e.throughput_kbs else "") + (f" via {e.proxy}" if e.proxy else "")
             + (f" ({e.error})" if e.error and (verbose or e.role == "configured") else ""))
            for e in facts.network.endpoints]))
    if verbose:
        console.print(_table("Installed distributions",
                             [(d.name, f"{d.version}  {d.location or ''}") for d in py.distributions]))
    for error in facts.probe_errors:
        console.print(f"[yellow]{escape(tr('probe {probe} failed:', probe=error.probe))}[/yellow] "
                      f"{redact_text(error.message)}")
