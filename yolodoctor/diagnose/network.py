"""Network and mirrors (YD8xx): can this machine download weights and packages, and from where?

The probes (yolodoctor/network) record what each endpoint did; these
predicates decide. An endpoint is *usable* when it answered 2xx and its body
either arrived or was still flowing at a useful rate when the deadline came.
Fix actions travel in Hit.data["actions"] as data (see fix/persist_env.py).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional
from urllib.parse import urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..facts.model import EndpointProbe, Facts
from ..knowledge.files import KnowledgeError, load_compat_table
from ..network.endpoints import normalise
from .model import Hit, predicate

DEFAULT_MIN_USABLE_KBS = 20.0
PIP_SETTINGS = ("pip index-url",)
UV_SETTINGS = ("UV_DEFAULT_INDEX", "UV_INDEX_URL")


# ------------------------------------------------------------------ helpers ---

def _probed(facts: Facts) -> list[EndpointProbe]:
    """The endpoints actually probed (nothing when the network was skipped)."""
    if facts.network.status != "ok":
        return []
    return [p for p in facts.network.endpoints if p.status not in (None, "skipped")]


def usable(probe: EndpointProbe, min_kbs: float = DEFAULT_MIN_USABLE_KBS) -> bool:
    if probe.status != "ok" or probe.http_status is None or not 200 <= probe.http_status < 300:
        return False
    if probe.body_end in (None, "eof", "cap"):
        return True
    if probe.body_end == "deadline":  # still sending at the deadline: usable if fast enough
        return (probe.throughput_kbs or 0.0) >= min_kbs
    return False  # the server cut the body short


def _min_kbs(params: Optional[Mapping[str, Any]]) -> float:
    value = (params or {}).get("min_usable_kbs", DEFAULT_MIN_USABLE_KBS)
    return float(value) if isinstance(value, (int, float)) else DEFAULT_MIN_USABLE_KBS


def outcome(probe: EndpointProbe, min_kbs: float = DEFAULT_MIN_USABLE_KBS) -> str:
    """What happened, in words: 'no answer in time', 'HTTP 503', 'ok, 120 ms'."""
    if usable(probe, min_kbs):
        parts = [f"{probe.latency_ms:.0f} ms" if probe.latency_ms is not None else None,
                 f"{probe.throughput_kbs:.0f} kB/s" if probe.throughput_kbs is not None else None]
        return "answers (" + ", ".join(p for p in parts if p) + ")" if any(parts) else "answers"
    if probe.status == "ok":
        if probe.body_end == "deadline":
            rate = f" at {probe.throughput_kbs:.1f} kB/s" if probe.throughput_kbs is not None else ""
            return f"stalls: only {probe.bytes_read or 0} bytes{rate} before the deadline"
        if probe.body_end == "closed":
            return f"cuts the transfer short after {probe.bytes_read or 0} bytes"
        return f"answers HTTP {probe.http_status}"
    if probe.status == "http_error":
        return f"answers HTTP {probe.http_status}"
    words = {"timeout": "no answer in time", "refused": "connection refused", "dns": "name does not resolve",
             "tls": "TLS failure", "proxy": "proxy failure", "redirect_loop": "redirect loop",
             "protocol": "not a valid HTTP answer", "unreachable": "network unreachable",
             "unsupported": "not probed (unsupported)"}
    return probe.error or words.get(probe.status or "", probe.status or "unknown")  # the error is the sharper


def _evidence(probe: EndpointProbe, min_kbs: float = DEFAULT_MIN_USABLE_KBS) -> str:
    label = f"{probe.kind} {probe.role}" + (f" ({probe.setting})" if probe.setting else "")
    via = f" via proxy {probe.proxy}" if probe.proxy else ""
    return f"network: {label} {probe.probe_url or probe.url}{via}: {outcome(probe, min_kbs)}"


def _of(probes: Iterable[EndpointProbe], kind: str, role: Optional[str] = None,
        settings: Optional[tuple[str, ...]] = None) -> list[EndpointProbe]:
    return [p for p in probes if p.kind == kind and (role is None or p.role == role)
            and (settings is None or p.setting in settings)]


def _best(candidates: Iterable[EndpointProbe], min_kbs: float) -> Optional[EndpointProbe]:
    """The quickest usable candidate; verified mirror entries first."""
    good = [p for p in candidates if usable(p, min_kbs)]
    good.sort(key=lambda p: (p.verified is False, p.latency_ms if p.latency_ms is not None else 1e9))
    return good[0] if good else None


def _set_env(name: str, value: str) -> dict[str, str]:
    return {"kind": "set_env", "name": name, "value": value}


def _pip_config(key: str, value: str) -> dict[str, str]:
    return {"kind": "pip_config", "key": key, "value": value}


def _truthy(facts: Facts, variable: str) -> Optional[bool]:
    """Whether a boolean variable is on, by the values its reader accepts (compat/download_clients.toml)."""
    value = facts.network.settings.get(variable)
    if variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE") and value is None:
        value = facts.env.hf_hub_offline  # the settings probe folds both variables into one fact
    if value is None:
        return None
    try:
        rows = load_compat_table("download_clients.toml", "truthy", ("variables", "values"))
    except KnowledgeError:
        rows = []
    for row in rows:
        if variable in row["variables"]:
            return value.strip().lower() in {str(v).lower() for v in row["values"]}
    return value.strip().lower() in ("1", "true", "yes", "on")


def _ultralytics_installed(facts: Facts) -> Optional[str]:
    """The installed Ultralytics version ('' when installed with an unknown version), else None."""
    package = facts.packages.get("ultralytics")
    dist = facts.distribution("ultralytics")
    if dist is not None:
        return dist.version or ""
    if package is not None and package.status == "ok":
        return package.version or ""
    return None


# -------------------------------------------------------- Hugging Face Hub ---

@predicate("YD801")
def hf_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    probes = _probed(facts)
    if facts.env.hf_endpoint:  # a configured endpoint is YD802's business
        return None
    defaults = _of(probes, "huggingface", "default")
    if not defaults or any(usable(p, min_kbs) for p in defaults):
        return None
    mirror = _best(_of(probes, "huggingface", "mirror"), min_kbs)
    if mirror is None:
        return None
    default = defaults[0]
    return Hit(
        message=f"The Hugging Face Hub ({default.url}) {outcome(default, min_kbs)}, while the mirror "
                f"{mirror.name} ({mirror.url}) {outcome(mirror, min_kbs)}. HF_ENDPOINT is not set.",
        fix=f"export HF_ENDPOINT={mirror.url}  (before Python starts; `yolodoctor fix` sets it persistently)",
        evidence=(_evidence(default, min_kbs), _evidence(mirror, min_kbs)),
        data={"actions": [_set_env("HF_ENDPOINT", mirror.url)], "endpoint": default.url, "mirror": mirror.url},
    )


@predicate("YD802")
def hf_endpoint_dead(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    probes = _probed(facts)
    configured = _of(probes, "huggingface", "configured", ("HF_ENDPOINT",))
    if not configured or usable(configured[0], min_kbs):
        return None
    dead = configured[0]
    alternative = _best(_of(probes, "huggingface", "default"), min_kbs) or \
        _best(_of(probes, "huggingface", "mirror"), min_kbs)
    evidence = [_evidence(dead, min_kbs)]
    message = f"HF_ENDPOINT={dead.url} {outcome(dead, min_kbs)}."
    if alternative is None:
        return Hit(message=message + " No other Hugging Face endpoint answered either.",
                   evidence=tuple(evidence), data={"actions": [], "endpoint": dead.url})
    evidence.append(_evidence(alternative, min_kbs))
    message += f" {alternative.name} ({alternative.url}) {outcome(alternative, min_kbs)}."
    return Hit(
        message=message,
        fix=f"export HF_ENDPOINT={alternative.url}  (or remove HF_ENDPOINT where it is set"
            f"{'' if alternative.role == 'mirror' else ': it is the default'}); `yolodoctor fix` sets it persistently",
        evidence=tuple(evidence),
        data={"actions": [_set_env("HF_ENDPOINT", alternative.url)], "endpoint": dead.url,
              "alternative": alternative.url},
    )


@predicate("YD807")
def hf_mirror_stale(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    probes = _probed(facts)
    configured = _of(probes, "huggingface", "configured", ("HF_ENDPOINT",))
    defaults = [p for p in _of(probes, "huggingface", "default") if p.marker]
    if not configured or not defaults or not configured[0].marker:
        return None
    mine, hub = configured[0], defaults[0]
    if normalise(mine.url) == normalise(hub.url) or mine.marker == hub.marker:
        return None
    return Hit(
        message=f"HF_ENDPOINT={mine.url} serves {mine.marker} for {mine.probe_url}, "
                f"while {hub.url} serves {hub.marker}.",
        evidence=(f"network: {mine.probe_url}: {mine.marker}", f"network: {hub.probe_url}: {hub.marker}"),
        certainty="likely",
        data={"endpoint": mine.url, "marker": mine.marker, "upstream_marker": hub.marker},
    )


# ----------------------------------------------------------- package indexes ---

@predicate("YD803")
def pip_index_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    probes = _probed(facts)
    if _of(facts.network.endpoints, "pypi", "configured", PIP_SETTINGS):
        return None  # pip's own index is configured: YD804 judges it
    defaults = _of(probes, "pypi", "default")
    if not defaults or any(usable(p, min_kbs) for p in defaults):
        return None
    mirror = _best(_of(probes, "pypi", "mirror"), min_kbs)
    if mirror is None:
        return None
    default = defaults[0]
    return Hit(
        message=f"pip's index ({default.url}, the default) {outcome(default, min_kbs)}, while the PyPI mirror "
                f"{mirror.name} ({mirror.url}) {outcome(mirror, min_kbs)}.",
        fix=f"python -m pip config {_pip_level(facts)} set global.index-url {mirror.url}",
        evidence=(_evidence(default, min_kbs), _evidence(mirror, min_kbs)),
        data={"actions": [_pip_config("global.index-url", mirror.url)], "endpoint": default.url,
              "mirror": mirror.url},
    )


@predicate("YD804")
def configured_index_dead(facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    min_kbs = _min_kbs(params)
    probes = _probed(facts)
    hits = []
    for dead in _of(probes, "pypi", "configured"):
        if usable(dead, min_kbs):
            continue
        alternatives = [p for p in _of(probes, "pypi", "default") + _of(probes, "pypi", "mirror")
                        if normalise(p.url) != normalise(dead.url)]
        alternative = _best(alternatives, min_kbs)
        evidence = [_evidence(dead, min_kbs)]
        message = f"The package index set by {dead.setting} ({dead.url}) {outcome(dead, min_kbs)}."
        actions: list[dict[str, str]] = []
        fix = None
        if dead.setting == "pip extra-index-url":
            fix = (f"Remove {dead.url} from pip's extra-index-url (`python -m pip config debug` shows the file "
                   f"that sets it; `python -m pip config unset global.extra-index-url` removes all extra indexes)")
        elif alternative is not None:
            evidence.append(_evidence(alternative, min_kbs))
            message += f" {alternative.name} ({alternative.url}) {outcome(alternative, min_kbs)}."
            if dead.setting in UV_SETTINGS:
                actions = [_set_env(dead.setting, alternative.url)]
                fix = f"export {dead.setting}={alternative.url}"
            elif "env:PIP_INDEX_URL" in facts.python.pip_config.sources:
                actions = [_set_env("PIP_INDEX_URL", alternative.url)]
                fix = (f"export PIP_INDEX_URL={alternative.url}  (PIP_INDEX_URL is set in the environment and "
                       f"overrides pip's config files)")
            else:
                actions = [_pip_config("global.index-url", alternative.url)]
                fix = f"python -m pip config {_pip_level(facts)} set global.index-url {alternative.url}"
        hits.append(Hit(message=message, fix=fix, evidence=tuple(evidence),
                        data={"actions": actions, "endpoint": dead.url, "setting": dead.setting,
                              "alternative": alternative.url if alternative else None}))
    return hits


@predicate("YD805")
def pytorch_index_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    probes = _probed(facts)
    defaults = _of(probes, "pytorch_wheels", "default")
    if not defaults or any(usable(p, min_kbs) for p in defaults):
        return None
    mirror = _best(_of(probes, "pytorch_wheels", "mirror"), min_kbs)
    if mirror is None:
        return None
    default = defaults[0]
    variant = _torch_variant(facts)
    how = _mirror_configure(mirror.url) or f"pip install torch --index-url {mirror.url}/<variant>"
    if variant:  # the mirror list writes its examples for cu121
        how = how.replace("cu121", variant).replace("<variant>", variant)
    torch_ok = facts.torch.status == "ok"
    return Hit(
        message=f"The PyTorch wheel index ({default.url}) {outcome(default, min_kbs)}, while the mirror "
                f"{mirror.name} ({mirror.url}) {outcome(mirror, min_kbs)}."
                + (" torch is installed and imports, so this only matters for a reinstall." if torch_ok else ""),
        fix=how,
        evidence=(_evidence(default, min_kbs), _evidence(mirror, min_kbs)),
        severity="info" if torch_ok else None,
        data={"actions": [], "endpoint": default.url, "mirror": mirror.url, "install": how},
    )


@predicate("YD806")
def index_stale(facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
    probes = _probed(facts)
    upstream = next((p for p in _of(probes, "pypi", "default") if p.marker), None)
    hits = []
    for mine in _of(probes, "pypi", "configured", PIP_SETTINGS + UV_SETTINGS):
        if not mine.marker or (upstream is not None and normalise(mine.url) == normalise(upstream.url)):
            continue
        project, _, listed = mine.marker.partition(" ")
        newer, where = None, None
        if upstream is not None and upstream.marker and upstream.marker.startswith(project + " "):
            newer, where = upstream.marker.partition(" ")[2], f"{upstream.url} lists"
        dist = facts.distribution(project)
        if dist is not None and dist.version and (newer is None or _older(newer, dist.version)):
            newer, where = dist.version, "this environment already has"
        if not newer or not _older(listed, newer):
            continue
        hits.append(Hit(
            message=f"{mine.url} ({mine.setting}) lists {project} {listed} at newest, but {where} {project} {newer}.",
            evidence=(f"network: {mine.probe_url}: newest {project} {listed}",),
            certainty="likely" if where.startswith("this") else "certain",
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


# ------------------------------------------------------------- local weights ---

@predicate("YD808")
def offline_without_weights(facts: Facts) -> list[Hit]:
    local = facts.network.local
    hits = []
    for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if _truthy(facts, variable) and local.hf_cached_repos == []:
            hits.append(Hit(
                message=f"{variable} is on, and the Hugging Face cache {local.hf_hub_cache} holds no repository: "
                        f"every from_pretrained / hf_hub_download will fail.",
                evidence=(f"env: {variable} = {facts.network.settings.get(variable) or facts.env.hf_hub_offline}",
                          f"network.local.hf_cached_repos = [] ({local.hf_hub_cache})"),
                data={"actions": [], "variable": variable, "cache": local.hf_hub_cache}))
            break
    version = _ultralytics_installed(facts)
    if _truthy(facts, "YOLO_OFFLINE") and version is not None and not _has_yolo_weights(facts):
        where = local.ultralytics_weights_dir or local.cwd
        hits.append(Hit(
            message=f"YOLO_OFFLINE is on and no weights file is in {where or 'the weights directory'}"
                    f"{' or ' + local.cwd if local.ultralytics_weights_dir and local.cwd else ''}: "
                    f"YOLO('yolo11n.pt') and similar will fail instead of downloading.",
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
    min_kbs = _min_kbs(params)
    version = _ultralytics_installed(facts)
    github = _of(_probed(facts), "github_releases")
    if version is None or not github or any(usable(p, min_kbs) for p in github) or _has_yolo_weights(facts):
        return None
    local = facts.network.local
    url = _weights_url(version)
    target = local.ultralytics_weights_dir or local.cwd or "the directory you run from"
    name = url.rsplit("/", 1)[-1] if url else "the .pt file"
    return Hit(
        message=f"Ultralytics{' ' + version if version else ''} is installed, no weights file is on disk, "
                f"and GitHub release downloads fail ({outcome(github[0], min_kbs)}).",
        fix=f"On a machine that reaches GitHub, download {url or 'the weights from https://github.com/ultralytics/assets/releases'}"
            f" and copy it to {target}/{name} (or pass its full path to YOLO(...)).",
        evidence=tuple(_evidence(p, min_kbs) for p in github)
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


# ------------------------------------------------------ clients and proxies ---

@predicate("YD810")
def clients_ignoring_settings(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    try:
        rows = load_compat_table("download_clients.toml", "client", ("distribution", "ignores", "applies_when"))
    except KnowledgeError:
        return None
    hf_default = next((p.url for p in facts.network.endpoints if p.kind == "huggingface" and p.role == "default"),
                      "https://huggingface.co")
    hf_set = bool(facts.env.hf_endpoint) and normalise(facts.env.hf_endpoint) != normalise(hf_default)
    proxy_set = bool(facts.env.proxies)
    probes = _probed(facts)
    affected, actions, evidence = [], [], []
    for row in rows:
        dist = facts.distribution(str(row["distribution"]))
        if dist is None:
            continue
        when = row["applies_when"]
        if (when == "hf_endpoint_set" and not hf_set) or (when == "proxy_set" and not proxy_set):
            continue
        if row.get("enabled_by") and not _truthy(facts, str(row["enabled_by"])):
            continue
        if row.get("disabled_by") and _truthy(facts, str(row["disabled_by"])):
            continue
        kind = row.get("endpoint_kind")
        if kind and any(usable(p, min_kbs) for p in _of(probes, str(kind), "default")):
            continue  # it downloads from somewhere that answers: nothing lost
        affected.append(f"{dist.name} {dist.version or ''}".strip() + f" ignores {row['ignores']}: downloads from "
                        f"{row.get('downloads_from', 'elsewhere')}. Workaround: {row.get('workaround', '')}")
        evidence.append(f"python: {dist.name} {dist.version or ''} installed".strip())
        for name, value in (row.get("set_env") or {}).items():
            actions.append(_set_env(str(name), str(value)))
    if not affected:
        return None
    setting = f"HF_ENDPOINT={facts.env.hf_endpoint}" if hf_set else "the proxy settings"
    if hf_set and proxy_set:
        setting += " / the proxy settings"
    return Hit(message=f"With {setting}: " + " ".join(f"({i}) {text}" for i, text in enumerate(affected, 1)),
               evidence=tuple(evidence), data={"actions": actions, "clients": affected})


@predicate("YD811")
def proxy_broken(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    via = [p for p in _probed(facts) if p.proxy]
    if not via or any(usable(p, min_kbs) for p in via):
        return None
    failed = [p for p in via if p.status == "proxy"]
    if not failed:
        return None
    proxies = sorted({p.proxy for p in failed if p.proxy})
    variables = ", ".join(sorted(facts.env.proxies)) or "the proxy variables"
    return Hit(
        message=f"Every request through {', '.join(proxies)} failed at the proxy "
                f"({len(failed)} of {len(via)}: {failed[0].error or failed[0].status}).",
        fix=f"Check {variables}; put hosts reached directly in NO_PROXY.",
        evidence=tuple(_evidence(p, min_kbs) for p in failed[:4]),
        explains=("YD813",),
        data={"actions": [], "proxies": proxies},
    )


@predicate("YD812")
def tls_intercepted(facts: Facts) -> Optional[Hit]:
    failed = [p for p in _probed(facts) if p.status == "tls" and p.role in ("default", "mirror")
              and "certif" in (p.error or "").lower()]
    if not failed:
        return None
    hosts = sorted({urlsplit(p.url).hostname or p.url for p in failed})
    bundle = next((facts.network.settings[k] for k in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "PIP_CERT")
                   if facts.network.settings.get(k)), None)
    return Hit(
        message=f"Certificate verification failed for {', '.join(hosts)}"
                + (f" (trusting {bundle})." if bundle else "."),
        evidence=tuple(_evidence(p) for p in failed[:4]),
        certainty="likely",  # a host may also simply serve a bad certificate
        explains=("YD813",),
        data={"actions": [], "hosts": hosts},
    )


@predicate("YD813")
def nothing_reachable(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    min_kbs = _min_kbs(params)
    probes = [p for p in _probed(facts) if p.status != "unsupported"]
    if not probes or any(usable(p, min_kbs) for p in probes):
        return None
    statuses = sorted({p.status or "unknown" for p in probes})
    limit = f" within {facts.network.timeout_s:g} s" if facts.network.timeout_s else ""
    return Hit(
        message=f"None of the {len(probes)} endpoints answered{limit} (outcomes: {', '.join(statuses)}).",
        evidence=tuple(_evidence(p, min_kbs) for p in probes[:5]),
        data={"actions": []},
    )
