"""Proxies and TLS trust, as pip / requests read them from the environment."""

from __future__ import annotations

import time

import pytest

import network_servers as ns
from yolodoctor.network.endpoints import Target
from yolodoctor.network.probe import probe_targets
from yolodoctor.network.proxy import bypassed, proxy_for

TIMEOUT = 2.0
SLACK = 0.5


def probe(url: str, env: dict, kind: str = "huggingface"):
    started = time.monotonic()
    [result] = probe_targets([Target(kind=kind, name="t", url=url, probe_path="/probe", role="default")], env,
                             TIMEOUT)
    assert time.monotonic() - started < TIMEOUT + SLACK
    return result


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    pair = ns.self_signed(tmp_path_factory.mktemp("tls"))
    if pair is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    return pair


@pytest.fixture
def origin():
    with ns.LoopbackServer(ns.serve_routes({"/probe": (200, {}, b"hello " * 5000)})) as server:
        yield server


@pytest.fixture
def tls_origin(certificate):
    cert, key = certificate
    with ns.LoopbackServer(ns.serve_routes({"/probe": (200, {}, b"secure " * 5000)}),
                           tls=ns.server_tls(cert, key)) as server:
        yield server


def test_http_through_a_forward_proxy(origin):
    with ns.LoopbackServer(ns.tunnel_proxy) as proxy:
        result = probe(origin.url, {"HTTP_PROXY": proxy.url})
    assert result.status == "ok"
    assert result.proxy == proxy.url
    assert proxy.requests == [("GET", origin.url + "/probe")]  # absolute-form, as through a real proxy
    assert origin.requests == [("GET", "/probe")]


def test_https_through_a_connect_tunnel_with_a_trusted_ca(tls_origin, certificate):
    cert, _ = certificate
    with ns.LoopbackServer(ns.tunnel_proxy) as proxy:
        result = probe(tls_origin.url, {"https_proxy": proxy.url, "REQUESTS_CA_BUNDLE": str(cert)})
    assert result.status == "ok", result.error
    assert proxy.requests == [("CONNECT", f"127.0.0.1:{tls_origin.port}")]
    assert result.bytes_read == len(b"secure " * 5000)


def test_untrusted_certificate_is_a_tls_failure(tls_origin):
    result = probe(tls_origin.url, {})
    assert result.status == "tls"
    assert "certificate" in result.error.lower()


def test_pip_cert_is_trusted_for_package_indexes(tls_origin, certificate):
    cert, _ = certificate
    assert probe(tls_origin.url, {"PIP_CERT": str(cert)}, kind="pypi").status == "ok"
    # ... and only for them: huggingface_hub does not read PIP_CERT
    assert probe(tls_origin.url, {"PIP_CERT": str(cert)}, kind="huggingface").status == "tls"


def test_proxy_refusing_connect(tls_origin):
    with ns.LoopbackServer(ns.refusing_proxy) as proxy:
        result = probe(tls_origin.url, {"HTTPS_PROXY": proxy.url})
    assert result.status == "proxy"
    assert result.http_status == 403
    assert "refused CONNECT" in result.error
    assert tls_origin.requests == []


def test_proxy_refusing_plain_http(origin):
    with ns.LoopbackServer(ns.refusing_proxy) as proxy:
        result = probe(origin.url, {"HTTP_PROXY": proxy.url})
    assert result.status == "http_error"
    assert result.http_status == 403
    assert result.proxy == proxy.url
    assert origin.requests == []


def test_closed_proxy_port():
    port = ns.closed_port()
    result = probe("https://127.0.0.1:9", {"HTTPS_PROXY": f"http://127.0.0.1:{port}"})
    assert result.status == "proxy"
    assert "cannot connect to the proxy" in result.error


def test_proxy_that_never_answers_connect(tls_origin):
    with ns.LoopbackServer(ns.never_answer) as proxy:
        result = probe(tls_origin.url, {"HTTPS_PROXY": proxy.url})
    assert result.status == "timeout"
    assert result.stage == "proxy"


def test_proxy_credentials_sent_but_never_shown(tls_origin, certificate):
    cert, _ = certificate
    with ns.LoopbackServer(ns.tunnel_proxy) as proxy:
        proxy_url = f"http://alice:s3cret@127.0.0.1:{proxy.port}"
        result = probe(tls_origin.url, {"HTTPS_PROXY": proxy_url, "SSL_CERT_FILE": str(cert)})
    assert result.status == "ok"
    assert "Proxy-Authorization: Basic YWxpY2U6czNjcmV0" in proxy.heads[0]
    assert "s3cret" not in result.proxy and "alice" not in result.proxy


def test_no_proxy_bypasses_the_proxy(origin):
    env = {"HTTP_PROXY": f"http://127.0.0.1:{ns.closed_port()}", "NO_PROXY": "localhost,127.0.0.0/8"}
    result = probe(origin.url, env)
    assert result.status == "ok"
    assert result.proxy is None


def test_socks_proxy_is_reported_unsupported(origin):
    result = probe(origin.url, {"ALL_PROXY": "socks5://127.0.0.1:1080"})
    assert result.status == "unsupported"
    assert "socks5" in result.error


def test_lower_case_variable_wins():
    env = {"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}
    assert proxy_for("https://example.org/x", env).host == "lower"
    assert proxy_for("http://example.org/x", env) is None
    assert proxy_for("http://example.org/x", {"ALL_PROXY": "proxy.corp:3128"}).port == 3128


@pytest.mark.parametrize("host,port,no_proxy,expected", [
    ("hf-mirror.com", 443, "hf-mirror.com", True),
    ("cdn.hf-mirror.com", 443, ".hf-mirror.com", True),
    ("cdn.hf-mirror.com", 443, "hf-mirror.com", True),
    ("nothf-mirror.com", 443, "hf-mirror.com", False),
    ("10.1.2.3", 80, "10.0.0.0/8", True),
    ("11.1.2.3", 80, "10.0.0.0/8", False),
    ("pypi.org", 443, "pypi.org:8443", False),
    ("pypi.org", 8443, "pypi.org:8443", True),
    ("anything", 1, "*", True),
    ("::1", 80, "::1", True),
    ("pypi.org", 443, "", False),
])
def test_no_proxy_rules(host, port, no_proxy, expected):
    assert bypassed(host, port, no_proxy) is expected
