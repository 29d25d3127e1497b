"""Which torch / torchvision / torchaudio set this machine should run.

The rules, each from compat/:
- the Python version must have wheels for the release (torch.toml [[release]].python);
- the driver must run the CUDA variant: natively (driver >= the toolkit's own
  minimum, cuda.toml [[toolkit]]) or by minor-version compatibility (driver >=
  the major's floor, cuda.toml [[minor_compat]]; none for CUDA 10);
- every visible GPU's compute capability must be in the variant's arch list
  (torch.toml [[arch]]): a cubin for sm_XY runs on sm_XZ with Z >= Y; embedded
  PTX covers newer GPUs only when the driver runs the variant natively (a JIT
  of newer PTX fails under minor-version compatibility);
- among the variants that pass, the highest CUDA;
- the installed torch version is kept when one of its variants passes;
  otherwise the nearest release line (upgrade preferred on a tie), its newest
  patch; with no torch installed, the newest release;
- torchvision and torchaudio are the release's paired versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..i18n import tr
from . import compat_view as cv
from .machine import Machine
from ..diagnose import platform_gate as P
from .platform import CUDA_WHEEL_PLATFORMS, platform_of
from .versions import arch_capability, at_least, base, capability, cuda_variant, local, parse, sm_name, \
    variant_cuda

CUDA_PLATFORMS = CUDA_WHEEL_PLATFORMS  # kept for callers; the gate is platform.py


@dataclass(frozen=True)
class VariantCheck:
    variant: str
    cuda: str
    runs: Optional[bool]  # None: the driver is unknown
    how: str  # "native", "minor-version compatibility", or why not
    needs_driver: Optional[str]  # lowest driver that runs it (for a manual driver step)
    arch_known: bool
    uncovered: tuple[str, ...]  # capabilities the build has no kernels for
    verified: bool

    @property
    def ok(self) -> bool:
        return bool(self.runs) and self.arch_known and not self.uncovered


@dataclass(frozen=True)
class TorchSet:
    torch: str  # base version "2.4.1"
    variant: str  # "cu124" or "cpu"
    torchvision: Optional[str] = None
    torchaudio: Optional[str] = None
    change: str = "install"  # keep, variant, upgrade, downgrade, install, pair
    reasons: tuple[str, ...] = ()
    verified: bool = True
    tradeoff: Optional[str] = None  # one line when it runs only by CUDA minor-version compatibility

    def pins(self, local_tag: bool = True) -> tuple[str, ...]:
        suffix = f"+{self.variant}" if local_tag else ""
        pins = [f"torch=={self.torch}{suffix}"]
        if self.torchvision:
            pins.append(f"torchvision=={self.torchvision}{suffix}")
        if self.torchaudio:
            pins.append(f"torchaudio=={self.torchaudio}{suffix}")
        return tuple(pins)


@dataclass(frozen=True)
class Selection:
    chosen: Optional[TorchSet] = None
    current_ok: bool = False
    problems: tuple[str, ...] = ()
    needs_driver: Optional[str] = None  # a driver upgrade would make a CUDA build possible
    current_variant: Optional[str] = None
    checks: tuple[VariantCheck, ...] = field(default=(), compare=False)  # of the chosen release


def _os_key(machine: Machine) -> str:
    return platform_of(machine).os_key


def _driver_os_key(machine: Machine) -> str:
    return platform_of(machine).driver_os  # platform gate: WSL 2 runs on the Windows driver


def _driver_field(row, machine: Machine) -> Optional[str]:
    return row.windows_driver if _driver_os_key(machine) == "windows" else row.linux_driver


def _minor_floor(machine: Machine, major: int):
    for row in cv.minor_compat():
        if row.cuda_major == major:
            floor = row.windows_min_driver if _driver_os_key(machine) == "windows" else row.linux_min_driver
            return floor, row.verified
    return None, True


def how_text(variant: str, machine: Machine) -> str:
    """driver_check's `how` in the reader's language (driver_check itself is cached and its English `how`
    is compared by prefix, so the words are chosen here, at display time, from the same facts)."""
    runs, how, needs = driver_check(variant, machine)
    cuda = variant_cuda(variant)
    if cuda is None:
        return tr("CPU build")
    major = int(cuda.split(".")[0])
    if machine.driver:
        toolkit = next((t for t in cv.toolkits() if t.version == cuda), None)
        native_min = _driver_field(toolkit, machine) if toolkit else None
        floor, floor_verified = _minor_floor(machine, major)
        if how.startswith("native"):
            return tr("native (CUDA {cuda} needs driver >= {driver})", cuda=cuda, driver=native_min)
        if how.startswith("minor-version"):
            return tr("minor-version compatibility (CUDA {major}.x needs driver >= {driver})", major=major,
                      driver=floor) if floor_verified else \
                tr("minor-version compatibility (CUDA {major}.x needs driver >= {driver}, floor not verified)",
                   major=major, driver=floor)
        return tr("driver {driver} is older than {needs} (CUDA {cuda})", driver=machine.driver, needs=needs,
                  cuda=cuda)
    if machine.driver_cuda:
        if how.startswith("native"):
            return tr("native (the driver reports CUDA {cuda})", cuda=machine.driver_cuda)
        if how.startswith("minor-version"):
            return tr("minor-version compatibility (the driver reports CUDA {cuda})", cuda=machine.driver_cuda)
        return tr("the driver reports CUDA {reported}, older than {cuda}", reported=machine.driver_cuda, cuda=cuda)
    return tr("driver version unknown")


@lru_cache(maxsize=4096)  # pure, over immutable inputs: the chooser asks the same many times
def driver_check(variant: str, machine: Machine) -> tuple[Optional[bool], str, Optional[str]]:
    """(runs, how, lowest driver that runs it) for a CUDA variant on this driver."""
    cuda = variant_cuda(variant)
    if cuda is None:
        return True, "CPU build", None
    toolkit = next((t for t in cv.toolkits() if t.version == cuda), None)
    native_min = _driver_field(toolkit, machine) if toolkit else None
    major = int(cuda.split(".")[0])
    floor, floor_verified = _minor_floor(machine, major)
    needs = floor or native_min
    if machine.driver:
        if native_min and at_least(machine.driver, native_min):
            return True, f"native (CUDA {cuda} needs driver >= {native_min})", needs
        if floor and at_least(machine.driver, floor):
            note = "" if floor_verified else ", floor not verified"
            return True, f"minor-version compatibility (CUDA {major}.x needs driver >= {floor}{note})", needs
        return False, f"driver {machine.driver} is older than {needs} (CUDA {cuda})", needs
    if machine.driver_cuda:
        if at_least(machine.driver_cuda, cuda):
            return True, f"native (the driver reports CUDA {machine.driver_cuda})", needs
        if floor and parse(machine.driver_cuda).major == major:
            return True, f"minor-version compatibility (the driver reports CUDA {machine.driver_cuda})", needs
        return False, f"the driver reports CUDA {machine.driver_cuda}, older than {cuda}", needs
    return None, "driver version unknown", needs


@lru_cache(maxsize=4096)  # pure, over immutable inputs: the chooser asks the same many times
def arch_row(variant: str, torch_version: str) -> Optional[cv.ArchRow]:
    version = parse(torch_version)
    for row in cv.torch_arch_rows():
        if row.variant != variant:
            continue
        if version < parse(row.torch_min):
            continue
        if row.torch_max and version > parse(row.torch_max):
            continue
        return row
    return None


def arch_covers(arch_list, ptx: Optional[str], cap: tuple[int, int], ptx_usable: bool) -> bool:
    for arch in arch_list:
        built = arch_capability(arch)
        if built is None:
            continue
        if arch.startswith("sm_") and built[0] == cap[0] and built[1] <= cap[1]:
            return True
        if arch.startswith("compute_") and ptx_usable and built <= cap:
            return True
    ptx_cap = arch_capability(ptx) if ptx else None
    return bool(ptx_usable and ptx_cap and ptx_cap <= cap)


@lru_cache(maxsize=4096)  # pure, over immutable inputs: the chooser asks the same many times
def check_variant(release: cv.TorchRelease, variant: str, machine: Machine) -> VariantCheck:
    runs, how, needs = driver_check(variant, machine)
    row = arch_row(variant, release.version)
    uncovered = []
    if row is not None:
        ptx_usable = bool(runs) and how.startswith("native")
        for cap_text in machine.capabilities:
            cap = capability(cap_text)
            if cap and not arch_covers(row.arch_list, row.ptx, cap, ptx_usable):
                uncovered.append(cap_text)
        floor = _cudnn_floor(release.version, variant)
        uncovered += [c for c in machine.capabilities
                      if c not in uncovered and floor and capability(c) and capability(c) < floor]
    return VariantCheck(variant, variant_cuda(variant) or "", runs, how, needs, row is not None, tuple(uncovered),
                        verified=(row.verified if row else False) and release.verified)


@lru_cache(maxsize=4096)  # pure, over immutable inputs: the chooser asks the same many times
def _cudnn_floor(torch_version: str, variant: str) -> Optional[tuple[int, int]]:
    """The lowest compute capability the cuDNN bundled with this build supports (compat/cudnn.toml)."""
    bundled = cv.shared.cudnn_bundled(torch_version, variant)
    release = cv.shared.cudnn_release(bundled) if bundled else None
    return release.min_capability if release is not None else None


def _python_ok(release: cv.TorchRelease, machine: Machine) -> bool:
    return machine.python is None or machine.python in release.python


def _release(version: str) -> Optional[cv.TorchRelease]:
    return next((r for r in cv.torch_releases() if r.version == version), None)


def current_variant(machine: Machine) -> Optional[str]:
    """The installed torch's build: from torch.version.cuda, else the local tag, else the PyPI default."""
    if not machine.torch:
        return None
    if machine.torch_cuda_known:
        return cuda_variant(machine.torch_cuda) if machine.torch_cuda else "cpu"
    tag = local(machine.torch)
    if tag:
        return tag if tag == "cpu" or tag.startswith("cu") else tag
    release = _release(base(machine.torch) or "")
    if release is None:
        return None
    return "cpu" if _os_key(machine) == "windows" else release.pypi_default_cuda


