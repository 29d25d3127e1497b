"""The probe against real loopback servers: every failure mode, each within the deadline."""

from __future__ import annotations

import json
import time

import pytest

import network_servers as ns
from yolodoctor.network.endpoints import Target
from yolodoctor.network.probe import probe_targets

TIMEOUT = 1.0
SLACK = 0.5  # thread start-up on a loaded two-core machine; the benchmark measures the real margin

GPT2 = json.dumps({"id": "gpt2", "sha": "607a30d783dfa663caf39e06633721c8d4cfcd7e"}).encode()


def target(url: str, path: str = "/probe", kind: str = "huggingface", role: str = "default") -> Target:
    return Target(kind=kind, name=f"test {url}", url=url, probe_path=path, role=role)


def probe_one(url: str, path: str = "/probe", env: dict | None = None, timeout: float = TIMEOUT, **kw):
    started = time.monotonic()
    [result] = probe_targets([target(url, path, **kw)], env or {}, timeout)
    elapsed = time.monotonic() - started
    assert elapsed < timeout + SLACK, f"probe took {elapsed:.2f}s with a {timeout}s deadline"
    return result, elapsed


def test_fast_server_ok_with_latency_throughput_and_marker():
    body = GPT2 + b" " * 40000  # big enough for a throughput figure
    with ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, body)})) as server:
        result, _ = probe_one(server.url, "/api/models/gpt2")
    assert result.status == "ok"
    assert result.http_status == 200
    assert result.body_end == "eof"
    assert result.bytes_read == len(body)
    assert result.latency_ms is not None and 0 < result.latency_ms < 1000
    assert result.throughput_kbs is not None and result.throughput_kbs > 0
    assert result.marker == "sha 607a30d783dfa663caf39e06633721c8d4cfcd7e"
    assert result.proxy is None and result.redirects == 0
    assert server.requests == [("GET", "/api/models/gpt2")]


def test_index_page_marker_is_newest_final_release():
    page = ns.simple_page("pip", ["24.0", "25.3", "26.0b1", "25.10"])
    with ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, page)})) as server:
        result, _ = probe_one(server.url + "/simple", "/pip/", kind="pypi")
    assert result.status == "ok"
    assert result.marker == "pip 25.10"


def test_slow_server_is_a_timeout_within_the_deadline():
    with ns.LoopbackServer(ns.serve_routes({"/probe": (200, {}, b"late")}, delay=10)) as server:
        result, _ = probe_one(server.url)
    assert result.status == "timeout"
    assert result.stage == "headers"
    assert result.http_status is None


def test_accepts_and_never_answers():
    with ns.LoopbackServer(ns.never_answer) as server:
        result, _ = probe_one(server.url)
    assert result.status == "timeout"
    assert "response headers" in result.error


def test_closed_port_is_refused_quickly():
    result, elapsed = probe_one(f"http://127.0.0.1:{ns.closed_port()}")
    assert result.status == "refused"
    assert elapsed < TIMEOUT  # refused is an answer: no need to wait for the deadline


@pytest.mark.parametrize("code", [404, 500, 503])
def test_http_errors(code):
    with ns.LoopbackServer(ns.serve_routes({"/probe": (code, {}, b"nope")})) as server:
        result, _ = probe_one(server.url)
    assert result.status == "http_error"
    assert result.http_status == code
    assert result.latency_ms is not None


def test_redirect_loop():
    with ns.LoopbackServer(ns.redirect_loop) as server:
        result, _ = probe_one(server.url, "/a")
    assert result.status == "redirect_loop"
    assert result.redirects == 5
    assert len(server.requests) == 6


def test_redirect_followed_to_another_server():
    with ns.LoopbackServer(ns.serve_routes({"/asset.pt": (200, {}, b"w" * 50000)})) as cdn, \
            ns.LoopbackServer(ns.serve_routes({"/dl/asset.pt": (302, {"Location": cdn.url + "/asset.pt"}, b"")})) \
            as origin:
        result, _ = probe_one(origin.url, "/dl/asset.pt", kind="github_releases")
    assert result.status == "ok"
    assert result.redirects == 1
    assert result.final_url == cdn.url + "/asset.pt"
    assert result.bytes_read == 50000


