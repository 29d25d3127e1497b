"""What the network rules share: which endpoints were probed, which are usable, how to say so.

An endpoint is *usable* when it answered 2xx and its body either arrived or
was still flowing at a useful rate (rules/network.toml: min_usable_kbs) when
the deadline came. Fix actions travel in Hit.data["actions"] as data
({"kind": "set_env", ...}, {"kind": "pip_config", ...}; see fix/persist_env.py).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from ..facts.model import EndpointProbe, Facts
from ..i18n import tr
from ..knowledge.files import KnowledgeError, load_compat_table

DEFAULT_MIN_USABLE_KBS = 20.0


def probed(facts: Facts) -> list[EndpointProbe]:
    """The endpoints actually probed (nothing when the network was skipped)."""
    if facts.network.status != "ok":
        return []
    return [p for p in facts.network.endpoints if p.status not in (None, "skipped")]


def usable(probe: EndpointProbe, limit: float = DEFAULT_MIN_USABLE_KBS) -> bool:
    if probe.status != "ok" or probe.http_status is None or not 200 <= probe.http_status < 300:
        return False
    if probe.body_end in (None, "eof", "cap"):
        return True
    if probe.body_end == "deadline":  # still sending at the deadline: usable if fast enough
        return (probe.throughput_kbs or 0.0) >= limit
    return False  # the server cut the body short


def min_kbs(params: Optional[Mapping[str, Any]]) -> float:
    value = (params or {}).get("min_usable_kbs", DEFAULT_MIN_USABLE_KBS)
    return float(value) if isinstance(value, (int, float)) else DEFAULT_MIN_USABLE_KBS


def outcome(probe: EndpointProbe, limit: float = DEFAULT_MIN_USABLE_KBS) -> str:
    """What happened, in words: 'no answer in time', 'HTTP 503', 'ok, 120 ms'."""
    if usable(probe, limit):
        parts = [f"{probe.latency_ms:.0f} ms" if probe.latency_ms is not None else None,
                 f"{probe.throughput_kbs:.0f} kB/s" if probe.throughput_kbs is not None else None]
        if not any(parts):
            return tr("answers")
        return tr("answers ({measured})", measured=", ".join(p for p in parts if p))
    if probe.status == "ok":
        if probe.body_end == "deadline":
            if probe.throughput_kbs is not None:
                return tr("stalls: only {bytes} bytes at {rate} kB/s before the deadline", bytes=probe.bytes_read or 0,
                          rate=f"{probe.throughput_kbs:.1f}")
            return tr("stalls: only {bytes} bytes before the deadline", bytes=probe.bytes_read or 0)
        if probe.body_end == "closed":
            return tr("cuts the transfer short after {bytes} bytes", bytes=probe.bytes_read or 0)
        return tr("answers HTTP {status}", status=probe.http_status)
    if probe.status == "http_error":
        return tr("answers HTTP {status}", status=probe.http_status)
    if probe.error:
        return probe.error  # the error is the sharper
    words = {"timeout": tr("no answer in time"), "refused": tr("connection refused"),
             "dns": tr("name does not resolve"), "tls": tr("TLS failure"), "proxy": tr("proxy failure"),
             "redirect_loop": tr("redirect loop"), "protocol": tr("not a valid HTTP answer"),
             "unreachable": tr("network unreachable"), "unsupported": tr("not probed (unsupported)")}
    return words.get(probe.status or "", probe.status or tr("unknown"))


def evidence_line(probe: EndpointProbe, limit: float = DEFAULT_MIN_USABLE_KBS) -> str:
    label = f"{probe.kind} {probe.role}" + (f" ({probe.setting})" if probe.setting else "")
    via = tr(" via proxy {proxy}", proxy=probe.proxy) if probe.proxy else ""
    return f"network: {label} {probe.probe_url or probe.url}{via}: {outcome(probe, limit)}"


def of_kind(probes: Iterable[EndpointProbe], kind: str, role: Optional[str] = None,
        settings: Optional[tuple[str, ...]] = None) -> list[EndpointProbe]:
    return [p for p in probes if p.kind == kind and (role is None or p.role == role)
            and (settings is None or p.setting in settings)]


def best(candidates: Iterable[EndpointProbe], limit: float) -> Optional[EndpointProbe]:
    """The quickest usable candidate, by measured latency (a verified entry only breaks a tie):
    what answers fastest here is what fix sets, whatever the list's order or notes say."""
    good = [p for p in candidates if usable(p, limit)]
    good.sort(key=lambda p: (p.latency_ms if p.latency_ms is not None else 1e9, p.verified is False))
    return good[0] if good else None


def set_env(name: str, value: str) -> dict[str, str]:
    return {"kind": "set_env", "name": name, "value": value}


def pip_config(key: str, value: str) -> dict[str, str]:
    return {"kind": "pip_config", "key": key, "value": value}


def truthy(facts: Facts, variable: str) -> Optional[bool]:
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


def ultralytics_installed(facts: Facts) -> Optional[str]:
    """The installed Ultralytics version ('' when installed with an unknown version), else None."""
    package = facts.packages.get("ultralytics")
    dist = facts.distribution("ultralytics")
    if dist is not None:
        return dist.version or ""
    if package is not None and package.status == "ok":
        return package.version or ""
    return None
