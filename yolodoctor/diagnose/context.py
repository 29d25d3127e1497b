"""What predicates read: the Facts, the profile, the rule's params, and facts derived once per run.

Derived values (the GPUs with their compute capability, torch's CUDA variant,
the arch list in effect, ...) are computed on first use and shared by every
rule of one diagnose run. Unknown stays None: a predicate fires only on
evidence, never on a missing fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Mapping, Optional, TypeVar

from ..facts.model import Facts
from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from ..knowledge.compat import Profile
from .model import RuleMeta

if TYPE_CHECKING:
    from .platform_gate import PlatformGate

T = TypeVar("T")


class derived(Generic[T]):
    """A property computed once per diagnose run and shared by every rule's Context."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        cache = obj._shared
        if self.name not in cache:
            cache[self.name] = self.fn(obj)
        return cache[self.name]


@dataclass(frozen=True)
class GpuView:
    """One NVIDIA GPU as the facts describe it, from NVML / nvidia-smi, else torch."""

    index: Optional[int]
    name: Optional[str]
    capability: Optional[tuple[int, int]]
    capability_source: Optional[str]  # nvml, nvidia-smi, torch, "GPU table" (from the name)
    memory_total_mib: Optional[int] = None
    memory_free_mib: Optional[int] = None
    process_count: int = 0

    @property
    def label(self) -> str:
        parts = [f"GPU {self.index}" if self.index is not None else "GPU"]
        if self.name:
            parts.append(self.name)
        return " ".join(parts)

    @property
    def cap_text(self) -> str:
        return V.capability_text(self.capability) if self.capability else "unknown"

    @property
    def sm(self) -> Optional[str]:
        return V.sm_name(self.capability) if self.capability else None

    def describe(self) -> str:
        """ "GPU 0 NVIDIA GeForce RTX 5090 (compute capability 12.0, Blackwell)"."""
        if not self.capability:
            return self.label
        family = compat.arch_family(self.capability)
        if family:
            return tr("{gpu} (compute capability {capability}, {family})", gpu=self.label, capability=self.cap_text,
                      family=family)
        return tr("{gpu} (compute capability {capability})", gpu=self.label, capability=self.cap_text)


