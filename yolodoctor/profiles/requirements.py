"""Judging a machine against a profile: one pure check per profile rule (rules/profiles.toml).

Each check takes Facts and the (policy-adjusted) Profile and returns a Hit, several, or None.
Facts that are unknown never produce a Hit. A profile marked verified = false asks for at most
a warning on version ranges: its pins are what a project declared, not what was proven.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional, Union

from ..diagnose.model import Hit
from ..diagnose.network_common import evidence_line, of_kind, outcome, probed, truthy, usable
from ..facts.model import Facts
from . import advice
from .machine import (capability_tuple, gpus, nvidia_present, package_missing, package_version, parse_version,
                      satisfies, torch_cuda_major, torch_is_cpu_build, torch_version, usable_gpu_count)
from .model import Profile

Check = Callable[[Facts, Profile], Union[None, Hit, Iterable[Hit]]]
CHECKS: dict[str, Check] = {}


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


def _pip(facts: Facts) -> str:
    """pip under the inspected interpreter, never a bare `pip` (which may belong to another Python)."""
    import shlex

    return f"{shlex.quote(facts.python.executable or 'python')} -m pip"


def _torch_repair(profile: Profile) -> Optional[str]:
    """For a profile that pins torch exactly: the chooser's command goes here (diagnose/repair.py), the one
    `fix --profile` plans."""
    if not advice.torch_pin(profile):
        return None
    from ..diagnose.repair import torch_repair

    return torch_repair(f"Install the torch {advice.torch_pin(profile)} set {profile.origin('torch')} pins")


def _in_range_fix(profile: Profile) -> str:
    """A torch range (not an exact pin): the chooser is pointed at a release inside it, so torchvision comes
    paired, from torch's own variant index (never a PyPI torchvision beside another torch build)."""
    release = advice.release_in_range(profile)
    if release is None:
        return (f"No torch release recorded in compat/torch.toml satisfies {profile.torch or 'the range'}"
                f"{' with torchvision ' + profile.torchvision if profile.torchvision else ''}.")
    return f"Install torch {release}, the newest release in range, with its paired torchvision:\n  " \
           f"yolodoctor fix --torch {release}"


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
    exact = _torch_repair(profile)
    command = exact or _in_range_fix(profile)
    return Hit(message=f"torch {facts.torch.version} does not satisfy {profile.torch}, which "
                       f"{profile.origin('torch')} requires.",
               fix=command,
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
    command = _torch_repair(profile) or _in_range_fix(profile)
    return Hit(message=f"torchvision {found} does not satisfy {profile.torchvision}, which "
                       f"{profile.origin('torchvision')} pins.",
               fix=command,
               evidence=(f"torchvision = {found}", f"required torchvision {profile.torchvision}"),
               severity=_range_severity(profile, "torchvision"),
               data={"required": profile.torchvision, "found": found})


@check("YD1004")
def torch_cuda_in_range(facts: Facts, profile: Profile) -> Optional[Hit]:
    cuda = parse_version(facts.torch.cuda)
    if not profile.cuda or cuda is None or satisfies(cuda, profile.cuda):
        return None
    command = _torch_repair(profile)
    fix = command or f"Install a torch build whose CUDA version satisfies {profile.cuda} (pytorch.org lists the " \
                     f"cuXYZ index for each)."
    return Hit(message=f"torch {facts.torch.version} is built for CUDA {facts.torch.cuda}; "
                       f"{profile.origin('cuda')} needs CUDA {profile.cuda}.",
               fix=fix,
               evidence=(f"torch.cuda = {facts.torch.cuda}", f"required cuda {profile.cuda}"),
               severity=_range_severity(profile, "cuda"),
               data={"required": profile.cuda, "found": facts.torch.cuda})


def _gpus_needed(profile: Profile) -> int:
    return max(profile.gpus_min, 1 if profile.requires_gpu else 0)


@check("YD1005")
def gpu_available(facts: Facts, profile: Profile) -> Optional[Hit]:
    """A GPU is here (YD104 speaks when there is none) but the workload, which needs one, cannot use it."""
    needed = _gpus_needed(profile)
    usable = usable_gpu_count(facts)
    if needed == 0 or usable is None or usable > 0 or not nvidia_present(facts):
        return None
    evidence = [f"torch.cuda.is_available() = {facts.torch.cuda_available}",
                f"GPUs listed by the driver: {len(facts.nvidia.gpus)}"]
    if torch_is_cpu_build(facts):
        from ..diagnose.repair import torch_repair

        command = _torch_repair(profile) or torch_repair("Install the CUDA build that fits this GPU and driver")
        return Hit(message=f"{profile.origin('gpus_min')} needs a CUDA GPU, but torch {facts.torch.version} is "
                           f"a CPU-only build: the job cannot run here as it is.",
                   fix=command, evidence=("torch.cuda = None", *evidence),
                   data={"reason": "cpu_build", "needed": needed})
    return Hit(message=f"{profile.origin('gpus_min')} needs a CUDA GPU, and torch cannot use the one here: the "
                       f"findings about the driver, CUDA or the container say why.",
               fix="Fix what keeps the GPU from torch (see the other findings), then check again.",
               evidence=tuple(evidence), data={"reason": "torch_cannot_use", "needed": needed})


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
                      f"capability {profile.flash_attn_min_capability_text} or newer; this machine has none."
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
                   f"{profile.flash_attn_min_capability_text} or newer; this machine has {names}. The profile's "
                   f"promise cannot hold on this hardware.{installed_note}")
        fix = f"Run this workload on a GPU such as {examples}."
    else:
        message = (f"flash-attn, recommended by {profile.origin('flash_attn')}, cannot run on {names}: it needs "
                   f"compute capability {profile.flash_attn_min_capability_text} or newer. What runs instead: "
                   f"{instead}{installed_note}")
        fix = (f"Nothing to install here: leave flash-attn out on this GPU"
               f"{' (pip uninstall flash-attn)' if installed else ''}. For the flash-attn speed-up use a GPU such "
               f"as {examples}.")
    return Hit(message=message, fix=fix, evidence=tuple(g.label() for g in too_old),
               severity=None if profile.flash_attn == "required" else "info",
               data={"min_capability": profile.flash_attn_min_capability_text,
                     "gpus": [g.label() for g in too_old], "installed": installed})


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
               fix=f'{_pip(facts)} install "{requirement}"{why}. Do not `pip install tensorrt` on a CUDA 12 torch: that '
                   f"meta package now pulls the CUDA 13 build.",
               evidence=("tensorrt: not installed",) + ((f"torch.cuda = {facts.torch.cuda}",) if major else ()),
               severity="warning" if profile.tensorrt == "recommended" else None,
               data={"requirement": requirement})


