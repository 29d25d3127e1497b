"""Findings (and facts) in, a Plan out. Nothing here runs anything.

Each finding category maps to the actions that repair it without root, or
to manual steps when it needs root or a restart. The torch set is chosen
from the facts (select.py) whether or not a finding asked for it, when no
findings are available (no rule engine), so the torch set is still judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..diagnose.model import Finding
from ..facts.model import Facts, canonical_name
from ..i18n import is_chinese, tr
from . import compat_view as cv
from .flash_attn import select_flash_attn
from .machine import Machine, machine_from_facts
from .manual import driver_values, manual_action
from .platform_route import route_actions
from .plan import Action, Plan
from .select import Selection, TorchSet, select_torch_set
from .offline import offline_steps
from .sources import offline_run, torch_source
from .versions import base, variant_cuda
from .wheels import PackageChoice, numpy_choice, opencv_choice, tensorrt_choice, ultralytics_choice

TORCH_CATEGORIES = ("torch_missing", "torch_cpu_only", "driver_too_old", "gpu_arch_unsupported",
                    "torchvision_mismatch")
FLASH_CATEGORIES = ("flash_attn_arch", "flash_attn_build", "flash_attn_abi")
PROFILE_TORCH_RULES = ("YD1002", "YD1003", "YD1004", "YD1005")  # rules/profiles.toml: torch, torchvision, CUDA
# A build PyTorch never published; a cuDNN that dropped the GPU; a GPU profile on a CPU-only torch.
TORCH_RULES = ("YD207", "YD303", "YD1005")


@dataclass(frozen=True)
class PlanOptions:
    torch_pin: Optional[str] = None  # --torch VERSION
    torch_index: Optional[str] = None  # --torch-index BASE (variant appended)
    flash_attn_releases: Optional[str] = None  # replaces the release download base of flash-attn wheels
    installer: str = "auto"  # auto, pip, uv
    uv_path: Optional[str] = None  # uv found on PATH
    break_system_packages: bool = False
    shm_size: str = "8g"


def choose_installer(facts: Facts, options: PlanOptions) -> tuple[str, Optional[str]]:
    """uv when asked, or (auto) when present and pip has no index settings uv would ignore."""
    if options.installer == "pip":
        return "pip", None
    if options.installer == "uv":
        return "uv", options.uv_path
    if facts.python.distributions and not facts.python.pip_version and options.uv_path:
        return "uv", options.uv_path  # a venv made by uv has no pip
    pip = facts.python.pip_config
    configured = pip.index_url or pip.extra_index_urls or pip.find_links or facts.env.pip_index_url \
        or facts.env.pip_extra_index_url
    if options.uv_path and not configured:
        return "uv", options.uv_path
    return "pip", None


# "No GPU at all" findings: the CPU build is the answer there. Every other gpu_not_visible finding means a GPU
# exists but is hidden (a container without --gpus, CUDA_VISIBLE_DEVICES, nouveau): that is fixed first.
NO_GPU_RULES = ("YD104", "YD111", "YD1005")


def gpu_hidden(findings: Sequence[Finding]) -> bool:
    return any(f.category == "gpu_not_visible" and f.id not in NO_GPU_RULES for f in findings)


def _ids(findings: Sequence[Finding], categories) -> tuple[str, ...]:
    return tuple(f.id for f in findings if f.category in categories)


def _data(findings: Sequence[Finding], category: str, key: str) -> Optional[str]:
    for finding in findings:
        if finding.category == category and finding.data.get(key):
            value = finding.data[key]
            return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return None


def _install(title: str, choice: PackageChoice, findings, **extra) -> Action:
    return Action(kind="install", title=title, why=tr("; ").join(choice.reasons), findings=tuple(findings),
                  requirements=choice.requirements, uninstall=choice.uninstall, options=choice.options,
                  verified=choice.verified, **extra)


def torch_actions(facts: Facts, machine: Machine, selection: Selection, options: PlanOptions,
                  finding_ids: tuple[str, ...]) -> list[Action]:
    actions: list[Action] = []
    chosen = selection.chosen
    if chosen is not None:
        release = next((r for r in cv.torch_releases() if r.version == chosen.torch), None)
        source = torch_source(chosen.variant, facts, options.torch_index,
                              release.pypi_default_cuda if release else None)
        title = _torch_title(chosen, machine)
        notes = [tr("from {source}", source=source.description)]
        if not chosen.verified:
            notes.append(tr("rests on compat rows marked verified = false (arch list or release data)"))
        if chosen.tradeoff:
            notes.append(chosen.tradeoff)
        pins = chosen.pins(local_tag=source.local_tag)
        measured = facts.network.status is not None  # probed, or --offline; None: facts from elsewhere
        if source.answered is False or (source.answered is None and measured and not options.torch_index):
            # No index answered (or none was measured: --offline): the download-elsewhere route, exactly.
            reason = (tr("no package index for it answered in this run: {source}", source=source.description)
                      if source.answered is False else
                      tr("--offline: no package index was measured in this run") if offline_run(facts) else
                      tr("{source} was not among the sources this run measured", source=source.description))
            notes[0] = tr("to download from {source}", source=source.description)
            actions.append(Action(kind="manual", title=tr("{title}, offline", title=title),
                                  why=tr("; ").join((*chosen.reasons, reason)),
                                  findings=finding_ids, verified=chosen.verified,
                                  steps=offline_steps(chosen, machine, facts.python.executable or "python", pins,
                                                      source.index_url, source.find_links, source.local_tag),
                                  notes=tuple(notes)))
        else:
            if source.answered is None and not options.torch_index:
                notes.append(tr("the network was not probed for these facts: whether this source answers is unknown"))
            actions.append(Action(kind="install", title=title, why=tr("; ").join(chosen.reasons), findings=finding_ids,
                                  requirements=pins, index_url=source.index_url,
                                  find_links=source.find_links, verified=chosen.verified and source.verified,
                                  notes=tuple(notes)))
    for problem in selection.problems:
        if selection.needs_driver:
            actions.append(manual_action(
                "driver_upgrade", tr("Upgrade the NVIDIA driver to >= {driver}", driver=selection.needs_driver),
                problem, machine,
                finding_ids, **driver_values(selection.needs_driver)))
        elif finding_ids:
            actions.append(Action(kind="info", title=tr("No torch build to install"), why=problem,
                                  findings=finding_ids))
    return actions


def _torch_title(chosen: TorchSet, machine: Machine) -> str:
    cuda = variant_cuda(chosen.variant)
    what = f"torch {chosen.torch}+{chosen.variant}" + (f" (CUDA {cuda})" if cuda else "")
    pair = [f"torchvision {chosen.torchvision}"] if chosen.torchvision else []
    pair += [f"torchaudio {chosen.torchaudio}"] if chosen.torchaudio else []
    pairs = tr(" and ").join(pair)
    if chosen.change == "pair":
        return tr("Pair {packages} with torch {torch}", packages=pairs, torch=machine.torch)
    if chosen.change == "upgrade":
        return tr("Upgrade to {torch} with {packages}", torch=what, packages=pairs) if pair else \
            tr("Upgrade to {torch}", torch=what)
    if chosen.change == "downgrade":
        return tr("Downgrade to {torch} with {packages}", torch=what, packages=pairs) if pair else \
            tr("Downgrade to {torch}", torch=what)
    return tr("Install {torch} with {packages}", torch=what, packages=pairs) if pair else \
        tr("Install {torch}", torch=what)


def torch_finding_ids(found: Sequence[Finding], options: PlanOptions) -> tuple[str, ...]:
    """The findings the torch set answers."""
    torch_ids = _ids(found, TORCH_CATEGORIES) + tuple(f.id for f in found if f.id in TORCH_RULES)
    if options.torch_pin:  # a pinned torch set also settles a profile's torch / torchvision / CUDA range rules
        torch_ids += tuple(f.id for f in found if f.id in PROFILE_TORCH_RULES)
    return tuple(dict.fromkeys(torch_ids))


def torch_plan(facts: Facts, machine: Machine, findings: Optional[Sequence[Finding]],
               options: PlanOptions) -> tuple[Optional[Selection], list[Action]]:
    """The one torch choice: the selection and the actions it becomes. `check` fills the install commands
    of its findings from these actions (chooser.py), `fix` plans them: the same commands by construction."""
    found = list(findings or [])
    torch_ids = torch_finding_ids(found, options)
    if not (findings is None or torch_ids or options.torch_pin):
        return None, route_actions(facts, found, [])  # a platform rule's own route (YD230) still plans
    selection = select_torch_set(machine, options.torch_pin, cpu_ok=not gpu_hidden(found))
    if findings is None and selection.chosen is None and not torch_ids:
        selection = Selection(current_ok=selection.current_ok, current_variant=selection.current_variant,
                              problems=() if selection.current_ok else selection.problems,
                              needs_driver=selection.needs_driver)
    # platform gate: on a JetPack, ROCm or conda route the route's own steps replace pip's wheels, here,
    # so that check's fix texts (filled from this) and fix's plan say the same.
    return selection, route_actions(facts, found, torch_actions(facts, machine, selection, options, torch_ids))


def make_plan(facts: Facts, findings: Optional[Sequence[Finding]], options: PlanOptions = PlanOptions()) -> Plan:
    """`findings` None means no rule engine ran: the torch set is judged from the facts alone."""
    machine = machine_from_facts(facts)
    found = list(findings or [])
    categories = {f.category for f in found}
    actions: list[Action] = []
    notes: list[str] = []
    installer, installer_path = choose_installer(facts, options)
    installed = {canonical_name(d.name): d.version for d in facts.python.distributions if d.version}

    selection, torch_part = torch_plan(facts, machine, findings, options)
    actions += torch_part
    torch_version, torch_cuda = _torch_after(machine, selection)

    if categories & set(FLASH_CATEGORIES):
        actions += _flash_attn_actions(machine, torch_version, torch_cuda, found, installed, options,
                                       facts.python.executable)
    if "tensorrt_problem" in categories:
        choice = tensorrt_choice(machine, torch_cuda, installed, bool(machine.gpus))
        if choice:
            actions.append(_install(tr("Install TensorRT for torch's CUDA with Ultralytics' export tools"), choice,
                                    _ids(found, ("tensorrt_problem",))))
    if "numpy_abi" in categories:
        choice = numpy_choice(_data(found, "numpy_abi", "packages"), installed.get("numpy"))
        if choice:
            actions.append(_install(tr("Pin NumPy below 2"), choice, _ids(found, ("numpy_abi",))))
    if "opencv_libgl" in categories:
        ids = _ids(found, ("opencv_libgl",))
        choice = opencv_choice(installed)
        if choice:
            actions.append(_install(tr("Use headless OpenCV (no libGL needed)"), choice, ids))
        actions.append(manual_action("libgl", tr("Or install libGL system-wide (root)"),
                                     tr("keeps the GUI OpenCV wheel working instead"), machine, ids))
    if "ultralytics_outdated" in categories:
        actions += _ultralytics_actions(facts, found)
    for category, problem, title in (
            ("gpu_not_visible", "docker_gpus", tr("Make the GPU visible to this container")),
            ("shm_small", "shm", tr("Give the container more shared memory (/dev/shm)")),
            ("driver_mismatch", "reboot", tr("Restart so the loaded driver matches the installed one"))):
        if category in categories:
            ids = _ids(found, (category,))
            finding = next(f for f in found if f.category == category)
            action = manual_action(problem, title, finding.message, machine, ids, shm=_shm_size(finding, options))
            if action.steps:
                actions.append(action)
            else:
                title, fix = _local_texts(finding)
                actions.append(Action(kind="info", title=title, why=fix, findings=ids))
    actions += _setting_actions(facts, found)
    covered = {fid for a in actions for fid in a.findings}
    for finding in found:
        if finding.id not in covered and finding.severity in ("error", "warning"):
            title, fix = _local_texts(finding)
            actions.append(Action(kind="info", title=title, why=fix or finding.message,
                                  findings=(finding.id,), notes=(tr("nothing yolodoctor can run for this"),)))
    if machine.torch and selection is not None and selection.current_ok and findings is None:
        notes.append(tr("torch {torch} already fits this machine's driver and GPUs", torch=machine.torch))
    return Plan(python=facts.python.executable or "", installer=installer, installer_path=installer_path,
                actions=tuple(actions), python_version=facts.python.version, prefix=facts.python.prefix,
                externally_managed=bool(facts.python.externally_managed),
                break_system_packages=options.break_system_packages,
                findings=tuple((f.id, f.title) for f in found), notes=tuple(notes))


def _local_texts(finding: Finding) -> tuple[str, Optional[str]]:
    """A finding's title and fix in the reader's language: the catalogue's zh-CN title, and its zh-CN fix
    where the finding carries the catalogue's own (a fix written for this machine is already translated)."""
    if not is_chinese():
        return finding.title, finding.fix
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(finding.id)
    if rule is None:
        return finding.title, finding.fix
    local = rule.in_language("zh-CN")
    return local.title, local.fix if finding.fix == rule.fix else finding.fix