def _paired(installed: Optional[str], expected: Optional[str], variant: Optional[str]) -> bool:
    if not installed or not expected:
        return True
    if base(installed) != expected:
        return False
    tag = local(installed)
    return tag is None or variant is None or tag == variant


def _current_fits(machine: Machine, variant: Optional[str]) -> tuple[bool, bool, list[str]]:
    """(the torch build runs here, torchvision/torchaudio are its pairs, why not)."""
    release = _release(base(machine.torch) or "")
    why: list[str] = []
    if variant is None or variant == "cpu" or not variant.startswith("cu"):
        why.append(tr("torch {torch} is a CPU-only build", torch=machine.torch) if variant == "cpu"
                   else tr("torch {torch}: its CUDA build is unknown", torch=machine.torch))
        return False, False, why
    if release is not None and release.cuda_variants and variant not in release.cuda_variants:
        # Not a build PyTorch published (YD207): a third-party index, a source build or a mislabelled image.
        why.append(tr("torch {torch}: {variant} is not one of the builds published for {release} ({published})",
                      torch=machine.torch, variant=variant, release=release.version,
                      published=', '.join(release.cuda_variants)))
    runs, how, _ = driver_check(variant, machine)
    if not runs:
        why.append(f"torch {machine.torch} ({variant}): {how_text(variant, machine)}")
    if machine.torch_arch_list:
        ptx_usable = bool(runs) and how.startswith("native")
        for cap_text in machine.capabilities:
            cap = capability(cap_text)
            if cap and not arch_covers(machine.torch_arch_list, None, cap, ptx_usable):
                why.append(tr("torch {torch} has no kernels for {sm} (its arch list: {arch_list})",
                              torch=machine.torch, sm=sm_name(cap), arch_list=' '.join(machine.torch_arch_list)))
    elif release is not None:
        check = check_variant(release, variant, machine)
        if check.uncovered:
            why.append(tr("torch {torch} ({variant}) has no kernels for {sms}", torch=machine.torch, variant=variant,
                          sms=', '.join(sm_name(capability(c)) for c in check.uncovered)))
    if machine.cudnn:  # the cuDNN in use has a support floor of its own (YD303)
        try:
            cudnn = cv.shared.cudnn_release(machine.cudnn)
        except ValueError:
            cudnn = None
        old = [c for c in machine.capabilities if cudnn and capability(c) and capability(c) < cudnn.min_capability]
        if old:
            why.append(tr("cuDNN {cudnn} no longer supports compute capability {capabilities}",
                          cudnn=machine.cudnn, capabilities=', '.join(old)))
    torch_ok = not why
    if release is not None:
        why += _unpaired(machine, release, variant)
    return torch_ok, not why, why


