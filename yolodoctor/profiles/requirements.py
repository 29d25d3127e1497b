"""Judging a machine against a profile: one pure check per profile rule (rules/profiles.toml).

Each check takes Facts and the (policy-adjusted) Profile and returns a Hit, several, or None.
Facts that are unknown never produce a Hit. A profile marked verified = false asks for at most
a warning on version ranges: its pins are what a project declared, not what was proven.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Optional, Union

from packaging.requirements import InvalidRequirement, Requirement

from ..diagnose.model import Hit
from ..facts.model import MISSING, OK, Facts
from . import advice
from .machine import (capability_tuple, gpus, package_missing, package_version, parse_version, satisfies,
                      torch_cuda_major, torch_is_cpu_build, torch_version, usable_gpu_count)
from .model import Profile

Check = Callable[[Facts, Profile], Union[None, Hit, Iterable[Hit]]]
CHECKS: dict[str, Check] = {}
# NVML and torch report a little less than the marketed memory (a 16 GB T4 shows 15.0 GiB).
VRAM_TOLERANCE = 0.9


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        if rule_id in CHECKS:
            raise ValueError(f"two profile checks for {rule_id}")
        CHECKS[rule_id] = fn
        return fn

    return register


def _range_severity(profile: Profile, key: str) -> Optional[str]:
    """Softer for an unverified profile's own pins; a policy's explicit value is never softened."""
    if not profile.verified and key not in profile.overridden:
        return "warning"
    return None


def _with_fix_hint(profile: Profile, text: str) -> str:
    return f"{text}\nOr let yolodoctor plan it: yolodoctor fix --profile {profile.name}"


@check("YD1001")
def python_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    version = parse_version(facts.python.version)
    if not profile.python or version is None or satisfies(version, profile.python):
        return None
    wanted = advice.suggest_python(profile.python)
    fix = (f"Create an environment with Python {wanted}: `uv venv --python {wanted}` or "
           f"`conda create -n {profile.name} python={wanted}`, then install the workload into it.") if wanted else \
        f"Use a Python that satisfies {profile.python}."
    return Hit(message=f"Python {facts.python.version} does not satisfy {profile.python}, which "
                       f"{profile.origin('python')} requires.",
               fix=fix, evidence=(f"python.version = {facts.python.version}", f"required python {profile.python}"),
               severity=_range_severity(profile, "python"),
               data={"required": profile.python, "found": facts.python.version, "suggest": wanted})


@check("YD1002")
def torch_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    version = torch_version(facts)
    if not profile.torch or version is None or satisfies(version, profile.torch):
        return None
    exact = advice.torch_install_command(profile)
    command = exact or advice.pip_spec("torch", profile.torch)
    return Hit(message=f"torch {facts.torch.version} does not satisfy {profile.torch}, which "
                       f"{profile.origin('torch')} requires.",
               fix=_with_fix_hint(profile, command),
               evidence=(f"torch.version = {facts.torch.version}", f"required torch {profile.torch}"),
               severity=_range_severity(profile, "torch"),
               # One install of the pinned torch, torchvision and CUDA variant settles all three.
               explains=("YD1003", "YD1004") if exact else (),
               data={"required": profile.torch, "found": facts.torch.version, "command": command})


@check("YD1003")
def torchvision_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    found = package_version(facts, "torchvision", "torchvision")
    version = parse_version(found)
    if not profile.torchvision or version is None or satisfies(version, profile.torchvision):
        return None
    command = advice.torch_install_command(profile) or advice.pip_spec("torchvision", profile.torchvision)
    return Hit(message=f"torchvision {found} does not satisfy {profile.torchvision}, which "
                       f"{profile.origin('torchvision')} pins.",
               fix=_with_fix_hint(profile, command),
               evidence=(f"torchvision = {found}", f"required torchvision {profile.torchvision}"),
               severity=_range_severity(profile, "torchvision"),
               data={"required": profile.torchvision, "found": found})


@check("YD1004")
def torch_cuda_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    cuda = parse_version(facts.torch.cuda)
    if not profile.cuda or cuda is None or satisfies(cuda, profile.cuda):
        return None
    command = advice.torch_install_command(profile)
    fix = command or f"Install a torch build whose CUDA version satisfies {profile.cuda} (pytorch.org lists the " \
                     f"cuXYZ index for each)."
    return Hit(message=f"torch {facts.torch.version} is built for CUDA {facts.torch.cuda}; "
                       f"{profile.origin('cuda')} needs CUDA {profile.cuda}.",
               fix=_with_fix_hint(profile, fix),
               evidence=(f"torch.cuda = {facts.torch.cuda}", f"required cuda {profile.cuda}"),
               severity=_range_severity(profile, "cuda"),
               data={"required": profile.cuda, "found": facts.torch.cuda})


def _gpus_needed(profile: Profile) -> int:
    return max(profile.gpus_min, 1 if profile.requires_gpu else 0)


@check("YD1005")
def gpu_available(facts: Facts, profile: Profile) -> Optional[Hit]:
    needed = _gpus_needed(profile)
    usable = usable_gpu_count(facts)
    if needed == 0 or usable is None or usable > 0:
        return None
    evidence = [f"torch.cuda.is_available() = {facts.torch.cuda_available}",
                f"GPUs listed by the driver: {len(facts.nvidia.gpus)}"]
    if torch_is_cpu_build(facts):
        index = advice.pytorch_index() or "the PyTorch wheel index"
        command = advice.torch_install_command(profile) or \
            f"pip install torch --index-url {index}/cuXYZ (the cuXYZ variant your driver supports)"
        return Hit(message=f"{profile.origin('gpus_min')} needs a CUDA GPU, but torch {facts.torch.version} is "
                           f"a CPU-only build.",
                   fix=_with_fix_hint(profile, command), evidence=(f"torch.cuda = None", *evidence),
                   data={"reason": "cpu_build", "needed": needed}, severity="error")
    if facts.nvidia.gpus:
        reason, why = "torch_cannot_use", ("the driver lists {n} GPU(s) but torch cannot use them; the findings "
                                           "about the driver, CUDA or the container say why").format(
            n=len(facts.nvidia.gpus))
    else:
        reason, why = "no_gpu", "no NVIDIA GPU is visible on this machine"
    return Hit(message=f"{profile.origin('gpus_min')} needs a CUDA GPU: {why}.",
               fix="Run the job on a machine (or container) with an NVIDIA GPU; see the other findings for why "
                   "a GPU that is present cannot be used.",
               evidence=tuple(evidence), data={"reason": reason, "needed": needed})


@check("YD1006")
def enough_gpus(facts: Facts, profile: Profile) -> Optional[Hit]:
    needed = _gpus_needed(profile)
    usable = usable_gpu_count(facts)
    if needed <= 1 or not usable or usable >= needed:
        return None
    evidence = [f"usable GPUs = {usable}", f"required gpus_min = {needed}"]
    restricted = facts.nvidia.cuda_visible_devices
    extra = ""
    if restricted is not None and len(facts.nvidia.gpus) > usable:
        extra = f" CUDA_VISIBLE_DEVICES={restricted} hides {len(facts.nvidia.gpus) - usable} of the " \
                f"{len(facts.nvidia.gpus)} GPUs the driver lists."
        evidence.append(f"CUDA_VISIBLE_DEVICES = {restricted}")
    return Hit(message=f"{profile.origin('gpus_min')} needs {needed} GPUs; {usable} usable.{extra}",
               fix="Schedule the job on a node with enough GPUs (or request them: docker --gpus all, Kubernetes "
                   f"nvidia.com/gpu: {needed}, Slurm --gres=gpu:{needed}), or train on fewer devices.",
               evidence=tuple(evidence), data={"needed": needed, "usable": usable})


@check("YD1007")
def enough_vram(facts: Facts, profile: Profile) -> Optional[Hit]:
    if profile.min_vram_gib <= 0:
        return None
    known = [g for g in gpus(facts) if g.memory_gib is not None]
    small = [g for g in known if g.memory_gib < profile.min_vram_gib * VRAM_TOLERANCE]
    if not small:
        return None
    from_policy = "min_vram_gib" in profile.overridden
    return Hit(message=f"{len(small)} of {len(known)} GPU(s) have less than the {profile.min_vram_gib:g} GiB "
                       f"that {profile.origin('min_vram_gib')} asks for: "
                       + "; ".join(g.label() for g in small) + ".",
               fix="Use a GPU with more memory, or lower the memory the job needs (smaller batch=, imgsz= or "
                   "model scale; batch=-1 lets Ultralytics pick a batch that fits).",
               evidence=tuple(g.label() for g in small),
               severity="error" if from_policy else None,
               data={"required_gib": profile.min_vram_gib, "gpus": [g.label() for g in small]})


@check("YD1008")
def flash_attn_can_run(facts: Facts, profile: Profile) -> Optional[Hit]:
    if profile.flash_attn == "no":
        return None
    floor = capability_tuple(profile.flash_attn_min_capability)
    known = [g for g in gpus(facts) if capability_tuple(g.capability)]
    usable = usable_gpu_count(facts)
    installed = package_version(facts, "flash_attn", "flash-attn")
    instead = profile.flash_attn_fallback or "The workload has no fallback without flash-attn."
    examples = ", ".join(advice.capable_gpu_examples(profile.flash_attn_min_capability))
    rejection = advice.flash_attn_rejection(installed)
    if usable == 0 and not known:
        if profile.flash_attn == "required":
            message = f"{profile.origin('flash_attn')} requires flash-attn, which needs a CUDA GPU with " \
                      f"capability {profile.flash_attn_min_capability} or newer; this machine has none."
        else:
            message = f"flash-attn, recommended by {profile.origin('flash_attn')}, cannot run without a CUDA " \
                      f"GPU. What runs instead: {instead}"
        return Hit(message=message, fix=f"For flash-attn use a GPU such as {examples}.",
                   evidence=("no usable CUDA GPU",),
                   severity=None if profile.flash_attn == "required" else "info", data={"gpus": []})
    too_old = [g for g in known if capability_tuple(g.capability) < floor]
    if not too_old or floor is None:
        return None
    names = "; ".join(f"{g.label()} ({advice.family_of(g.capability) or 'older architecture'})" for g in too_old)
    if installed:
        installed_note = f" The installed flash-attn {installed} will fail there" + \
                         (f" with '{rejection}'" if rejection else "") + "."
    else:
        installed_note = ""
    if profile.flash_attn == "required":
        message = (f"{profile.origin('flash_attn')} requires flash-attn, which needs compute capability "
                   f"{profile.flash_attn_min_capability} or newer; this machine has {names}. The profile's "
                   f"promise cannot hold on this hardware.{installed_note}")
        fix = f"Run this workload on a GPU such as {examples}."
    else:
        message = (f"flash-attn, recommended by {profile.origin('flash_attn')}, cannot run on {names}: it needs "
                   f"compute capability {profile.flash_attn_min_capability} or newer. What runs instead: "
                   f"{instead}{installed_note}")
        fix = (f"Nothing to install here: leave flash-attn out on this GPU"
               f"{' (pip uninstall flash-attn)' if installed else ''}. For the flash-attn speed-up use a GPU such "
               f"as {examples}.")
    return Hit(message=message, fix=fix, evidence=tuple(g.label() for g in too_old),
               severity=None if profile.flash_attn == "required" else "info",
               data={"min_capability": profile.flash_attn_min_capability,
                     "gpus": [g.label() for g in too_old], "installed": installed})


@check("YD1009")
def flash_attn_installed(facts: Facts, profile: Profile) -> Optional[Hit]:
    if profile.flash_attn == "no" or package_missing(facts, "flash_attn", "flash-attn") is not True:
        return None
    floor = capability_tuple(profile.flash_attn_min_capability)
    capable = [g for g in gpus(facts) if capability_tuple(g.capability) and capability_tuple(g.capability) >= floor]
    if not capable or not usable_gpu_count(facts):
        return None  # YD1008 explains a GPU that cannot run it
    if profile.flash_attn_pin:
        install = (f"the profile's wheel {profile.flash_attn_pin} (it must match torch, CUDA major, Python and the "
                   f"C++ ABI), or `pip install flash-attn --no-build-isolation`")
    else:
        install = "`pip install flash-attn --no-build-isolation` (a prebuilt wheel is used when one matches)"
    return Hit(message=f"flash-attn is not installed; {profile.origin('flash_attn')} "
                       f"{'requires' if profile.flash_attn == 'required' else 'recommends'} it on "
                       f"{capable[0].label()}."
                       + (f" Without it: {profile.flash_attn_fallback}" if profile.flash_attn == "recommended"
                          and profile.flash_attn_fallback else ""),
               fix=_with_fix_hint(profile, f"Install {install}."),
               evidence=("flash_attn: not installed", capable[0].label()),
               severity="warning" if profile.flash_attn == "recommended" else None,
               data={"pin": profile.flash_attn_pin})


@check("YD1010")
def tensorrt_installed(facts: Facts, profile: Profile) -> Optional[Hit]:
    if profile.tensorrt == "no" or package_missing(facts, "tensorrt", "tensorrt") is not True:
        return None
    # Any of the tensorrt-cuXX distributions counts as installed.
    if any(facts.distribution(name) for name in ("tensorrt-cu11", "tensorrt-cu12", "tensorrt-cu13")):
        return None
    major = torch_cuda_major(facts)
    requirement = advice.tensorrt_package(profile, major)
    why = f" (the CUDA {major} build, matching torch)" if major else \
        " (replace {torch CUDA major} with the CUDA major of your torch build)"
    return Hit(message=f"TensorRT is not installed; {profile.origin('tensorrt')} "
                       f"{'needs' if profile.tensorrt == 'required' else 'recommends'} it.",
               fix=f'pip install "{requirement}"{why}. Do not `pip install tensorrt` on a CUDA 12 torch: that '
                   f"meta package now pulls the CUDA 13 build.",
               evidence=("tensorrt: not installed",) + ((f"torch.cuda = {facts.torch.cuda}",) if major else ()),
               severity="warning" if profile.tensorrt == "recommended" else None,
               data={"requirement": requirement})


@check("YD1011")
def tensorrt_supports_gpu(facts: Facts, profile: Profile) -> Optional[Hit]:
    if profile.tensorrt == "no":
        return None
    installed = package_version(facts, "tensorrt", "tensorrt")
    release = advice.tensorrt_release_for(installed)
    floor_text = (release or {}).get("min_capability") or profile.tensorrt_min_capability
    floor = capability_tuple(floor_text)
    if floor is None:
        return None
    too_old = [g for g in gpus(facts) if capability_tuple(g.capability) and capability_tuple(g.capability) < floor]
    if not too_old:
        return None
    newest = advice.newest_tensorrt_for(too_old[0].capability or "")
    what = f"TensorRT {installed}" if installed else "current TensorRT releases"
    if newest:
        package = re.split(r"[<>=!~ ]", advice.tensorrt_package(profile, torch_cuda_major(facts)))[0]
        fix = (f"Use TensorRT {newest['version']} (latest {newest['latest_patch']}), the newest line that "
               f"supports capability {too_old[0].capability}: pip install \"{package}=={newest['latest_patch']}\" "
               f"if a wheel exists for your Python and CUDA; or export on a newer GPU (engines only run on the "
               f"GPU architecture that built them).")
    else:
        fix = "Export on a newer GPU; engines only run on the GPU architecture that built them."
    return Hit(message=f"{what} supports compute capability {floor_text} and newer; this machine has "
                       + "; ".join(g.label() for g in too_old) + ".",
               fix=fix, evidence=tuple(g.label() for g in too_old) + ((f"tensorrt = {installed}",) if installed else ()),
               data={"min_capability": floor_text, "installed": installed})


def _ultralytics_dist(facts: Facts):
    return facts.distribution("ultralytics")


@check("YD1012")
def ultralytics_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    spec = profile.ultralytics_specifier
    if not spec:
        return None
    missing = package_missing(facts, "ultralytics", "ultralytics")
    found = package_version(facts, "ultralytics", "ultralytics")
    if missing:
        return Hit(message=f"ultralytics is not installed; {profile.origin('ultralytics')} needs ultralytics {spec}.",
                   fix=advice.pip_spec("ultralytics", spec), evidence=("ultralytics: not installed",),
                   data={"required": spec, "found": None})
    version = parse_version(found)
    if version is None or satisfies(version, spec):
        return None
    return Hit(message=f"ultralytics {found} does not satisfy {spec}, which {profile.origin('ultralytics')} "
                       f"needs (older releases cannot build or download these models).",
               fix=advice.pip_spec("ultralytics", spec).replace("pip install", "pip install -U"),
               evidence=(f"ultralytics = {found}",), data={"required": spec, "found": found})


@check("YD1013")
def fork_installed(facts: Facts, profile: Profile) -> Optional[Hit]:
    vendored = profile.ultralytics_vendored
    if not vendored:
        return None
    repo = advice.fork_repository(profile) or "the fork's repository"
    install = f"git clone {repo} && cd {repo.rsplit('/', 1)[-1]} && pip install -e ."
    missing = package_missing(facts, "ultralytics", "ultralytics")
    if missing:
        return Hit(message=f"{profile.name} runs from its own copy of ultralytics ({vendored}), which is not "
                           f"installed.", fix=install, evidence=("ultralytics: not installed",),
                   data={"vendored": vendored})
    dist = _ultralytics_dist(facts)
    found = package_version(facts, "ultralytics", "ultralytics")
    if found is None or missing is None:
        return None
    from_pypi = dist is not None and dist.editable is False and not dist.direct_url
    if found == vendored and not from_pypi:
        return None
    how = "installed from PyPI" if from_pypi else "a different version"
    return Hit(message=f"ultralytics {found} ({how}) is installed, not {profile.name}'s vendored ultralytics "
                       f"{vendored}: the fork's model YAMLs and modules are missing from it.",
               fix=f"pip uninstall -y ultralytics && {install}",
               evidence=(f"ultralytics = {found}", f"editable = {dist.editable if dist else None}"),
               data={"vendored": vendored, "found": found})


@check("YD1015")
def required_packages(facts: Facts, profile: Profile) -> Iterator[Hit]:
    for text in profile.required_packages:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue  # the policy loader rejects these before we get here
        dist = facts.distribution(req.name)
        if dist is None:
            if not facts.python.distributions:
                continue  # distributions were not listed: unknown, not missing
            yield Hit(message=f"{req.name} is not installed; {profile.origin('required_packages')} requires "
                              f"{text}.", fix=f'pip install "{text}"', evidence=(f"{req.name}: not installed",),
                      data={"requirement": text, "found": None})
            continue
        version = parse_version(dist.version)
        if req.specifier and version is not None and not req.specifier.contains(version, prereleases=True):
            yield Hit(message=f"{req.name} {dist.version} does not satisfy {text}, which "
                              f"{profile.origin('required_packages')} requires.",
                      fix=f'pip install "{text}"', evidence=(f"{req.name} = {dist.version}",),
                      data={"requirement": text, "found": dist.version})


def evaluate(facts: Facts, profile: Profile) -> list[tuple[str, Hit]]:
    """Every hit of every profile check, in rule-id order."""
    out: list[tuple[str, Hit]] = []
    for rule_id in sorted(CHECKS):
        result = CHECKS[rule_id](facts, profile)
        if result is None:
            continue
        hits = [result] if isinstance(result, Hit) else list(result)
        out.extend((rule_id, hit) for hit in hits)
    return out