class Context:
    """The view of one machine a predicate gets. See diagnose.model for how predicates ask for it."""

    def __init__(self, facts: Facts, profile: Optional[Profile] = None, rule: Optional[RuleMeta] = None,
                 _shared: Optional[dict[str, Any]] = None, catalogue: Any = None) -> None:
        self.facts = facts
        self.profile = profile
        self.rule = rule
        self._shared: dict[str, Any] = {} if _shared is None else _shared
        if catalogue is not None:
            self._shared["_catalogue"] = catalogue

    def for_rule(self, rule: RuleMeta) -> "Context":
        return Context(self.facts, self.profile, rule, self._shared)

    @property
    def params(self) -> Mapping[str, Any]:
        return self.rule.params if self.rule else {}

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def params_of(self, rule_id: str) -> Mapping[str, Any]:
        """Another rule's params (for a predicate that reuses a sibling's patterns)."""
        catalogue = self._shared.get("_catalogue")
        rule = catalogue.get(rule_id) if catalogue is not None else None
        return rule.params if rule else {}

    # ------------------------------------------------------------ host ---

    @derived
    def os_name(self) -> str:
        return self.facts.host.os or "Linux"

    @derived
    def is_windows(self) -> bool:
        return self.os_name.lower().startswith("win")

    @derived
    def platform(self) -> "PlatformGate":
        """Which platform this is and which torch routes and advice it allows (platform_gate.py)."""
        from .platform_gate import gate

        return gate(self.facts)

    @derived
    def driver_os(self) -> str:
        """The OS whose NVIDIA driver minimums apply: Windows under WSL 2, where the driver is Windows'."""
        return self.platform.driver_os if self.platform.kind != "linux" else self.os_name

    @derived
    def container(self) -> Optional[str]:
        """The container runtime when the facts were collected inside one (WSL is not a container)."""
        kind = self.facts.host.container
        return kind if kind and not kind.startswith("wsl") else None

    # ---------------------------------------------------------- python ---

    @derived
    def python(self) -> str:
        """The inspected interpreter, as a command."""
        return self.facts.python.executable or "python"

    @derived
    def python_command(self) -> str:
        """The inspected interpreter as the platform's shell runs it (PowerShell on Windows)."""
        exe = self.python
        if self.is_windows:
            return f'& "{exe}"' if " " in exe else exe
        return _quote(exe)

    @derived
    def pip(self) -> str:
        exe = self.python
        if self.is_windows:  # PowerShell: a quoted program runs through the call operator
            return f'& "{exe}" -m pip' if " " in exe else f"{exe} -m pip"
        return f"{_quote(exe)} -m pip"

    def source_note(self, url: str) -> str:
        """"" when `url` answered this run's probes (or nothing was probed), else a line that says it did not:
        a dead source is never printed as if it worked."""
        prefix = url.split("://", 1)[-1].split("/", 1)[0]
        failed = [p for p in self.facts.network.endpoints
                  if p.url and prefix in p.url and p.status and p.status != "ok"]
        if not failed:
            return ""
        return "\n" + tr("({host} did not answer in this run ({status}): download the wheels on a connected "
                         "machine (pip download) and install them here with --no-index --find-links DIR.)",
                         host=prefix, status=failed[0].status)

    # ----------------------------------------------------------- torch ---

    @derived
    def torch_version(self) -> Optional[str]:
        return self.facts.torch.version

    @derived
    def torch_release(self) -> Optional[str]:
        """ "2.4.1" for "2.4.1+cu121"; None when unknown or unreadable."""
        try:
            return V.base_release(self.torch_version) if self.torch_version else None
        except ValueError:
            return None

    @derived
    def torch_cuda(self) -> Optional[str]:
        """The CUDA torch was built with (torch.version.cuda, else its +cuXYZ tag)."""
        if self.facts.torch.cuda:
            return self.facts.torch.cuda
        tag = _local(self.torch_version)
        return V.variant_cuda(tag) if V.is_cuda_variant(tag) else None

    @derived
    def torch_variant(self) -> Optional[str]:
        return compat.installed_variant(self.torch_version, self.torch_cuda)

    @derived
    def torch_kind(self) -> Optional[str]:
        """ "cuda", "rocm", "cpu", or None when torch is absent or nothing says which build it is."""
        torch = self.facts.torch
        if self.torch_cuda:
            return "cuda"
        if torch.hip or (_local(self.torch_version) or "").startswith("rocm"):
            return "rocm"
        if _local(self.torch_version) == "cpu":
            return "cpu"
        if self._conda_torch_build_is_cpu():
            return "cpu"
        if torch.status == "ok" and torch.version and torch.source in ("import", "metadata"):
            return "cpu"  # torch.version.cuda and .hip are both None: a CPU-only build
        if torch.status == "ok" and torch.version and torch.source == "pasted":
            # A paste marks torch's record complete only where it names the build, and here it names none: collect_env's
            # "CUDA used to build PyTorch: None" (or "Could not collect" with no ROCm), or torch raising "not compiled
            # with CUDA enabled". A CPU-only build, as an imported torch without CUDA or HIP is.
            return "cpu"
        return None

    def _conda_torch_build_is_cpu(self) -> bool:
        """conda's record of torch says CPU: a build string like py3.11_cpu_0 (pytorch channel) or
        cpu_mkl_py311h... (conda-forge)."""
        dist = self.facts.distribution("torch")
        if dist is None or not dist.conda_package or self.facts.torch.cuda or self.facts.torch.hip:
            return False
        builds = {p.name: p.build or "" for p in self.facts.python.conda_packages}
        return "cpu" in builds.get(dist.conda_package, "").split("_")

    @derived
    def torch_imported(self) -> bool:
        return self.facts.torch.status == "ok" and self.facts.torch.source == "import"

    @derived
    def cuda_unusable(self) -> bool:
        """torch was imported and said torch.cuda.is_available() is False."""
        return self.torch_imported and self.facts.torch.cuda_available is False

    @derived
    def arch_list(self) -> Optional[tuple[tuple[str, ...], str, bool]]:
        """(arch list, where it came from, verified): the installed build's own list wins; else the
        official wheel's list for this release and variant from compat/torch.toml."""
        own = self.facts.torch.arch_list
        if own:
            return tuple(own), "torch.cuda.get_arch_list()", True
        if self.torch_variant and self.torch_release:
            # An open-ended row covers a torch newer than the tables only as a guess: not certain.
            entry = None if compat.newer_than_tables(self.torch_release) else \
                compat.arch_entry(self.torch_variant, self.torch_release)
            if entry is not None:
                releases = f"{entry.torch_min}" + (f"-{entry.torch_max}" if entry.torch_max else "+")
                # The source names an evidence label: a key, English in every language.
                return entry.full_list, f"compat/torch.toml ({self.torch_variant} wheels of {releases})", \
                    entry.verified
            # A torch newer than the tables: judged by the nearest known release, never as certain.
            near = compat.nearest_arch_entry(self.torch_variant, self.torch_release)
            if near is not None:
                entry, release = near
                return entry.full_list, f"compat/torch.toml, nearest known: {entry.variant} wheels of {release}", \
                    False
        return None

    @derived
    def cudnn_in_use(self) -> Optional[tuple[str, str]]:
        """(cuDNN version, where it came from): torch's own report wins over the bundled table."""
        if self.facts.torch.cudnn_version:
            return self.facts.torch.cudnn_version, "torch.backends.cudnn.version()"
        if self.torch_kind == "cuda" and self.torch_release and self.torch_variant:
            bundled = compat.cudnn_bundled(self.torch_release, self.torch_variant)
            if bundled:
                return bundled, tr("bundled with torch {release} {variant} (compat/cudnn.toml)",
                                   release=self.torch_release, variant=self.torch_variant)
            near = compat.nearest_arch_entry(self.torch_variant, self.torch_release)
            newest = compat.torch_releases()[-1].version
            bundled = compat.cudnn_bundled(newest, near[0].variant) if near else None
            if bundled:
                return bundled, tr("nearest known: bundled with torch {release} {variant} (compat/cudnn.toml)",
                                   release=newest, variant=near[0].variant)
        return None

    # ---------------------------------------------------------- NVIDIA ---

    @derived
    def gpus(self) -> tuple[GpuView, ...]:
        nv = self.facts.nvidia
        torch_caps = {d.index: d.capability for d in self.facts.torch.devices if d.capability}
        views = []
        for gpu in nv.gpus:
            cap, source = _cap(gpu.compute_capability), nv.gpus_source
            if cap is None and gpu.index in torch_caps:
                cap, source = _cap(torch_caps[gpu.index]), "torch"
            if cap is None and gpu.name:
                cap = compat.capability_from_name(gpu.name)
                source = "GPU table" if cap else None
            views.append(GpuView(gpu.index, gpu.name, cap, source if cap else None, gpu.memory_total_mib,
                                 gpu.memory_free_mib, len(gpu.processes)))
        if not views:  # NVML and nvidia-smi saw nothing; torch may still have (or a pasted report)
            for dev in self.facts.torch.devices:
                mib = dev.total_memory_bytes // 2 ** 20 if dev.total_memory_bytes else None
                cap, source = _cap(dev.capability), "torch"
                if cap is None and dev.name:
                    cap = compat.capability_from_name(dev.name)
                    source = "GPU table" if cap else None
                views.append(GpuView(dev.index, dev.name, cap, source, mib))
        return tuple(views)

    @derived
    def gpu_caps(self) -> tuple[tuple[int, int], ...]:
        return tuple(sorted({g.capability for g in self.gpus if g.capability}))

    @derived
    def nvidia_present(self) -> bool:
        """Any sign of an NVIDIA GPU or driver on this machine."""
        nv = self.facts.nvidia
        return bool(self.gpus or nv.driver_version or nv.kernel_module_loaded
                    or any(n.startswith("/dev/nvidia") for n in nv.device_nodes))

    @derived
    def driver(self) -> Optional[str]:
        version = self.facts.nvidia.driver_version
        try:
            return version if version and V.numeric(version) else None
        except ValueError:
            return None

    @derived
    def driver_max_cuda(self) -> Optional[str]:
        """The newest CUDA the driver supports: what the driver reports, else the toolkit table."""
        reported = self.facts.nvidia.cuda_driver_version
        if reported:
            return reported
        return compat.highest_cuda_for_driver(self.driver, self.driver_os) if self.driver else None

    # ---------------------------------------------------- CUDA toolkit ---

    @derived
    def nvcc_version(self) -> Optional[str]:
        return self.facts.cuda.nvcc_version

    # -------------------------------------------------------- packages ---

    def package_text(self, name: str) -> str:
        """The error, warnings and captured stderr of one package's import, for pattern matching."""
        if name == "torch":
            t = self.facts.torch
            return "\n".join(filter(None, [t.error or "", *t.warnings]))
        pkg = self.facts.package(name)
        return "\n".join(filter(None, [pkg.error or "", *pkg.warnings, str(pkg.details.get("stderr") or "")]))

    def installed(self, distribution: str) -> Optional[str]:
        """The version of an installed distribution, from the environment's metadata."""
        dist = self.facts.distribution(distribution)
        return dist.version if dist else None


def _local(version: Optional[str]) -> Optional[str]:
    if not version:
        return None
    try:
        return V.local_tag(version)
    except ValueError:
        return None


def _cap(text: Optional[str]) -> Optional[tuple[int, int]]:
    try:
        return V.capability(text) if text else None
    except ValueError:
        return None


def _quote(path: str) -> str:
    import shlex

    return shlex.quote(path) if path else "python"
