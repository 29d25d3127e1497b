"""YD60x: Ultralytics itself: the model families it knows, the torch it accepts (rules/ultralytics.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..i18n import is_chinese, tr
from ..knowledge import versions as V
from .context import Context
from .evidence import and_list, ev
from .model import Hit, predicate


def _ultralytics(ctx: Context) -> tuple[Optional[str], Optional[str]]:
    """(version, install kind: wheel, editable, git, source) of the ultralytics the target imports."""
    pkg = ctx.facts.package("ultralytics")
    version = pkg.version or ctx.installed("ultralytics")
    return version, pkg.details.get("install_kind")


def _upgrade(ctx: Context, minimum: str, kind: Optional[str]) -> str:
    command = f"{ctx.pip} install -U \"ultralytics>={minimum}\""
    if kind in ("git", "editable"):
        location = ctx.facts.package("ultralytics").location or tr("the ultralytics checkout")
        return tr("Update the checkout it is installed from ({location}): git pull; or replace it:",
                  location=location) + f"\n  {command}"
    return command


@predicate("YD601")
def ultralytics_too_old_for_profile(ctx: Context) -> Optional[Hit]:
    profile = ctx.profile
    name = profile.model_family if profile is not None else None
    family = compat.model_family(name) if name else None
    if family is None:
        return None
    version, kind = _ultralytics(ctx)
    if version is None:
        if ctx.facts.package("ultralytics").status is None and not ctx.facts.python.distributions:
            return None  # nothing is known about the packages
        return Hit(tr("Profile {profile} runs {family} through the ultralytics package, which is not installed.",
                      profile=profile.name, family=family.name),
                   fix=f"{ctx.pip} install \"ultralytics>={family.first_version}\"\n"
                       + tr("(yolodoctor fix resolves it first with the installed torch stack held, so it "
                            "cannot replace torch; pip on its own may pull another torch build.)"),
                   evidence=(ev("ultralytics", tr("not installed")),),
                   data={"family": family.name, "wanted_ultralytics": f">={family.first_version}"})
    if V.pep440(V.base_release(version)) >= V.pep440(family.first_version):
        return None
    return Hit(tr("ultralytics {version} cannot build or load {family} models: they arrived in {first}.",
                  version=version, family=family.name, first=family.first_version),
               fix=_upgrade(ctx, family.first_version, kind),
               evidence=(ev("ultralytics", version), ev(f"{family.name} first in", family.first_version)),
               data={"family": family.name, "ultralytics_version": version,
                     "wanted_ultralytics": f">={family.first_version}"},
               explains=("YD602",))


@predicate("YD602")
def ultralytics_predates_families(ctx: Context) -> Optional[Hit]:
    version, kind = _ultralytics(ctx)
    if not version:
        return None
    try:
        newer = compat.families_newer_than(version)
    except ValueError:
        return None
    if not newer:
        return None
    names = and_list(tr("{family} (from {first})", family=f.name, first=f.first_version) for f in newer)
    return Hit(tr("ultralytics {version} predates {families}: their weights and YAMLs fail to load with it.",
                  version=version, families=names),
               fix=_upgrade(ctx, newer[-1].first_version, kind),
               evidence=(ev("ultralytics", version),),
               data={"ultralytics_version": version, "families": [f.name for f in newer],
                     "wanted_ultralytics": f">={newer[-1].first_version}"})


def _other_release_fix(ctx: Context, excluded: str) -> str:
    """Install the next release of the same minor, in the same CUDA variant."""
    later = [r for r in compat.torch_releases() if V.mm_text(r.version) == V.mm_text(excluded)
             and V.pep440(r.version) > V.pep440(excluded)]
    if not later:
        return tr("Install another torch release.")
    release = later[0]
    variant = ctx.torch_variant if ctx.torch_variant in release.cuda_variants else None
    tag = f"+{variant}" if variant else ""
    # Through the chooser, which pairs torchvision from the variant's own index.
    return tr("Install torch {version}, the next release of the line:", version=release.version) + \
        f"\n  yolodoctor fix --torch {release.version}{tag}"


@predicate("YD603")
def torch_excluded_by_ultralytics(ctx: Context) -> Optional[Hit]:
    version, _ = _ultralytics(ctx)
    if not version or not ctx.torch_release:
        return None
    for excluded, req in compat.excluded_torch_versions(ctx.os_name):
        if V.base_release(excluded) == ctx.torch_release:
            return Hit(tr("torch {version} is excluded by Ultralytics on {os} ({reason}).",
                          version=ctx.torch_version, os=ctx.os_name, reason=req.reason_in(is_chinese()) or req.specifier),
                       fix=_other_release_fix(ctx, excluded),
                       evidence=(ev("torch.version", ctx.torch_version),
                                 ev("Ultralytics requirement", f"torch{req.specifier}")),
                       data={"torch_version": ctx.torch_version, "specifier": req.specifier})
    return None
