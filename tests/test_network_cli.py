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


def blocked_env(tmp_path: Path, hub_mirror: str, index_mirror: str, silent: str) -> dict[str, str]:
    """Defaults that do not answer, mirrors that do, as a user in a blocked network sees them."""
    path = tmp_path / "blocked.toml"
    path.write_text(ns.mirrors_toml(
        endpoints=[{"kind": "huggingface", "name": "Hub", "url": silent, "probe_path": "/api/models/gpt2"},
                   {"kind": "pypi", "name": "PyPI", "url": f"http://127.0.0.1:{ns.closed_port()}/simple",
                    "probe_path": "/pip/"}],
        mirrors=[{"kind": "huggingface", "name": "hub mirror", "url": hub_mirror, "probe_path": "/api/models/gpt2"},
                 {"kind": "pypi", "name": "index mirror", "url": index_mirror + "/simple", "probe_path": "/pip/"}]))
    env = cli_env(tmp_path, {"hub": silent, "mirror": silent, "silent": silent})
    env["YOLODOCTOR_MIRRORS_FILE"] = str(path)
    return env


def test_check_network_says_which_mirror_to_set(cli, tmp_path):
    hub_mirror = ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, b'{"sha": "abc1234"}')})).start()
    index_mirror = ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, ns.simple_page("pip", ["25.3"]))})).start()
    silent = ns.LoopbackServer(ns.never_answer).start()
    try:
        env = blocked_env(tmp_path, hub_mirror.url, index_mirror.url, silent.url)
        started = time.monotonic()
        result = cli("check", "network", "--format", "json", "--network-timeout", "1", env=env)
        elapsed = time.monotonic() - started
    finally:
        for server in (hub_mirror, index_mirror, silent):
            server.close()
    assert result.returncode == 1, result.stderr  # warnings
    report = json.loads(result.stdout)
    findings = {f["id"]: f for f in report["findings"]}
    assert {"YD801", "YD803"} <= set(findings)
    assert findings["YD801"]["data"]["actions"] == [{"kind": "set_env", "name": "HF_ENDPOINT",
                                                     "value": hub_mirror.url}]
    assert f"HF_ENDPOINT={hub_mirror.url}" in findings["YD801"]["fix"]
    [area] = report["areas"]
    assert area["area"] == "network" and "only a mirror answers" in area["summary"]
    assert elapsed < 20


def test_check_offline_and_other_areas_send_nothing(cli, tmp_path):
    server = ns.LoopbackServer(ns.serve_routes({})).start()
    try:
        env = blocked_env(tmp_path, server.url, server.url, server.url)
        offline = cli("check", "--fast", "--offline", "--format", "json", env=env)
        torch_only = cli("check", "torch", "--fast", "--format", "json", env=env)
        time.sleep(0.1)
        assert server.requests == []
    finally:
        server.close()
    for result in (offline, torch_only):
        assert result.returncode in (0, 1, 2), result.stderr
        report = json.loads(result.stdout)
        assert not [f for f in report["findings"] if f["id"].startswith("YD8") and f["id"] != "YD808"]
    network_area = [a for a in json.loads(offline.stdout)["areas"] if a["area"] == "network"]
    assert network_area[0]["summary"] == "not probed (--offline)"


def test_in_china_the_fastest_answering_mirror_is_measured_and_shown(cli, tmp_path):
    """TZ=Asia/Shanghai (or a Chinese locale) makes the region "cn"; every mirror is still probed, and the
    network area names the fastest one that answered, by measured latency."""
    fast = ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, ns.simple_page("pip", ["25.3"]))})).start()
    slow = ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, ns.simple_page("pip", ["25.3"]))},
                                             delay=0.4)).start()
    silent = ns.LoopbackServer(ns.never_answer).start()
    path = tmp_path / "mirrors-cn.toml"
    path.write_text(ns.mirrors_toml(
        endpoints=[{"kind": "pypi", "name": "PyPI", "url": silent.url + "/simple", "probe_path": "/pip/"}],
        mirrors=[{"kind": "pypi", "name": "Slow mirror", "url": slow.url + "/simple", "probe_path": "/pip/"},
                 {"kind": "pypi", "name": "Fast mirror", "url": fast.url + "/simple", "probe_path": "/pip/"}]))
    env = cli_env(tmp_path, {"hub": silent.url, "mirror": silent.url, "silent": silent.url})
    env.update(YOLODOCTOR_MIRRORS_FILE=str(path), TZ="Asia/Shanghai", YOLODOCTOR_LANG="en")
    try:
        facts = json.loads(cli("facts", "--fast", "--format", "json", "--network-timeout", "2", env=env).stdout)
        report = json.loads(cli("check", "network", "--format", "json", "--network-timeout", "2",
                                "--lang", "zh-CN", env=env).stdout)
        env_elsewhere = dict(env, TZ="Europe/Berlin")
        elsewhere = json.loads(cli("facts", "--fast", "--format", "json", "--network-timeout", "2",
                                   env=env_elsewhere).stdout)
    finally:
        for server in (fast, slow, silent):
            server.close()
    network = facts["network"]
    assert network["region"] == "cn" and network["region_reason"] == "time zone Asia/Shanghai (TZ)"
    assert {e["name"] for e in network["endpoints"]} >= {"PyPI", "Slow mirror", "Fast mirror"}
    area = next(a for a in report["areas"] if a["area"] == "network")
    assert "最快镜像：Fast mirror" in area["summary"], area["summary"]
    assert elsewhere["network"]["region"] is None
    assert {e["name"] for e in elsewhere["network"]["endpoints"]} == {e["name"] for e in network["endpoints"]}
