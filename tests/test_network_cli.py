"""`yolodoctor facts` with the network: probes within the deadline, --offline sends nothing."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import network_servers as ns
from yolodoctor.network.catalogue import load_catalogue

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "no_proxy")


def cli_env(tmp_path: Path, servers: dict[str, str], **extra: str) -> dict[str, str]:
    path = tmp_path / "mirrors.toml"
    path.write_text(ns.mirrors_toml(
        endpoints=[{"kind": "huggingface", "name": "Hub", "url": servers["hub"], "probe_path": "/api/models/gpt2"},
                   {"kind": "pypi", "name": "PyPI", "url": servers["silent"] + "/simple", "probe_path": "/pip/"}],
        mirrors=[{"kind": "pypi", "name": "Mirror", "url": servers["mirror"] + "/simple", "probe_path": "/pip/"}]))
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES and not k.startswith("PIP_")
           and k != "YOLODOCTOR_OFFLINE"}
    env.pop("HF_ENDPOINT", None)
    # The user's own pip config must not add indexes on the internet to the probes.
    env.update(YOLODOCTOR_MIRRORS_FILE=str(path), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / ".config"),
               **extra)
    return env


def test_facts_probes_within_the_deadline_and_records_everything(cli, tmp_path):
    hub = ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, b'{"sha": "abcdef1"}')})).start()
    mirror = ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, ns.simple_page("pip", ["25.3"]))})).start()
    silent = ns.LoopbackServer(ns.never_answer).start()
    try:
        env = cli_env(tmp_path, {"hub": hub.url, "mirror": mirror.url, "silent": silent.url})
        started = time.monotonic()
        result = cli("facts", "--fast", "--format", "json", "--network-timeout", "1", env=env)
        elapsed = time.monotonic() - started
    finally:
        for server in (hub, mirror, silent):
            server.close()
    assert result.returncode == 0, result.stderr
    network = json.loads(result.stdout)["network"]
    by_name = {e["name"]: e for e in network["endpoints"]}
    assert network["status"] == "ok" and network["timeout_s"] == 1.0
    assert by_name["Hub"]["status"] == "ok" and by_name["Hub"]["marker"] == "sha abcdef1"
    assert by_name["PyPI"]["status"] == "timeout"
    assert by_name["Mirror"]["marker"] == "pip 25.3"
    assert network["seconds"] < 1.2
    assert elapsed < 30  # the whole command; the network part is bounded above


def test_offline_sends_nothing_and_says_so(cli, tmp_path):
    server = ns.LoopbackServer(ns.serve_routes({})).start()
    try:
        env = cli_env(tmp_path, {"hub": server.url, "mirror": server.url, "silent": server.url},
                      HF_ENDPOINT=server.url)
        result = cli("facts", "--fast", "--offline", "--format", "json", env=env)
        time.sleep(0.1)
        assert server.requests == []
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    network = json.loads(result.stdout)["network"]
    assert network["status"] == "skipped"
    assert {e["status"] for e in network["endpoints"]} == {"skipped"}
    assert any(e["setting"] == "HF_ENDPOINT" for e in network["endpoints"])


def test_unreadable_mirror_list_is_reported_not_fatal(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[endpoint]\n")
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env["YOLODOCTOR_MIRRORS_FILE"] = str(bad)
    result = cli("facts", "--fast", "--offline", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert "not valid TOML" in json.loads(result.stdout)["network"]["error"]


def test_bad_network_timeout_is_a_usage_error(cli):
    result = cli("facts", "--fast", "--network-timeout", "0")
    assert result.returncode == 64
    assert "Traceback" not in result.stderr


def test_docs_list_every_request_of_the_shipped_mirror_list():
    text = (Path(__file__).resolve().parent.parent / "docs" / "network.md").read_text()
    catalogue = load_catalogue({})
    for entry in catalogue.defaults + catalogue.mirrors:
        assert f"`GET {entry.url}{entry.probe_path}`" in text, f"docs/network.md lacks the request of {entry.name}"