def _unpaired(machine: Machine, release: cv.TorchRelease, variant: str) -> list[str]:
    why = []
    if not _paired(machine.torchvision, release.torchvision, variant):
        why.append(tr("{package} {version} is not the pair of torch {torch} (expected {expected})",
                      package="torchvision", version=machine.torchvision, torch=machine.torch,
                      expected=f"{release.torchvision}+{variant}"))
    if not _paired(machine.torchaudio, release.torchaudio, variant):
        why.append(tr("{package} {version} is not the pair of torch {torch} (expected {expected})",
                      package="torchaudio", version=machine.torchaudio, torch=machine.torch,
                      expected=f"{release.torchaudio}+{variant}"))
    return why


def _best_variant(release: cv.TorchRelease, machine: Machine, only: Optional[str] = None):
    checks = [check_variant(release, v, machine) for v in release.cuda_variants if only in (None, v)]
    good = [c for c in checks if c.ok]
    good.sort(key=lambda c: parse(c.cuda), reverse=True)
    return (good[0] if good else None), checks


def _cuda_number(cuda: Optional[str]) -> float:
    v = parse(cuda or "0")
    return v.major + v.minor / 10


def _line(version: str) -> tuple[int, int]:
    v = parse(version)
    return (v.major, v.minor)


def _ordered_candidates(releases, installed: Optional[str]):
    """Releases in order of preference: the installed version, then nearest line
    (upgrade first on a tie), newest patch in a line; without torch, newest first."""
    if not installed or parse(base(installed)) is None:
        return sorted(releases, key=lambda r: (r.verified, parse(r.version)), reverse=True)
    current = parse(base(installed))
    lines = sorted({_line(r.version) for r in releases} | {(current.major, current.minor)})
    position = lines.index((current.major, current.minor))

    def key(release):
        index = lines.index(_line(release.version))
        distance = abs(index - position)
        upgrade = 0 if index >= position else 1
        same = 0 if parse(release.version) == current else 1
        return (same, distance, upgrade, not release.verified, -parse(release.version).major,
                -parse(release.version).minor, -parse(release.version).micro)

    return sorted(releases, key=key)


