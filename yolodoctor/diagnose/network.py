"""Network (YD801, YD802, YD807, YD811-YD813): the Hugging Face endpoint in effect, and the
transport itself (proxies, certificates, no network at all). Helpers: network_common.py."""

from __future__ import annotations

from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from ..facts.model import Facts
from ..i18n import tr
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
        message=tr("The Hugging Face Hub ({url}) {outcome}, while the mirror {mirror} ({mirror_url}) "
                   "{mirror_outcome}. HF_ENDPOINT is not set.", url=default.url, outcome=outcome(default, limit),
                   mirror=mirror.name, mirror_url=mirror.url, mirror_outcome=outcome(mirror, limit)),
        fix=f"export HF_ENDPOINT={mirror.url}  "
            + tr("(before Python starts; `yolodoctor fix` sets it persistently)"),
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
        message=tr("No Hugging Face endpoint answers ({count} probed, mirrors included), while "
                   "{other} ({other_url}) does: this network blocks Hugging Face. {names} "
                   "will fail to download models.", count=len(hub), other=others[0].name, other_url=others[0].url,
                   names=names),
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
    message = tr("HF_ENDPOINT={url} {outcome}.", url=dead.url, outcome=outcome(dead, limit))
    if alternative is None:
        return Hit(message=message + tr(" No other Hugging Face endpoint answered either."),
                   evidence=tuple(evidence), data={"actions": [], "endpoint": dead.url})
    evidence.append(evidence_line(alternative, limit))
    message += tr(" {name} ({url}) {outcome}.", name=alternative.name, url=alternative.url,
                  outcome=outcome(alternative, limit))
    return Hit(
        message=message,
        fix=f"export HF_ENDPOINT={alternative.url}  "
            + (tr("(or remove HF_ENDPOINT where it is set); `yolodoctor fix` sets it persistently")
               if alternative.role == 'mirror' else
               tr("(or remove HF_ENDPOINT where it is set: it is the default); `yolodoctor fix` sets it persistently")),
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
        message=tr("HF_ENDPOINT={url} serves {marker} for {probe_url}, while {hub} serves {hub_marker}.",
                   url=mine.url, marker=mine.marker, probe_url=mine.probe_url, hub=hub.url, hub_marker=hub.marker),
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
    variables = ", ".join(sorted(facts.env.proxies)) or tr("the proxy variables")
    return Hit(
        message=tr("Every request through {proxies} failed at the proxy ({failed} of {total}: {error}).",
                   proxies=', '.join(proxies), failed=len(failed), total=len(via),
                   error=failed[0].error or failed[0].status),
        fix=tr("Check {variables}; put hosts reached directly in NO_PROXY.", variables=variables),
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
        message=tr("Certificate verification failed for {hosts} (trusting {bundle}).", hosts=', '.join(hosts),
                   bundle=bundle) if bundle else
        tr("Certificate verification failed for {hosts}.", hosts=', '.join(hosts)),
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
    message = tr("None of the {count} endpoints answered within {seconds} s (outcomes: {outcomes}).",
                 count=len(probes), seconds=f"{facts.network.timeout_s:g}", outcomes=', '.join(statuses)) \
        if facts.network.timeout_s else \
        tr("None of the {count} endpoints answered (outcomes: {outcomes}).", count=len(probes),
           outcomes=', '.join(statuses))
    return Hit(
        message=message,
        evidence=tuple(evidence_line(p, limit) for p in probes[:5]),
        data={"actions": []},
    )
