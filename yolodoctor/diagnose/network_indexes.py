"""Network (YD803-YD806): the package indexes pip and uv use, and the PyTorch wheel index."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from packaging.version import InvalidVersion, Version

from ..facts.model import Facts
from ..i18n import tr
from ..knowledge.files import KnowledgeError, load_compat_table
from ..network.endpoints import normalise
from .model import Hit, predicate
from .network_common import best, evidence_line, min_kbs, of_kind, outcome, pip_config, probed, set_env, usable

PIP_SETTINGS = ("pip index-url",)
UV_SETTINGS = ("UV_DEFAULT_INDEX", "UV_INDEX_URL")


# ----------------------------------------------------------- package indexes ---

@predicate("YD803")
def pip_index_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    if of_kind(facts.network.endpoints, "pypi", "configured", PIP_SETTINGS):
        return None  # pip's own index is configured: YD804 judges it
    defaults = of_kind(probes, "pypi", "default")
    if not defaults or any(usable(p, limit) for p in defaults):
        return None
    mirror = best(of_kind(probes, "pypi", "mirror"), limit)
    if mirror is None:
        return None
    default = defaults[0]
    return Hit(
        message=tr("pip's index ({url}, the default) {outcome}, while the PyPI mirror {mirror} ({mirror_url}) "
                   "{mirror_outcome}.", url=default.url, outcome=outcome(default, limit), mirror=mirror.name,
                   mirror_url=mirror.url, mirror_outcome=outcome(mirror, limit)),
        fix=f"python -m pip config {_pip_level(facts)} set global.index-url {mirror.url}",
        evidence=(evidence_line(default, limit), evidence_line(mirror, limit)),
        data={"actions": [pip_config("global.index-url", mirror.url)], "endpoint": default.url,
              "mirror": mirror.url},
    )


@predicate("YD804")
def configured_index_dead(facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    hits = []
    for dead in of_kind(probes, "pypi", "configured"):
        if usable(dead, limit):
            continue
        alternatives = [p for p in of_kind(probes, "pypi", "default") + of_kind(probes, "pypi", "mirror")
                        if normalise(p.url) != normalise(dead.url)]
        alternative = best(alternatives, limit)
        evidence = [evidence_line(dead, limit)]
        message = tr("The package index set by {setting} ({url}) {outcome}.", setting=dead.setting, url=dead.url,
                     outcome=outcome(dead, limit))
        actions: list[dict[str, str]] = []
        fix = None
        if dead.setting == "pip extra-index-url":
            fix = tr("Remove {url} from pip's extra-index-url (`python -m pip config debug` shows the file "
                     "that sets it; `python -m pip config unset global.extra-index-url` removes all extra indexes)",
                     url=dead.url)
        elif alternative is not None:
            evidence.append(evidence_line(alternative, limit))
            message += tr(" {name} ({url}) {outcome}.", name=alternative.name, url=alternative.url,
                          outcome=outcome(alternative, limit))
            if dead.setting in UV_SETTINGS:
                actions = [set_env(dead.setting, alternative.url)]
                fix = f"export {dead.setting}={alternative.url}"
            elif "env:PIP_INDEX_URL" in facts.python.pip_config.sources:
                actions = [set_env("PIP_INDEX_URL", alternative.url)]
                fix = (f"export PIP_INDEX_URL={alternative.url}  "
                       + tr("(PIP_INDEX_URL is set in the environment and overrides pip's config files)"))
            else:
                actions = [pip_config("global.index-url", alternative.url)]
                fix = f"python -m pip config {_pip_level(facts)} set global.index-url {alternative.url}"
        hits.append(Hit(message=message, fix=fix, evidence=tuple(evidence),
                        data={"actions": actions, "endpoint": dead.url, "setting": dead.setting,
                              "alternative": alternative.url if alternative else None}))
    return hits


@predicate("YD805")
def pytorch_index_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    defaults = of_kind(probes, "pytorch_wheels", "default")
    if not defaults or any(usable(p, limit) for p in defaults):
        return None
    mirror = best(of_kind(probes, "pytorch_wheels", "mirror"), limit)
    if mirror is None:
        return None
    default = defaults[0]
    variant = _torch_variant(facts)
    how = _mirror_configure(mirror.url) or f"pip install torch --index-url {mirror.url}/<variant>"  # a command
    if variant:  # the mirror list writes its examples for cu121
        how = how.replace("cu121", variant).replace("<variant>", variant)
    torch_ok = facts.torch.status == "ok"
    return Hit(
        message=tr("The PyTorch wheel index ({url}) {outcome}, while the mirror {mirror} ({mirror_url}) "
                   "{mirror_outcome}.", url=default.url, outcome=outcome(default, limit), mirror=mirror.name,
                   mirror_url=mirror.url, mirror_outcome=outcome(mirror, limit))
                + (tr(" torch is installed and imports, so this only matters for a reinstall.") if torch_ok else ""),
        fix=how,
        evidence=(evidence_line(default, limit), evidence_line(mirror, limit)),
        severity="info" if torch_ok else None,
        data={"actions": [], "endpoint": default.url, "mirror": mirror.url, "install": how},
    )


@predicate("YD806")
def index_stale(facts: Facts) -> list[Hit]:
    probes = probed(facts)
    upstream = next((p for p in of_kind(probes, "pypi", "default") if p.marker), None)
    hits = []
    for mine in of_kind(probes, "pypi", "configured", PIP_SETTINGS + UV_SETTINGS):
        if not mine.marker or (upstream is not None and normalise(mine.url) == normalise(upstream.url)):
            continue
        project, _, listed = mine.marker.partition(" ")
        newer, where = None, None
        if upstream is not None and upstream.marker and upstream.marker.startswith(project + " "):
            newer, where = upstream.marker.partition(" ")[2], upstream.url
        dist = facts.distribution(project)
        if dist is not None and dist.version and (newer is None or _older(newer, dist.version)):
            newer, where = dist.version, None
        if not newer or not _older(listed, newer):
            continue
        values = dict(url=mine.url, setting=mine.setting, project=project, listed=listed, newer=newer)
        hits.append(Hit(
            message=tr("{url} ({setting}) lists {project} {listed} at newest, but this environment already has "
                       "{project} {newer}.", **values) if where is None else
            tr("{url} ({setting}) lists {project} {listed} at newest, but {upstream} lists {project} {newer}.",
               upstream=where, **values),
            evidence=(f"network: {mine.probe_url}: newest {project} {listed}",),
            certainty="likely" if where is None else "certain",
            data={"actions": [], "endpoint": mine.url, "project": project, "listed": listed, "newer": newer},
        ))
    return hits


def _older(a: Optional[str], b: Optional[str]) -> bool:
    """a < b as versions (False when either is missing or unreadable)."""
    if not a or not b:
        return False
    try:
        return Version(a) < Version(b)
    except InvalidVersion:
        return False


def _pip_level(facts: Facts) -> str:
    return "--site" if (facts.python.is_venv or facts.python.conda_env) else "--user"


def _torch_variant(facts: Facts) -> Optional[str]:
    version = facts.torch.version or (facts.distribution("torch").version if facts.distribution("torch") else None)
    if version and "+" in version:
        return version.split("+", 1)[1]
    return None


def _mirror_configure(url: str) -> Optional[str]:
    try:
        rows = load_compat_table("mirrors.toml", "mirror", ("url",))
    except KnowledgeError:
        return None
    for row in rows:
        if normalise(str(row["url"])) == normalise(url) and row.get("configure"):
            return str(row["configure"])
    return None