def _describe(chosen_check: VariantCheck, machine: Machine, row: Optional[cv.ArchRow]) -> list[str]:
    reasons = [tr("driver: {how}", how=how_text(chosen_check.variant, machine))]
    if machine.gpus and row is not None:
        names = ", ".join(f"{g.name} ({sm_name(capability(g.capability))})" for g in machine.gpus
                          if capability(g.capability))
        reasons.append(tr("GPUs: {gpus} covered by the {variant} build ({arch_list})", gpus=names,
                          variant=chosen_check.variant,
                          arch_list=f"{' '.join(row.arch_list)}{' +PTX ' + row.ptx if row.ptx else ''}"))
    return reasons


def select_torch_set(machine: Machine, pin: Optional[str] = None, cpu_ok: bool = True) -> Selection:
    """The torch set to install, or why none can be chosen. `pin` is a torch version the
    user insists on ("2.4.1" or "2.4.1+cu121"). Without a visible GPU and without torch, the CPU
    build is chosen when `cpu_ok` (not when the GPU is only hidden, e.g. a container without --gpus)."""
    variant_now = current_variant(machine)
    if pin and local(pin) == "cpu":  # the CPU build asked for by name (e.g. `fix --torch 2.4.1+cpu`)
        return _cpu_set(machine, pin, installed=machine.torch)
    if not machine.gpus:
        if machine.torch is None and cpu_ok:
            return _cpu_set(machine, pin)
        paired = _pair_only(machine, variant_now)
        if paired is not None:
            return paired
        return Selection(current_ok=True, current_variant=variant_now,
                         problems=(tr("no NVIDIA GPU is visible: a CUDA build of torch cannot help until one is"),))
    platform = platform_of(machine)
    if not platform.cuda_wheels:
        if platform.name in (P.JETSON, P.MACOS) or (machine.gate is not None and machine.gate.gpu == "amd"):
            # platform gate: no download.pytorch.org CUDA wheel can use this GPU (platform_route.py says how)
            return Selection(current_variant=variant_now, problems=(
                tr("{platform}: no download.pytorch.org CUDA wheel can use this GPU; torch comes from the {route} "
                   "route here", platform=f"{platform.name}{f' ({machine.platform})' if machine.platform else ''}",
                   route=platform.route),))
        return Selection(current_variant=variant_now, problems=(
            tr("compat/torch.toml records CUDA wheel builds for {platforms} only, not {platform}",
               platforms=', '.join(CUDA_WHEEL_PLATFORMS), platform=machine.platform),))
    if machine.torch and not pin:
        torch_ok, pairs_ok, why = _current_fits(machine, variant_now)
        if torch_ok and pairs_ok:
            return Selection(current_ok=True, current_variant=variant_now)
        release = _release(base(machine.torch) or "")
        if torch_ok and release is not None:
            # The build runs here: only its companions are wrong. Pair them, keep torch exactly.
            torchaudio = release.torchaudio if machine.torchaudio else None
            chosen = TorchSet(release.version, variant_now, release.torchvision, torchaudio, "pair",
                              tuple(why) + (tr("torch {torch} runs here and is kept", torch=machine.torch),),
                              verified=release.verified)
            return Selection(chosen=chosen, current_variant=variant_now)
    pin_variant = local(pin) if pin else None
    if pin:
        release = _release(base(pin) or "")
        if release is None:
            return Selection(current_variant=variant_now,
                             problems=(tr("torch {pin} is not a release recorded in compat/torch.toml", pin=pin),))
        releases = [release]
    else:
        releases = list(cv.torch_releases())
    python_ok = [r for r in releases if _python_ok(r, machine)]
    if not python_ok:
        return Selection(current_variant=variant_now, problems=(_no_release_for_python(machine, pin),))
    installed_base = base(machine.torch) if machine.torch else None
    unpublished = bool(installed_base and variant_now and variant_now.startswith("cu") and not pin
                       and _release(installed_base) and variant_now not in _release(installed_base).cuda_variants)
    for release in _ordered_candidates(python_ok, pin or installed_base):
        best, checks = _best_variant(release, machine, pin_variant)
        if best is None:
            continue
        if unpublished and release.version == installed_base:
            # A build PyTorch never published (YD207): the nearest published CUDA that fits, not the newest.
            fitting = [c for c in checks if c.ok]
            now = _cuda_number(variant_cuda(variant_now))
            best = min(fitting, key=lambda c: (int(_cuda_number(c.cuda)) != int(now),
                                               abs(_cuda_number(c.cuda) - now), -_cuda_number(c.cuda)))
        row = arch_row(best.variant, release.version)
        if installed_base and parse(release.version) == parse(installed_base):
            change = "keep" if variant_now == best.variant else "variant"
        elif installed_base:
            change = "upgrade" if parse(release.version) > parse(installed_base) else "downgrade"
        else:
            change = "install"
        reasons = _describe(best, machine, row)
        if change == "keep":
            reasons.insert(0, tr("torch {torch} kept; torchvision/torchaudio paired to it",
                                 torch=f"{release.version}+{best.variant}"))
        elif change == "variant":
            reasons.insert(0, tr("torch {torch} kept, {old} build replaced by {new} (the highest CUDA this driver "
                                 "and these GPUs can run)", torch=release.version, old=variant_now or tr("unknown"),
                                 new=best.variant))
        elif installed_base and pin:
            reasons.insert(0, tr("torch {pin} asked for (--torch, or the profile's pin) instead of {installed}",
                                 pin=pin, installed=installed_base))
        elif installed_base:
            reasons.insert(0, tr("no build of torch {installed} runs here; {release} is the nearest release that does",
                                 installed=installed_base, release=release.version))
        torchaudio = release.torchaudio if machine.torchaudio else None
        if machine.torchaudio and not release.torchaudio:
            reasons.append(tr("torchaudio has no release paired with torch {release}; it is left as installed",
                              release=release.version))
        chosen = TorchSet(release.version, best.variant, release.torchvision, torchaudio, change, tuple(reasons),
                          verified=best.verified, tradeoff=_tradeoff(best, machine, python_ok))
        return Selection(chosen=chosen, current_variant=variant_now, checks=tuple(checks))
    return _nothing_fits(machine, python_ok, pin or installed_base, variant_now)


