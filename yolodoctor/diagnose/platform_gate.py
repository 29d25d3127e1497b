"""Which torch route, driver advice and shell a machine's platform allows.

One answer for check's fix texts and fix's plans alike: a CUDA wheel from
download.pytorch.org is right on Linux, WSL 2 and Windows with an NVIDIA GPU
and wrong everywhere else; a Jetson takes only NVIDIA's JetPack wheels; an
AMD GPU the ROCm wheels (Linux only); a Mac the default wheels with MPS; a
torch that conda installed is replaced through conda. Pure: Facts in, a
PlatformGate out (no I/O beyond the packaged knowledge files).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Optional

from ..facts.model import Facts
from ..i18n import is_chinese, tr
from ..knowledge.files import KnowledgeError, load_compat_table

# Wheel routes.
PIP_CUDA = "pip-cuda"  # download.pytorch.org/whl/cuXYZ (Linux x86_64/aarch64 SBSA, Windows, WSL 2)
PIP_ROCM = "pip-rocm"  # download.pytorch.org/whl/rocmX.Y (Linux only)
JETPACK = "jetpack"  # NVIDIA's wheels for the installed JetPack (compat/platforms.toml)
MPS = "mps"  # macOS: PyPI's default wheels carry the Metal (MPS) backend
CONDA = "conda"  # torch came from conda: pytorch-cuda / cpuonly on the pytorch channel
PIP_CPU = "pip-cpu"  # download.pytorch.org/whl/cpu
NONE = "none"  # no route this platform can use

# Platforms.
LINUX, WSL2, WINDOWS, MACOS, JETSON = "linux", "wsl2", "windows", "macos", "jetson"


@dataclass(frozen=True)
class PlatformGate:
    kind: str  # linux, wsl2, windows, macos, jetson
    gpu: Optional[str]  # nvidia, amd, apple, tegra (a Jetson's integrated GPU), None
    route: str  # the route advice uses
    routes: tuple[str, ...]  # every route that can work here
    installer: str  # pip or conda: who installed torch
    evidence: tuple[str, ...] = ()

    def allows(self, route: str) -> bool:
        return route in self.routes

    @property
    def driver_os(self) -> str:
        """Whose driver minimums apply: under WSL 2 the driver is the Windows one (compat/cuda.toml)."""
        return "Windows" if self.kind in (WSL2, WINDOWS) else "Linux"

    @property
    def desktop_driver(self) -> bool:
        """Whether NVIDIA's desktop/datacenter driver table applies (not on Jetson, not on macOS)."""
        return self.kind in (LINUX, WSL2, WINDOWS)

    @property
    def cuda_wheels_impossible(self) -> bool:
        """Known for certain that no download.pytorch.org CUDA wheel can use a GPU here (a Jetson, a Mac,
        an AMD GPU without an NVIDIA one); unknown platforms are not ruled out."""
        return self.kind in (JETSON, MACOS) or self.gpu == "amd"

    @property
    def windows_shell(self) -> bool:
        return self.kind == WINDOWS

    def quote(self, word: str) -> str:
        return shell_quote(word, self.windows_shell)

    def manual_places(self, container: Optional[str] = None) -> tuple[str, ...]:
        """Where to look up a root-only step in compat/fix.toml [[manual_step]], most specific first."""
        places = []
        if container:
            places.append("docker" if container in ("docker", "podman") else container)
        places += {WSL2: ["wsl2"], WINDOWS: ["windows"], JETSON: ["jetson"], MACOS: ["macos"]}.get(self.kind, [])
        return tuple(places)


_WINDOWS_SPECIAL = set(' \t&()[]{}^=;!\'+,`~<>|%$@#')


def shell_quote(word: str, windows: bool) -> str:
    """A word for the platform's shell: on Windows double quotes, which cmd and PowerShell both read
    (single quotes are literal characters to cmd), with inner double quotes doubled; POSIX quoting elsewhere."""
    if not windows:
        return shlex.quote(word)
    if word and not any(c in _WINDOWS_SPECIAL or c == '"' for c in word):
        return word
    return '"' + word.replace('"', '""') + '"'


def looks_windows(words) -> bool:
    """Whether a command names Windows paths (C:\\..., \\\\server\\...): it is for a Windows shell."""
    return any(len(w) > 2 and w[1] == ":" and w[2] in "\\/" and w[0].isalpha() or w.startswith("\\\\")
               for w in words)


def platform_kind(facts: Facts) -> str:
    return kind_from(facts.host.os, facts.python.platform, macos=bool(facts.platform.macos_version),
                     # a paste naming a Jetson beside an x86_64 machine (training there for one) is not on a Jetson
                     jetson=facts.platform.jetson is not None
                     and not (facts.origin == "pasted" and (facts.host.arch or "").lower() in ("x86_64", "amd64")),
                     wsl=facts.platform.wsl is not None or (facts.host.container or "").startswith("wsl"))