def _shm_size(finding: Finding, options: PlanOptions) -> str:
    """The /dev/shm size to suggest: what the rule asked for, rounded up to GiB, at least the default."""
    wanted = finding.data.get("min_shm_bytes")
    default_gib = int(options.shm_size.rstrip("gG")) if options.shm_size.rstrip("gG").isdigit() else 8
    if isinstance(wanted, int) and wanted > 0:
        return f"{max(default_gib, -(-wanted // 2 ** 30))}g"
    return options.shm_size


def _torch_after(machine: Machine, selection: Optional[Selection]) -> tuple[Optional[str], Optional[str]]:
    """torch version and CUDA as they will be after the plan's torch action."""
    if selection is not None and selection.chosen is not None:
        return selection.chosen.torch, variant_cuda(selection.chosen.variant)
    if machine.torch_cuda:
        return base(machine.torch), machine.torch_cuda
    from .select import current_variant

    variant = current_variant(machine)
    return base(machine.torch), variant_cuda(variant) if variant else None


def _flash_attn_actions(machine: Machine, torch_version, torch_cuda, found, installed, options,
                        machine_python: Optional[str] = None) -> list[Action]:
    ids = _ids(found, FLASH_CATEGORIES)
    wanted = next((str(f.data["flash_attn_version"]) for f in found
                   if f.category in FLASH_CATEGORIES and f.data.get("flash_attn_version")), None) \
        or (base(installed.get("flash-attn")) if installed.get("flash-attn") else None)
    choice = select_flash_attn(machine, torch_version, torch_cuda, wanted)
    why = tr("; ").join(choice.reasons)
    if choice.kind == "none":
        return [Action(kind="info", title=tr("No flash-attn here: {instead} runs instead",
                                             instead=choice.instead or tr("nothing")),
                       why=why, findings=ids)]
    if choice.kind == "wheel":
        url = choice.url
        if options.flash_attn_releases:
            url = f"{options.flash_attn_releases.rstrip('/')}/v{choice.version}/{choice.filename}"
        notes = () if choice.verified else (tr("the release asset list was not verified; if the download fails "
                                               "the snapshot is rolled back"),)
        return [Action(kind="install", title=tr("Install the prebuilt flash-attn {version} wheel",
                                                version=choice.version), why=why,
                       findings=ids, requirements=(url,), uninstall=("flash-attn",) if "flash-attn" in installed
                       else (), verified=choice.verified, notes=notes)]
    recipe = choice.build
    if not recipe.blocked:
        return [Action(kind="install", title=tr("Build flash-attn {version} from source", version=recipe.version),
                       why=why, findings=ids,
                       requirements=(*recipe.prerequisites, f"flash-attn=={recipe.version}"),
                       options=recipe.options, env=recipe.env,
                       notes=(tr("the build runs nvcc for a long time; MAX_JOBS keeps it within memory"),))]
    python = machine_python or "python"
    env = " ".join(f"{k}={v}" for k, v in recipe.env)
    return [
        manual_action("cuda_toolkit", tr("Install a CUDA {cuda} toolkit (nvcc) first", cuda=recipe.nvcc_needed),
                      tr("; ").join(recipe.blocked), machine, ids, cuda=recipe.nvcc_needed or ""),
        Action(kind="manual", title=tr("Then build flash-attn {version} from source", version=recipe.version),
               why=why, findings=ids,
               steps=(f"{python} -m pip install {' '.join(recipe.prerequisites)}",
                      f"{env} {python} -m pip install flash-attn=={recipe.version} {' '.join(recipe.options)}"))]


