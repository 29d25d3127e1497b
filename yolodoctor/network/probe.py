"""Probe every endpoint concurrently under one hard deadline and record Network facts.

Each endpoint gets its own daemon thread running transfer.fetch. The caller
waits at most `timeout` seconds in all: at the deadline every socket still
open is shut down, the threads get a moment to write down what they saw, and
whatever has not answered is recorded as a timeout. A thread stuck in name
resolution (which cannot be interrupted) is simply left behind; being a
daemon it never holds up the exit.
"""

from __future__ import annotations

import os
import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Optional, Sequence

from .. import __version__
from ..facts.model import EndpointProbe, Facts, Network
from ..facts.system import SystemView
from ..knowledge.files import KnowledgeError
from ..report.redact import redact_text, redact_url
from .catalogue import Catalogue, load_catalogue
from .endpoints import Target, plan_targets
from .local_weights import collect_local_weights
from .markers import INDEX_KINDS, marker

if TYPE_CHECKING:  # the transfer machinery (ssl, http.client) loads only when something is probed
    import ssl

    from .transfer import Progress

DEFAULT_TIMEOUT = 3.0
CAP_BYTES = 256 * 1024  # enough for an index page; a weights file is cut off after this
THROUGHPUT_MIN_BYTES = 16 * 1024  # below this a rate says nothing beyond the latency
OFFLINE_VARIABLE = "YOLODOCTOR_OFFLINE"
# Download-related variables worth showing beside the probes (values redacted).
SETTINGS_SHOWN = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "YOLO_OFFLINE",
                  "HF_HUB_DISABLE_XET", "HF_HUB_ENABLE_HF_TRANSFER", "HF_HUB_CACHE", "MODELSCOPE_DOMAIN",
                  "UV_DEFAULT_INDEX", "UV_INDEX_URL", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "PIP_CERT",
                  "YOLODOCTOR_MIRRORS_FILE")


def collect_network(view: SystemView, facts: Facts, offline: bool = False,
                    timeout: float = DEFAULT_TIMEOUT) -> Network:
    """The CollectOptions.network hook: probes unless offline, always within `timeout` seconds."""
    env = view.env
    offline = offline or env.get(OFFLINE_VARIABLE, "").strip().lower() in ("1", "true", "yes", "on")
    network = Network(timeout_s=timeout,
                      settings={k: redact_text(env[k]) for k in SETTINGS_SHOWN if env.get(k, "").strip()})
    try:
        network.local = collect_local_weights(view, facts)
    except OSError:
        pass  # unknown stays unknown
    from ..i18n import current
    from .region import region_hint

    network.region, network.region_reason = region_hint(view, current())
    try:
        catalogue = load_catalogue(env)
        network.catalogue = catalogue.source
    except KnowledgeError as exc:
        network.error = str(exc)
        catalogue = Catalogue(defaults=(), mirrors=(), source="")
    targets = plan_targets(facts, env, catalogue)
    if offline:
        network.status = "skipped"
        network.endpoints = [_record(t, None, None) for t in targets]
        return network
    started = time.monotonic()
    network.endpoints = probe_targets(targets, env, timeout)
    network.seconds = round(time.monotonic() - started, 3)
    network.status = "ok"
    network.proxy_in_use = any(e.proxy for e in network.endpoints)
    return network