def _pair_only(machine: Machine, variant: Optional[str]) -> Optional[Selection]:
    """Without a visible GPU the installed torch is kept as it is; only its companions may need pairing."""
    release = _release(base(machine.torch) or "") if machine.torch else None
    if release is None or variant is None:
        return None
    why = _unpaired(machine, release, variant)
    if not why:
        return None
    chosen = TorchSet(release.version, variant, release.torchvision,
                      release.torchaudio if machine.torchaudio else None, "pair",
                      tuple(why) + (tr("torch {torch} is kept", torch=machine.torch),), verified=release.verified)
    return Selection(chosen=chosen, current_variant=variant)


def _cpu_set(machine: Machine, pin: Optional[str], installed: Optional[str] = None) -> Selection:
    """The CPU build of the pinned or newest release for this Python (no GPU and no torch, or asked for)."""
    releases = [r for r in cv.torch_releases() if _python_ok(r, machine) and (not pin or r.version == base(pin))]
    if not releases:
        return Selection(problems=(_no_release_for_python(machine, pin),))
    release = _ordered_candidates(releases, None)[0]
    if installed:
        chosen = TorchSet(release.version, "cpu", release.torchvision,
                          release.torchaudio if machine.torchaudio else None, "variant",
                          (tr("the CPU build of torch {release} asked for instead of {installed}",
                              release=release.version, installed=installed),),
                          verified=release.verified)
        return Selection(chosen=chosen, current_variant=current_variant(machine))
    chosen = TorchSet(release.version, "cpu", release.torchvision, None, "install",
                      (tr("no NVIDIA GPU is visible: the CPU build of torch {release}, the newest for Python {python}",
                          release=release.version, python=machine.python or tr("(unknown)")),),
                      verified=release.verified)
    return Selection(chosen=chosen)