def _setting_actions(facts: Facts, found) -> list[Action]:
    """Findings whose data carries persistent settings (HF_ENDPOINT, pip index) become "setting"
    actions, placed (conda env, venv or shell profile; pip site/user config) by persist_env."""
    wanted = [f for f in found if f.data.get("actions")]
    if not wanted:
        return []
    try:
        from . import persist_env  # type: ignore[attr-defined]
    except ImportError:  # this build cannot write settings: the findings stay as printed advice
        return []
    actions = []
    for finding in wanted:
        try:
            settings = persist_env.settings_for(finding.data["actions"], facts)
        except Exception as exc:  # e.g. no profile file on Windows: say so instead of failing the plan
            title, fix = _local_texts(finding)
            actions.append(Action(kind="info", title=title, why=f"{fix} ({exc})",
                                  findings=(finding.id,)))
            continue
        for setting in settings:
            notes = (tr("changes {files} (backed up in the snapshot)", files=', '.join(setting.files)),) \
                if setting.files else ()
            actions.append(Action(kind="setting", title=setting.title[:1].upper() + setting.title[1:],
                                  why=finding.message, findings=(finding.id,), settings=tuple(setting.settings),
                                  scope=setting.scope, notes=notes))
    return actions


def _ultralytics_actions(facts: Facts, found) -> list[Action]:
    ids = _ids(found, ("ultralytics_outdated",))
    package = facts.package("ultralytics")
    kind = package.details.get("install_kind")
    family = _data(found, "ultralytics_outdated", "family")
    required = (_data(found, "ultralytics_outdated", "wanted_ultralytics") or "").lstrip(">=") or None
    if kind in ("editable", "git", "source"):
        where = package.location or tr("the checkout")
        return [Action(kind="manual", title=tr("Update the ultralytics checkout"), findings=ids,
                       why=tr("ultralytics is a {kind} install from {where}; pip must not replace it",
                              kind=kind, where=where),
                       steps=(f"git -C {where}/.. pull",
                              tr("or install the release: {command}", command="pip install -U ultralytics")))]
    choice = ultralytics_choice(package.version, family, required)
    if choice is None:
        return []
    return [_install(tr("Upgrade ultralytics"), choice, ids)]