def _ultralytics_dist(facts: Facts):
    return facts.distribution("ultralytics")


@check("YD1013")
def fork_installed(facts: Facts, profile: Profile) -> Optional[Hit]:
    vendored = profile.ultralytics_vendored
    if not vendored:
        return None
    repo = advice.fork_repository(profile) or "the fork's repository"
    install = f"git clone {repo} && cd {repo.rsplit('/', 1)[-1]} && {_pip(facts)} install -e ."
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


@check("YD1014")
def weights_reachable(facts: Facts, profile: Profile) -> Optional[Hit]:
    """The profile's weights are downloaded on first use: none is on disk and no download can happen."""
    if not profile.network_weights or not profile.weights:
        return None
    local = facts.network.local
    if local.cwd is None and local.ultralytics_weights is None:
        return None  # nobody looked at the disk
    on_disk = {name.rsplit("/", 1)[-1] for name in (*local.cwd_weights, *(local.ultralytics_weights or ()))}
    if on_disk & set(profile.weights):
        return None
    github = of_kind(probed(facts), "github_releases")
    if profile.job_offline:
        why = f"{profile.origin('job_offline')} says the job runs offline"
    elif truthy(facts, "YOLO_OFFLINE"):
        why = "YOLO_OFFLINE is on"
    elif github and not any(usable(p) for p in github):
        why = f"GitHub release downloads fail here ({outcome(github[0])})"
    else:
        return None
    first = profile.weights[0]
    url = advice.weights_url(profile, first, package_version(facts, "ultralytics", "ultralytics"))
    target = local.ultralytics_weights_dir or local.cwd or "the directory the job runs in"
    names = ", ".join(profile.weights)
    return Hit(message=f"None of {profile.name}'s weights ({names}) is on disk, and {why}: loading a pretrained "
                       f"model will fail (training from a .yaml needs no weights).",
               fix=f"On a machine with network access download {url or first} and copy it to {target}/{first} "
                   f"(or pass its full path to YOLO(...)).",
               evidence=(f"network.local.cwd_weights = {local.cwd_weights}",
                         f"network.local.ultralytics_weights = {local.ultralytics_weights}",
                         *(evidence_line(p) for p in github)),
               # The generic weights findings describe the same missing file.
               explains=("YD808", "YD809"),
               data={"url": url, "destination": target, "weights": list(profile.weights)})


@check("YD1015")
def required_packages(facts: Facts, profile: Profile) -> Iterator[Hit]:
    if not profile.required_packages:
        return
    from packaging.requirements import InvalidRequirement, Requirement  # only a profile that lists some

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
                              f"{text}.", fix=f'{_pip(facts)} install "{text}"', evidence=(f"{req.name}: not installed",),
                      data={"requirement": text, "found": None})
            continue
        version = parse_version(dist.version)
        if req.specifier and version is not None and not req.specifier.contains(version, prereleases=True):
            yield Hit(message=f"{req.name} {dist.version} does not satisfy {text}, which "
                              f"{profile.origin('required_packages')} requires.",
                      fix=f'{_pip(facts)} install "{text}"', evidence=(f"{req.name} = {dist.version}",),
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