def _no_release_for_python(machine: Machine, pin: Optional[str]) -> str:
    if pin:
        return tr("no torch release {pin} in compat/torch.toml has wheels for Python {python}", pin=pin,
                  python=machine.python)
    return tr("no torch release in compat/torch.toml has wheels for Python {python}", python=machine.python)


def _nothing_fits(machine: Machine, releases, preferred: Optional[str], variant_now) -> Selection:
    """No release/variant runs here: is it the driver (a driver upgrade helps) or the GPU?"""
    problems = []
    ordered = _ordered_candidates(releases, preferred)
    needs = None
    for release in ordered:
        checks = [check_variant(release, v, machine) for v in release.cuda_variants]
        covered = [c for c in checks if c.arch_known and not c.uncovered]
        if covered:
            # The GPUs are covered; the driver is what stops it. Lowest driver for this release:
            best = min(covered, key=lambda c: parse(c.needs_driver) if c.needs_driver else parse("0"))
            if best.runs is None:
                problems.append(tr("the NVIDIA driver version is unknown, so no CUDA build can be chosen"))
            else:
                needs = best.needs_driver
                problems.append(tr("driver {driver} is too old for every CUDA build of torch {release}; {variant} "
                                   "needs driver >= {needs}", driver=machine.driver or machine.driver_cuda,
                                   release=release.version, variant=best.variant, needs=best.needs_driver))
            break
    else:
        caps = ", ".join(sm_name(capability(c)) for c in machine.capabilities if capability(c))
        problems.append(tr("no official torch build recorded in compat/torch.toml has kernels for {sms} with "
                           "Python {python}", sms=caps, python=machine.python) if machine.python else
                        tr("no official torch build recorded in compat/torch.toml has kernels for {sms}", sms=caps))
    return Selection(current_variant=variant_now, problems=tuple(problems), needs_driver=needs)


