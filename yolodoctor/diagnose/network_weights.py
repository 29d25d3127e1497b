"""Network (YD808-YD810): weights on disk versus downloads that cannot happen, and libraries
that do not download through the mirror or proxy in use."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..facts.model import Facts
from ..i18n import is_chinese, tr
from ..knowledge.files import KnowledgeError, load_compat_table
from ..network.endpoints import normalise
from .model import Hit, predicate
from .network_common import (evidence_line, min_kbs, of_kind, outcome, probed, set_env, truthy,
                             ultralytics_installed, usable)


# ------------------------------------------------------------- local weights ---

@predicate("YD808")
def offline_without_weights(facts: Facts) -> list[Hit]:
    local = facts.network.local
    hits = []
    for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if truthy(facts, variable) and local.hf_cached_repos == []:
            hits.append(Hit(
                message=tr("{variable} is on, and the Hugging Face cache {cache} holds no repository: "
                           "every from_pretrained / hf_hub_download will fail.", variable=variable,
                           cache=local.hf_hub_cache),
                evidence=(f"env: {variable} = {facts.network.settings.get(variable) or facts.env.hf_hub_offline}",
                          f"network.local.hf_cached_repos = [] ({local.hf_hub_cache})"),
                data={"actions": [], "variable": variable, "cache": local.hf_hub_cache}))
            break
    version = ultralytics_installed(facts)
    if truthy(facts, "YOLO_OFFLINE") and version is not None and not _has_yolo_weights(facts):
        where = local.ultralytics_weights_dir or local.cwd
        hits.append(Hit(
            message=tr("YOLO_OFFLINE is on and no weights file is in {where} or {cwd}: "
                       "YOLO('yolo11n.pt') and similar will fail instead of downloading.", where=where, cwd=local.cwd)
            if local.ultralytics_weights_dir and local.cwd else
            tr("YOLO_OFFLINE is on and no weights file is in {where}: "
               "YOLO('yolo11n.pt') and similar will fail instead of downloading.",
               where=where or tr("the weights directory")),
            evidence=(f"env: YOLO_OFFLINE = {facts.network.settings.get('YOLO_OFFLINE')}",
                      f"network.local.ultralytics_weights = {local.ultralytics_weights}",
                      f"network.local.cwd_weights = {local.cwd_weights}"),
            certainty="certain" if local.ultralytics_weights is not None else "likely",
            data={"actions": [], "variable": "YOLO_OFFLINE", "weights_dir": where}))
    return hits


def _has_yolo_weights(facts: Facts) -> bool:
    local = facts.network.local
    names = list(local.cwd_weights) + list(local.ultralytics_weights or [])
    return any(n.lower().endswith(".pt") for n in names)


@predicate("YD809")
def yolo_weights_unreachable(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    version = ultralytics_installed(facts)
    github = of_kind(probed(facts), "github_releases")
    if version is None or not github or any(usable(p, limit) for p in github) or _has_yolo_weights(facts):
        return None
    local = facts.network.local
    url = _weights_url(version)
    target = local.ultralytics_weights_dir or local.cwd or tr("the directory you run from")
    name = url.rsplit("/", 1)[-1] if url else tr("the .pt file")
    return Hit(
        message=tr("Ultralytics{version} is installed, no weights file is on disk, "
                   "and GitHub release downloads fail ({outcome}).", version=' ' + version if version else '',
                   outcome=outcome(github[0], limit)),
        fix=tr("On a machine that reaches GitHub, download {what} and copy it to {target}/{name} (or pass its full "
               "path to YOLO(...)).", what=url or tr("the weights from https://github.com/ultralytics/assets/releases"),
               target=target, name=name),
        evidence=tuple(evidence_line(p, limit) for p in github)
        + (f"network.local.ultralytics_weights_dir = {local.ultralytics_weights_dir}",
           f"network.local.cwd_weights = {local.cwd_weights}"),
        data={"actions": [], "url": url, "destination": target},
    )


def _weights_url(version: str) -> Optional[str]:
    """The download URL of the newest family's example weights for this Ultralytics version
    (compat/ultralytics.toml: release_tag and family)."""
    try:
        installed = Version(version)
        tags = load_compat_table("ultralytics.toml", "release_tag", ("ultralytics", "release_tag"))
        families = load_compat_table("ultralytics.toml", "family", ("first_version",))
    except (InvalidVersion, KnowledgeError):
        return None
    tag = None
    for row in tags:
        try:
            if installed in SpecifierSet(str(row["ultralytics"])):
                tag = str(row["release_tag"])
                break
        except InvalidSpecifier:
            continue
    fitting = []
    for row in families:
        try:
            if Version(str(row["first_version"])) <= installed and row.get("example_weights") \
                    and row.get("weights_url_template"):
                fitting.append((Version(str(row["first_version"])), row))
        except InvalidVersion:
            continue
    if tag is None or not fitting:
        return None
    family = max(fitting, key=lambda pair: pair[0])[1]
    return str(family["weights_url_template"]).format(release_tag=tag, weight=family["example_weights"][0])


# ------------------------------------------------------------- libraries ---

@predicate("YD810")
def clients_ignoring_settings(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    try:
        rows = load_compat_table("download_clients.toml", "client", ("distribution", "ignores", "applies_when"))
    except KnowledgeError:
        return None
    hf_default = next((p.url for p in facts.network.endpoints if p.kind == "huggingface" and p.role == "default"),
                      "https://huggingface.co")
    hf_set = bool(facts.env.hf_endpoint) and normalise(facts.env.hf_endpoint) != normalise(hf_default)
    proxy_set = bool(facts.env.proxies)
    probes = probed(facts)
    affected, actions, evidence = [], [], []
    for row in rows:
        dist = facts.distribution(str(row["distribution"]))
        if dist is None:
            continue
        when = row["applies_when"]
        if (when == "hf_endpoint_set" and not hf_set) or (when == "proxy_set" and not proxy_set):
            continue
        if row.get("enabled_by") and not truthy(facts, str(row["enabled_by"])):
            continue
        if row.get("disabled_by") and truthy(facts, str(row["disabled_by"])):
            continue
        kind = row.get("endpoint_kind")
        if kind and any(usable(p, limit) for p in of_kind(probes, str(kind), "default")):
            continue  # it downloads from somewhere that answers: nothing lost
        zh = is_chinese()  # the table carries its own Chinese beside the English
        affected.append(tr("{client} ignores {ignores}: downloads from {source}. Workaround: {workaround}",
                           client=f"{dist.name} {dist.version or ''}".strip(), ignores=row['ignores'],
                           source=(zh and row.get('downloads_from_zh')) or row.get('downloads_from', 'elsewhere'),
                           workaround=(zh and row.get('workaround_zh')) or row.get('workaround', '')))
        evidence.append(f"python: {dist.name} {dist.version or ''} installed".strip())
        for name, value in (row.get("set_env") or {}).items():
            actions.append(set_env(str(name), str(value)))
    if not affected:
        return None
    setting = f"HF_ENDPOINT={facts.env.hf_endpoint}" if hf_set else tr("the proxy settings")
    if hf_set and proxy_set:
        setting += " / " + tr("the proxy settings")
    return Hit(message=tr("With {setting}: {clients}", setting=setting,
                          clients=" ".join(f"({i}) {text}" for i, text in enumerate(affected, 1))),
               evidence=tuple(evidence), data={"actions": actions, "clients": affected})