def kind_from(os_name: Optional[str], python_platform: Optional[str], macos: bool = False, jetson: bool = False,
              wsl: bool = False) -> str:
    """The platform from the OS name, the interpreter's sysconfig platform and the platform's own files."""
    os_name, python_platform = (os_name or "").lower(), (python_platform or "").lower()
    if os_name in ("darwin", "macos") or macos or python_platform.startswith("macosx"):
        return MACOS
    if os_name.startswith("win") or python_platform.startswith("win"):
        return WINDOWS
    if jetson:
        return JETSON
    if wsl:
        return WSL2
    return LINUX


def torch_installer(facts: Facts) -> str:
    """conda when conda's records own the torch distribution (conda-meta), else pip."""
    dist = facts.distribution("torch")
    if dist is not None and (dist.conda_package or (dist.installer or "").lower() == "conda"):
        return "conda"
    if any(p.name in ("pytorch", "cpuonly", "pytorch-cuda") for p in facts.python.conda_packages) and \
            (dist is None or not dist.installer or dist.installer.lower() == "conda"):
        return "conda"
    return "pip"


def _gpu(facts: Facts, kind: str) -> tuple[Optional[str], list[str]]:
    evidence = []
    nv = facts.nvidia
    if kind == JETSON:
        return "tegra", ["Jetson: " + "; ".join(facts.platform.evidence[:2])]
    if kind == MACOS:
        torch = facts.torch
        if torch.mps_available or torch.mps_built:
            evidence.append(f"torch.backends.mps: built={torch.mps_built}, available={torch.mps_available}")
        return "apple", evidence
    torch_cuda_devices = bool(facts.torch.cuda and facts.torch.devices)  # a CUDA torch that saw GPUs
    nvidia = bool(nv.gpus or nv.driver_version or nv.kernel_module_loaded or torch_cuda_devices
                  or any(n.startswith("/dev/nvidia") for n in nv.device_nodes))
    if nvidia:
        return "nvidia", [tr("NVIDIA driver or GPU seen")]
    rocm = facts.platform.rocm
    if rocm is not None and (rocm.kfd or rocm.gfx_targets):
        return "amd", [tr("AMD GPU: {targets}", targets=', '.join(rocm.gfx_targets) or '/dev/kfd')]
    if facts.torch.hip and facts.torch.devices:  # a ROCm torch that saw GPUs (a pasted report, say)
        return "amd", [tr("ROCm torch sees {devices}", devices=', '.join(d.name or '?' for d in facts.torch.devices))]
    if kind == WSL2 and facts.platform.wsl is not None and facts.platform.wsl.dxg:
        return "nvidia?", [tr("/dev/dxg: a GPU is passed to WSL (vendor unknown without the driver's libraries)")]
    return None, evidence


def gate(facts: Facts) -> PlatformGate:
    kind = platform_kind(facts)
    gpu, evidence = _gpu(facts, kind)
    installer = torch_installer(facts)
    if kind == JETSON:
        routes = (JETPACK,)
    elif kind == MACOS:
        routes = (MPS,) + ((CONDA,) if installer == "conda" else ())
    elif gpu == "amd":
        routes = (PIP_ROCM, PIP_CPU) if kind == LINUX else (PIP_CPU,)
    elif gpu in ("nvidia", "nvidia?"):
        routes = ((CONDA,) if installer == "conda" else ()) + (PIP_CUDA, PIP_CPU)
    else:
        routes = ((CONDA,) if installer == "conda" else ()) + (PIP_CPU,)
    return PlatformGate(kind=kind, gpu=gpu, route=routes[0] if routes else NONE, routes=routes,
                        installer=installer, evidence=tuple(facts.platform.evidence) + tuple(evidence))


# ------------------------------------------------------- manual steps ---

def manual_steps(problem: str, places: tuple[str, ...], **values: str) -> tuple[str, ...]:
    """The root-only steps compat/fix.toml records for `problem` at the first of `places` that has
    a row, else its generic ('any') row; placeholders filled from `values`."""
    try:
        rows = [r for r in load_compat_table("fix.toml", "manual_step", ("problem", "where", "steps"))
                if r.get("problem") == problem]
    except KnowledgeError:
        return ()
    for place in (*places, "any"):
        row = next((r for r in rows if r.get("where") == place), None)
        if row is not None:
            steps = []
            chosen = row.get("steps") or ()
            if is_chinese() and len(row.get("steps_zh") or ()) == len(chosen):
                chosen = row["steps_zh"]  # the same steps, the same commands, in Chinese
            for step in chosen:
                for key, value in values.items():
                    step = step.replace("{" + key + "}", value)
                steps.append(step)
            return tuple(steps)
    return ()