def test_endless_trickle_is_cut_at_the_deadline_with_what_was_read():
    with ns.LoopbackServer(ns.trickle(0.02)) as server:
        result, elapsed = probe_one(server.url)
    assert result.status == "ok"  # it did answer; diagnose judges the speed
    assert result.body_end == "deadline"
    assert 0 < result.bytes_read < 1000
    assert elapsed >= TIMEOUT * 0.8  # it kept reading until the deadline


def test_headers_that_never_end():
    with ns.LoopbackServer(ns.header_trickle(0.02)) as server:
        result, _ = probe_one(server.url)
    assert result.status == "timeout"
    assert result.stage == "headers"


def test_half_headers_then_hang():
    with ns.LoopbackServer(ns.half_headers) as server:
        result, _ = probe_one(server.url)
    assert result.status == "timeout"
    assert result.http_status is None


def test_half_body_then_hang():
    with ns.LoopbackServer(ns.half_body(sent=20000, promised=100000)) as server:
        result, _ = probe_one(server.url)
    assert result.status == "ok"
    assert result.body_end == "deadline"
    assert result.bytes_read == 20000


def test_body_cut_short_by_the_server():
    with ns.LoopbackServer(ns.cut_body(sent=20000, promised=100000)) as server:
        result, elapsed = probe_one(server.url)
    assert result.status == "ok"
    assert result.body_end == "closed"
    assert result.bytes_read == 20000
    assert elapsed < TIMEOUT


def test_large_body_stops_at_the_size_cap():
    with ns.LoopbackServer(ns.big_body(5_000_000)) as server:
        started = time.monotonic()
        [result] = probe_targets([target(server.url)], {}, 3.0, cap_bytes=100_000)
        assert time.monotonic() - started < 3.0
    assert result.status == "ok"
    assert result.body_end == "cap"
    assert result.bytes_read == 100_000
    assert result.marker is None


def test_not_http_at_all():
    with ns.LoopbackServer(ns.garbage) as server:
        result, _ = probe_one(server.url)
    assert result.status == "protocol"


def test_connection_closed_without_answer():
    with ns.LoopbackServer(ns.close_at_once) as server:
        result, _ = probe_one(server.url)
    assert result.status == "protocol"


def test_dns_failure_under_dot_invalid():
    result, _ = probe_one("http://no-such-host.yolodoctor.invalid")
    assert result.status in ("dns", "timeout")  # a resolver that never answers is a timeout
    if result.status == "dns":
        assert "does not resolve" in result.error


def test_tls_to_a_plain_http_port_fails_the_handshake():
    with ns.LoopbackServer(ns.serve_routes({"/probe": (200, {}, b"plain")})) as server:
        result, _ = probe_one(f"https://127.0.0.1:{server.port}")
    assert result.status == "tls"
    assert result.stage == "tls"


def test_tls_server_that_never_says_hello():
    with ns.LoopbackServer(ns.accept_silently) as server:
        result, _ = probe_one(f"https://127.0.0.1:{server.port}")
    assert result.status == "timeout"
    assert result.stage == "tls"


def test_many_hostile_endpoints_at_once_still_one_deadline():
    behaviours = [ns.never_answer, ns.trickle(0.05), ns.half_headers, ns.half_body(), ns.redirect_loop,
                  ns.serve_routes({}, delay=10), ns.header_trickle(0.05)]
    servers = [ns.LoopbackServer(b).start() for b in behaviours]
    try:
        targets = [target(s.url) for s in servers] + [target(f"http://127.0.0.1:{ns.closed_port()}"),
                                                       target("http://x.yolodoctor.invalid")]
        started = time.monotonic()
        results = probe_targets(targets, {}, TIMEOUT)
        elapsed = time.monotonic() - started
    finally:
        for s in servers:
            s.close()
    assert elapsed < TIMEOUT + SLACK
    assert len(results) == len(targets)
    assert [r.status for r in results][:5] == ["timeout", "ok", "timeout", "ok", "redirect_loop"]
    assert results[7].status == "refused"


def test_skipped_target_is_recorded_not_probed():
    t = Target(kind="pypi", name="pip index-url", url="file:///opt/pypi/simple", probe_path="/pip/",
               role="configured", setting="pip index-url", skip_reason="file: URL, not a network endpoint")
    [result] = probe_targets([t], {}, TIMEOUT)
    assert result.status == "skipped"
    assert result.setting == "pip index-url"