def _tradeoff(chosen: VariantCheck, machine: Machine, releases) -> Optional[str]:
    """The one line to say when the chosen build runs only by minor-version compatibility, with the
    alternative: the driver the build's toolkit wants, or the newest build native to this driver."""
    if not chosen.how.startswith("minor-version"):
        return None
    toolkit = next((t for t in cv.toolkits() if t.version == chosen.cuda), None)
    native_driver = _driver_field(toolkit, machine) if toolkit else None
    options = []
    if native_driver:
        options.append(tr("upgrade the driver to >= {driver}", driver=native_driver))
    native = _native_build(machine, releases)
    if native:
        options.append(tr("torch {torch}, native to this driver ({command})", torch=native,
                          command=f"yolodoctor fix --torch {native}"))
    return tr("{variant} runs on this driver only by CUDA minor-version compatibility (no JIT of newer PTX, "
              "no features of newer drivers); the alternative: {alternative}", variant=chosen.variant,
              alternative=tr(" or ").join(options) if options else tr("upgrade the driver"))


def _native_build(machine: Machine, releases) -> Optional[str]:
    """The installed release's native variant when it has one (least change), else the newest release's."""
    installed = base(machine.torch) if machine.torch else None
    ordered = sorted(releases, key=lambda r: (r.version == installed, r.verified, parse(r.version)), reverse=True)
    for release in ordered:
        native = [c for c in (check_variant(release, v, machine) for v in release.cuda_variants)
                  if c.ok and c.how.startswith("native")]
        if native:
            best = max(native, key=lambda c: parse(c.cuda))
            return f"{release.version}+{best.variant}"
    return None


def native_alternative(facts) -> Optional[str]:
    """The newest build ("2.9.1+cu126") this machine's driver runs natively, for its Python and GPUs."""
    from .machine import machine_from_facts

    machine = machine_from_facts(facts)
    if not machine.gpus or not platform_of(machine).cuda_wheels:
        return None
    return _native_build(machine, [r for r in cv.torch_releases() if _python_ok(r, machine)])