def probe_targets(targets: Sequence[Target], env: Mapping[str, str], timeout: float,
                  cap_bytes: int = CAP_BYTES) -> list[EndpointProbe]:
    """Probe all targets at once; returns within `timeout` seconds whatever the network does."""
    from .transfer import Channel, Progress, Request, fetch

    started = time.monotonic()
    margin = min(0.1, timeout * 0.1)  # kept back for the threads to write down what they saw
    deadline = started + timeout - margin
    user_agent = f"yolodoctor/{__version__} (network check)"
    running = []
    for target in targets:
        if target.skip_reason:
            running.append((target, None, None, None))
            continue
        progress = Progress(url=target.probe_url)
        channel = Channel()
        request = Request(url=target.probe_url, env=env, deadline=deadline, cap_bytes=cap_bytes,
                          user_agent=user_agent, tls_context=_tls_factory(target.kind, env))
        thread = threading.Thread(target=fetch, args=(request, progress, channel), daemon=True,
                                  name=f"yolodoctor-probe-{target.name}")
        thread.start()
        running.append((target, progress, channel, thread))
    for _, _, _, thread in running:
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
    for _, progress, channel, _ in running:
        if channel is not None and not progress.finished:
            channel.cancel()
    grace_end = deadline + margin * 0.6
    for _, _, _, thread in running:
        if thread is not None:
            thread.join(max(0.0, grace_end - time.monotonic()))
    now = time.monotonic()
    return [_record(target, progress, now) for target, progress, _, _ in running]


def _record(target: Target, progress: Optional[Progress], now: Optional[float]) -> EndpointProbe:
    probe = EndpointProbe(kind=target.kind, name=target.name, url=redact_url(target.url), role=target.role,
                          setting=target.setting, probe_url=redact_url(target.probe_url),
                          verified=None if target.verified else False)
    if progress is None:
        probe.status = "skipped"
        probe.error = target.skip_reason or "offline: not probed"
        return probe
    status, error, body_end = progress.status, progress.error, progress.body_end
    if not progress.finished:  # still running at the deadline (e.g. stuck in name resolution)
        if progress.stage == "body":
            status, body_end = "ok", "deadline"
            error = f"deadline reached after {progress.bytes_read} bytes of the body"
        else:
            status = "timeout"
            error = f"no answer within the deadline (stuck in {progress.stage})"
    probe.status = status or "error"
    probe.error = redact_text(error) if error else None
    probe.http_status = progress.http_status
    probe.stage = "done" if progress.finished and status == "ok" else progress.stage
    probe.redirects = progress.redirects
    probe.proxy = progress.proxy
    probe.final_url = redact_url(progress.current_url) if progress.current_url else None
    probe.body_end = body_end
    if progress.headers_at is not None:
        probe.latency_ms = round((progress.headers_at - progress.started) * 1000, 1)
    probe.bytes_read = progress.bytes_read
    if progress.sent_at is not None and progress.headers_at is not None \
            and progress.bytes_read >= THROUGHPUT_MIN_BYTES:
        # From request to last byte: what a small download costs, server time included.
        stopped = progress.body_stopped_at or now or time.monotonic()
        seconds = max(stopped - progress.sent_at, 1e-3)
        probe.throughput_kbs = round(progress.bytes_read / seconds / 1000, 1)
    if probe.status == "ok" and body_end == "eof":
        probe.marker = marker(target.kind, target.probe_path, bytes(progress.body))
    return probe


def _tls_factory(kind: str, env: Mapping[str, str]):
    """The CA bundle the real tool would trust: pip's PIP_CERT for indexes, then the
    variables requests and OpenSSL read. Unset or missing files: the system default."""
    names = (("PIP_CERT",) if kind in INDEX_KINDS else ()) + ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")
    cafile = next((env[n] for n in names if env.get(n) and os.path.isfile(env[n])), None)
    capath = env.get("SSL_CERT_DIR") if env.get("SSL_CERT_DIR") and os.path.isdir(env["SSL_CERT_DIR"]) else None
    return lambda: _tls_context(cafile, capath)


_context_lock = threading.Lock()


@lru_cache(maxsize=8)
def _cached_context(cafile: Optional[str], capath: Optional[str]) -> ssl.SSLContext:
    import ssl

    context = ssl.create_default_context()
    if cafile or capath:
        context.load_verify_locations(cafile=cafile, capath=capath)
    return context


def _tls_context(cafile: Optional[str], capath: Optional[str]) -> ssl.SSLContext:
    with _context_lock:  # one load of the CA bundle, shared by every thread
        return _cached_context(cafile, capath)
