"""Network (YD801, YD802, YD807, YD811-YD813): the Hugging Face endpoint in effect, and the
transport itself (proxies, certificates, no network at all). Helpers: network_common.py."""

from __future__ import annotations

from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from ..facts.model import Facts
from ..network.endpoints import normalise
from .model import Hit, predicate
from .network_common import best, evidence_line, min_kbs, of_kind, outcome, probed, set_env, usable


# -------------------------------------------------------- Hugging Face Hub ---

@predicate("YD801")
def hf_unreachable_mirror_works(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    if facts.env.hf_endpoint:  # a configured endpoint is YD802's business
        return None
    defaults = of_kind(probes, "huggingface", "default")
    if not defaults or any(usable(p, limit) for p in defaults):
        return None
    mirror = best(of_kind(probes, "huggingface", "mirror"), limit)
    if mirror is None:
        return None
    default = defaults[0]
    return Hit(
        message=f"The Hugging Face Hub ({default.url}) {outcome(default, limit)}, while the mirror "
                f"{mirror.name} ({mirror.url}) {outcome(mirror, limit)}. HF_ENDPOINT is not set.",
        fix=f"export HF_ENDPOINT={mirror.url}  (before Python starts; `yolodoctor fix` sets it persistently)",
        evidence=(evidence_line(default, limit), evidence_line(mirror, limit)),
        data={"actions": [set_env("HF_ENDPOINT", mirror.url)], "endpoint": default.url, "mirror": mirror.url},
    )


@predicate("YD814")
def hf_blocked_while_others_answer(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    if facts.env.hf_endpoint:  # a configured endpoint is YD802's business
        return None
    hub = of_kind(probes, "huggingface")
    if not hub or any(usable(p, limit) for p in hub):
        return None  # not probed, or some Hugging Face endpoint works (YD801 says which)
    others = [p for p in probes if p.kind != "huggingface" and usable(p, limit)]
    if not others:
        return None  # nothing answers at all: YD813
    names = [n.strip() for n in str(params.get("hub_clients", "")).split(",") if n.strip()]
    clients = [d for d in (facts.distribution(n) for n in names) if d is not None]
    if not clients:
        return None
    names = ", ".join(f"{d.name} {d.version}" for d in clients)
    return Hit(
        message=f"No Hugging Face endpoint answers ({len(hub)} probed, mirrors included), while "
                f"{others[0].name} ({others[0].url}) does: this network blocks Hugging Face. {names} "
                f"will fail to download models.",
        evidence=(*(evidence_line(p, limit) for p in hub[:4]), evidence_line(others[0], limit),
                  f"installed: {names}"),
        data={"actions": [], "hub": [p.url for p in hub], "reachable": others[0].url},
    )


@predicate("YD802")
def hf_endpoint_dead(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = probed(facts)
    configured = of_kind(probes, "huggingface", "configured", ("HF_ENDPOINT",))
    if not configured or usable(configured[0], limit):
        return None
    dead = configured[0]
    alternative = best(of_kind(probes, "huggingface", "default"), limit) or \
        best(of_kind(probes, "huggingface", "mirror"), limit)
    evidence = [evidence_line(dead, limit)]
    message = f"HF_ENDPOINT={dead.url} {outcome(dead, limit)}."
    if alternative is None:
        return Hit(message=message + " No other Hugging Face endpoint answered either.",
                   evidence=tuple(evidence), data={"actions": [], "endpoint": dead.url})
    evidence.append(evidence_line(alternative, limit))
    message += f" {alternative.name} ({alternative.url}) {outcome(alternative, limit)}."
    return Hit(
        message=message,
        fix=f"export HF_ENDPOINT={alternative.url}  (or remove HF_ENDPOINT where it is set"
            f"{'' if alternative.role == 'mirror' else ': it is the default'}); `yolodoctor fix` sets it persistently",
        evidence=tuple(evidence),
        data={"actions": [set_env("HF_ENDPOINT", alternative.url)], "endpoint": dead.url,
              "alternative": alternative.url},
    )


@predicate("YD807")
def hf_mirror_stale(facts: Facts) -> Optional[Hit]:
    probes = probed(facts)
    configured = of_kind(probes, "huggingface", "configured", ("HF_ENDPOINT",))
    defaults = [p for p in of_kind(probes, "huggingface", "default") if p.marker]
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


# --------------------------------------------------------------- transport ---

@predicate("YD811")
def proxy_broken(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    via = [p for p in probed(facts) if p.proxy]
    if not via or any(usable(p, limit) for p in via):
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
        evidence=tuple(evidence_line(p, limit) for p in failed[:4]),
        explains=("YD813",),
        data={"actions": [], "proxies": proxies},
    )


@predicate("YD812")
def tls_intercepted(facts: Facts) -> Optional[Hit]:
    failed = [p for p in probed(facts) if p.status == "tls" and p.role in ("default", "mirror")
              and "certif" in (p.error or "").lower()]
    if not failed:
        return None
    hosts = sorted({urlsplit(p.url).hostname or p.url for p in failed})
    bundle = next((facts.network.settings[k] for k in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "PIP_CERT")
                   if facts.network.settings.get(k)), None)
    return Hit(
        message=f"Certificate verification failed for {', '.join(hosts)}"
                + (f" (trusting {bundle})." if bundle else "."),
        evidence=tuple(evidence_line(p) for p in failed[:4]),
        certainty="likely",  # a host may also simply serve a bad certificate
        explains=("YD813",),
        data={"actions": [], "hosts": hosts},
    )


@predicate("YD813")
def nothing_reachable(facts: Facts, params: Mapping[str, Any]) -> Optional[Hit]:
    limit = min_kbs(params)
    probes = [p for p in probed(facts) if p.status != "unsupported"]
    if not probes or any(usable(p, limit) for p in probes):
        return None
    statuses = sorted({p.status or "unknown" for p in probes})
    limit = f" within {facts.network.timeout_s:g} s" if facts.network.timeout_s else ""
    return Hit(
        message=f"None of the {len(probes)} endpoints answered{limit} (outcomes: {', '.join(statuses)}).",
        evidence=tuple(evidence_line(p, limit) for p in probes[:5]),
        data={"actions": []},
    )
