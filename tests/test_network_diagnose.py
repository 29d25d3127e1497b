"""YD8xx: the network rules, from facts built by hand and from real probes of loopback servers."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

import pytest

import network_servers as ns
from yolodoctor.diagnose import network, network_indexes, network_weights  # noqa: F401  (register the rules)
from yolodoctor.diagnose.model import AREAS, CATEGORIES, PREDICATES, SEVERITIES, Hit
from yolodoctor.facts.model import Distribution, EndpointProbe, Facts, Network
from yolodoctor.facts.system import SystemView
from yolodoctor.network.probe import collect_network

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "network.toml"
RULES = {r["id"]: r for r in tomllib.loads(RULES_FILE.read_text())["rule"]}


def run_rule(rule_id: str, facts: Facts) -> list[Hit]:
    """Call a predicate the way the engine does: arguments chosen by parameter name."""
    fn = PREDICATES[rule_id]
    available = {"facts": facts, "params": RULES[rule_id].get("params", {})}
    result = fn(**{name: available[name] for name in inspect.signature(fn).parameters})
    if result is None:
        return []
    return [result] if isinstance(result, Hit) else list(result)


def all_hits(facts: Facts) -> dict[str, list[Hit]]:
    return {rule_id: hits for rule_id in RULES if (hits := run_rule(rule_id, facts))}


# ---------------------------------------------------------------- catalogue ---

def test_every_network_rule_has_a_predicate_and_the_catalogue_shape():
    ids = {k for k in PREDICATES if k.startswith("YD8")}
    assert ids == set(RULES)
    for rule in RULES.values():
        assert set(rule) <= {"id", "category", "severity", "area", "title", "explanation", "fix", "references",
                             "params", "severity_when", "title_zh", "explanation_zh", "fix_zh",
                             "severity_when_zh"}
        assert rule["category"] in ("network_download", "pip_index") and rule["category"] in CATEGORIES
        assert rule["severity"] in SEVERITIES and rule["area"] == "network" and "network" in AREAS
        assert len(rule["title"]) <= 90 and "\n" not in rule["title"]
        assert rule["references"] and all(r.startswith("https://") for r in rule["references"])


# ------------------------------------------------------------ built by hand ---

def probe(kind, role, url, status="ok", **kw) -> EndpointProbe:
    defaults = {"http_status": 200 if status == "ok" else None, "body_end": "eof" if status == "ok" else None,
                "latency_ms": 80.0 if status == "ok" else None, "probe_url": url + "/x"}
    defaults.update(kw)
    return EndpointProbe(kind=kind, name=kw.pop("name", url.split("//")[1]), url=url, role=role, status=status,
                         **{k: v for k, v in defaults.items() if k != "name"})


def facts_with(*probes, **env) -> Facts:
    facts = Facts()
    facts.network = Network(status="ok", timeout_s=3.0, endpoints=list(probes))
    for key, value in env.items():
        setattr(facts.env, key, value)
    return facts


HF = "https://huggingface.co"
MIRROR = "https://hf-mirror.com"
PYPI = "https://pypi.org/simple"
TUNA = "https://pypi.tuna.tsinghua.edu.cn/simple"


def test_yd801_hub_down_mirror_up_sets_hf_endpoint():
    facts = facts_with(probe("huggingface", "default", HF, "timeout", error="no answer"),
                       probe("huggingface", "mirror", MIRROR))
    [hit] = run_rule("YD801", facts)
    assert hit.data["actions"] == [{"kind": "set_env", "name": "HF_ENDPOINT", "value": MIRROR}]
    assert "HF_ENDPOINT=https://hf-mirror.com" in hit.fix
    assert run_rule("YD802", facts) == [] and run_rule("YD813", facts) == []


def test_yd801_silent_when_the_hub_answers_or_no_mirror_does():
    assert run_rule("YD801", facts_with(probe("huggingface", "default", HF), probe("huggingface", "mirror", MIRROR))) == []
    assert run_rule("YD801", facts_with(probe("huggingface", "default", HF, "dns"),
                                        probe("huggingface", "mirror", MIRROR, "dns"))) == []


def test_stalled_transfer_is_not_usable_but_a_slow_one_is():
    stalled = probe("huggingface", "default", HF, body_end="deadline", bytes_read=30, throughput_kbs=None)
    slow = probe("huggingface", "default", HF, body_end="deadline", bytes_read=200000, throughput_kbs=66.0)
    mirror = probe("huggingface", "mirror", MIRROR)
    [hit] = run_rule("YD801", facts_with(stalled, mirror))
    assert "stalls" in hit.message
    assert run_rule("YD801", facts_with(slow, mirror)) == []


def test_yd802_dead_hf_endpoint_points_to_what_works():
    dead = probe("huggingface", "configured", "https://hf.internal.example", "refused", setting="HF_ENDPOINT")
    facts = facts_with(dead, probe("huggingface", "default", HF, "dns"), probe("huggingface", "mirror", MIRROR),
                       hf_endpoint="https://hf.internal.example")
    [hit] = run_rule("YD802", facts)
    assert hit.data["actions"] == [{"kind": "set_env", "name": "HF_ENDPOINT", "value": MIRROR}]
    assert run_rule("YD801", facts) == []  # one finding, not two


def test_yd802_without_any_alternative_has_no_action():
    dead = probe("huggingface", "configured", MIRROR, "tls", setting="HF_ENDPOINT", error="TLS handshake failed")
    facts = facts_with(dead, probe("huggingface", "default", HF, "dns"), hf_endpoint=MIRROR)
    [hit] = run_rule("YD802", facts)
    assert hit.data["actions"] == []
    assert "No other" in hit.message


def test_yd803_default_index_down_mirror_up():
    facts = facts_with(probe("pypi", "default", PYPI, "timeout"), probe("pypi", "mirror", TUNA, name="Tsinghua TUNA"))
    facts.python.is_venv = True
    [hit] = run_rule("YD803", facts)
    assert hit.data["actions"] == [{"kind": "pip_config", "key": "global.index-url", "value": TUNA}]
    assert "--site" in hit.fix


def test_yd803_sets_the_fastest_answering_mirror_not_the_first_or_the_verified_one():
    """Measured, never assumed: an unverified mirror that answered in 30 ms beats a verified one at 400 ms."""
    ustc = "https://mirrors.ustc.edu.cn/pypi/simple"
    aliyun = "https://mirrors.aliyun.com/pypi/simple"
    facts = facts_with(probe("pypi", "default", PYPI, "timeout"),
                       probe("pypi", "mirror", ustc, name="USTC", latency_ms=400.0, verified=True),
                       probe("pypi", "mirror", TUNA, name="Tsinghua TUNA", latency_ms=30.0, verified=False),
                       probe("pypi", "mirror", aliyun, "timeout", name="Aliyun"))
    facts.python.is_venv = True
    [hit] = run_rule("YD803", facts)
    assert hit.data["actions"] == [{"kind": "pip_config", "key": "global.index-url", "value": TUNA}]
    # Equal latencies: the verified entry breaks the tie.
    facts = facts_with(probe("pypi", "default", PYPI, "timeout"),
                       probe("pypi", "mirror", TUNA, name="Tsinghua TUNA", latency_ms=50.0, verified=False),
                       probe("pypi", "mirror", ustc, name="USTC", latency_ms=50.0, verified=True))
    facts.python.is_venv = True
    [hit] = run_rule("YD803", facts)
    assert hit.data["actions"] == [{"kind": "pip_config", "key": "global.index-url", "value": ustc}]


def test_yd804_configured_index_failing():
    dead = probe("pypi", "configured", "https://mirrors.example.invalid/simple", "http_error", http_status=503,
                 setting="pip index-url")
    facts = facts_with(dead, probe("pypi", "default", PYPI))
    [hit] = run_rule("YD804", facts)
    assert "HTTP 503" in hit.message
    assert hit.data["actions"] == [{"kind": "pip_config", "key": "global.index-url", "value": PYPI}]
    assert run_rule("YD803", facts) == []


def test_yd804_env_index_is_changed_in_the_environment():
    dead = probe("pypi", "configured", "https://dead.example.invalid/simple", "dns", setting="pip index-url")
    facts = facts_with(dead, probe("pypi", "mirror", TUNA))
    facts.python.pip_config.sources = ["env:PIP_INDEX_URL"]
    [hit] = run_rule("YD804", facts)
    assert hit.data["actions"] == [{"kind": "set_env", "name": "PIP_INDEX_URL", "value": TUNA}]


def test_yd804_dead_extra_index_is_reported_without_automatic_change():
    dead = probe("pypi", "configured", "https://download.pytorch.org/whl/cu121", "timeout",
                 setting="pip extra-index-url")
    [hit] = run_rule("YD804", facts_with(dead, probe("pypi", "default", PYPI)))
    assert hit.data["actions"] == []
    assert "extra-index-url" in hit.fix


def test_yd805_pytorch_index_mirror_uses_the_mirror_list_form():
    facts = facts_with(probe("pytorch_wheels", "default", "https://download.pytorch.org/whl", "dns"),
                       probe("pytorch_wheels", "mirror", "https://mirrors.aliyun.com/pytorch-wheels"))
    facts.torch.version, facts.torch.status = "2.4.1+cu124", "ok"
    [hit] = run_rule("YD805", facts)
    assert hit.fix == "pip install torch==<ver> -f https://mirrors.aliyun.com/pytorch-wheels/cu124"
    assert hit.severity == "info"  # torch works: only matters for a reinstall


def test_yd806_stale_index_against_pypi_and_against_what_is_installed():
    mine = probe("pypi", "configured", TUNA, marker="pip 23.0", setting="pip index-url")
    [hit] = run_rule("YD806", facts_with(mine, probe("pypi", "default", PYPI, marker="pip 25.3")))
    assert hit.data["newer"] == "25.3" and hit.certainty == "certain"
    facts = facts_with(mine, probe("pypi", "default", PYPI, "timeout"))
    facts.python.distributions = [Distribution(name="pip", version="24.2")]
    [hit] = run_rule("YD806", facts)
    assert hit.data["newer"] == "24.2" and hit.certainty == "likely"
    current = probe("pypi", "configured", TUNA, marker="pip 25.3", setting="pip index-url")
    assert run_rule("YD806", facts_with(current, probe("pypi", "default", PYPI, marker="pip 25.3"))) == []


def test_yd807_hf_mirror_serves_another_revision():
    mine = probe("huggingface", "configured", MIRROR, marker="sha aaaaaaa", setting="HF_ENDPOINT")
    hub = probe("huggingface", "default", HF, marker="sha bbbbbbb")
    [hit] = run_rule("YD807", facts_with(mine, hub, hf_endpoint=MIRROR))
    assert hit.certainty == "likely"
    assert run_rule("YD807", facts_with(mine, probe("huggingface", "default", HF, marker="sha aaaaaaa"))) == []


def test_yd808_offline_with_empty_caches():
    facts = facts_with(hf_hub_offline="1")
    facts.network.local.hf_cached_repos = []
    facts.network.local.hf_hub_cache = "/home/u/.cache/huggingface/hub"
    facts.network.settings = {"YOLO_OFFLINE": "True"}
    facts.network.local.cwd, facts.network.local.cwd_weights = "/work", []
    facts.network.local.ultralytics_weights_dir, facts.network.local.ultralytics_weights = "/w", []
    facts.python.distributions = [Distribution(name="ultralytics", version="8.4.190")]
    hits = run_rule("YD808", facts)
    assert [h.data["variable"] for h in hits] == ["HF_HUB_OFFLINE", "YOLO_OFFLINE"]
    facts.network.local.hf_cached_repos = ["models/org/name"]
    facts.network.local.ultralytics_weights = ["yolo11n.pt"]
    assert run_rule("YD808", facts) == []
    facts.env.hf_hub_offline = "0"  # not on
    facts.network.local.hf_cached_repos = []
    assert [h.data["variable"] for h in run_rule("YD808", facts)] == []


def test_yd809_weights_missing_and_github_down_says_where_to_put_the_file():
    facts = facts_with(probe("github_releases", "default", "https://github.com", "timeout"))
    facts.python.distributions = [Distribution(name="ultralytics", version="8.4.190")]
    facts.network.local.ultralytics_weights_dir, facts.network.local.ultralytics_weights = "/data/weights", []
    facts.network.local.cwd, facts.network.local.cwd_weights = "/work", ["notes.onnx"]
    [hit] = run_rule("YD809", facts)
    assert hit.data["url"] == "https://github.com/ultralytics/assets/releases/download/v8.4.0/yolo26n.pt"
    assert "/data/weights/yolo26n.pt" in hit.fix
    facts.network.local.cwd_weights = ["best.pt"]
    assert run_rule("YD809", facts) == []


def test_yd810_libraries_that_ignore_hf_endpoint():
    facts = facts_with(probe("github_releases", "default", "https://github.com", "dns"),
                       probe("huggingface", "default", HF, "dns"),
                       hf_endpoint=MIRROR)
    facts.python.distributions = [Distribution(name="ultralytics", version="8.4.190"),
                                  Distribution(name="hf_xet", version="1.2.0"),
                                  Distribution(name="torchvision", version="0.29.1")]
    facts.network.endpoints.append(probe("pytorch_wheels", "default", "https://download.pytorch.org/whl"))
    [hit] = run_rule("YD810", facts)
    assert "ultralytics 8.4.190 ignores HF_ENDPOINT" in hit.message and "hf_xet 1.2.0" in hit.message
    assert "torchvision" not in hit.message  # download.pytorch.org answers
    assert hit.data["actions"] == [{"kind": "set_env", "name": "HF_HUB_DISABLE_XET", "value": "1"}]
    facts.network.settings = {"HF_HUB_DISABLE_XET": "1"}
    [hit] = run_rule("YD810", facts)
    assert hit.data["actions"] == []
    assert run_rule("YD810", facts_with(hf_endpoint=None)) == []


def test_yd811_proxy_refusing_everything_explains_nothing_reachable():
    p1 = probe("huggingface", "default", HF, "proxy", proxy="http://proxy:3128", http_status=403,
               error="the proxy refused CONNECT huggingface.co:443 with HTTP 403")
    p2 = probe("pypi", "default", PYPI, "proxy", proxy="http://proxy:3128", error="refused")
    facts = facts_with(p1, p2, proxies={"HTTPS_PROXY": True})
    [hit] = run_rule("YD811", facts)
    assert "HTTPS_PROXY" in hit.fix and "YD813" in hit.explains
    assert run_rule("YD813", facts)  # fires, and is folded into YD811 by the engine


def test_yd812_certificate_failures():
    bad = probe("pypi", "default", PYPI, "tls", error="TLS handshake failed: certificate verify failed")
    [hit] = run_rule("YD812", facts_with(bad, probe("huggingface", "default", HF, "tls",
                                                    error="TLS handshake failed: certificate verify failed")))
    assert "pypi.org" in hit.message and "huggingface.co" in hit.message
    assert run_rule("YD812", facts_with(probe("pypi", "default", PYPI, "tls", error="wrong version number"))) == []


def test_offline_facts_fire_no_probe_rules():
    facts = facts_with(probe("huggingface", "default", HF, "skipped"), probe("huggingface", "mirror", MIRROR, "skipped"))
    facts.network.status = "skipped"
    hits = all_hits(facts)
    assert hits == {}


# ------------------------------------------------------ from real loopback ---

@pytest.fixture
def blocked_machine(tmp_path):
    """Defaults unreachable (closed port, never-answering server), mirrors answering on loopback."""
    hub_mirror = ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, json.dumps(
        {"id": "gpt2", "sha": "607a30d783dfa663caf39e06633721c8d4cfcd7e"}).encode())})).start()
    index_mirror = ns.LoopbackServer(ns.serve_routes({"/simple/pip/": (200, {}, ns.simple_page("pip", ["25.3"]))})).start()
    black_hole = ns.LoopbackServer(ns.never_answer).start()
    closed = ns.closed_port()
    path = tmp_path / "mirrors.toml"
    path.write_text(ns.mirrors_toml(
        endpoints=[{"kind": "huggingface", "name": "Hub", "url": f"http://127.0.0.1:{closed}",
                    "probe_path": "/api/models/gpt2"},
                   {"kind": "pypi", "name": "PyPI", "url": black_hole.url + "/simple", "probe_path": "/pip/"},
                   {"kind": "github_releases", "name": "GitHub", "url": "https://github.yolodoctor.invalid",
                    "probe_path": "/ultralytics/assets/releases/download/v8.4.0/yolo26n.pt"}],
        mirrors=[{"kind": "huggingface", "name": "hub mirror", "url": hub_mirror.url, "probe_path": "/api/models/gpt2"},
                 {"kind": "pypi", "name": "index mirror", "url": index_mirror.url + "/simple", "probe_path": "/pip/"}]))
    env = {"YOLODOCTOR_MIRRORS_FILE": str(path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    yield env, hub_mirror, index_mirror
    for server in (hub_mirror, index_mirror, black_hole):
        server.close()


def test_blocked_defaults_with_working_mirrors_end_to_end(blocked_machine, tmp_path):
    env, hub_mirror, index_mirror = blocked_machine
    facts = Facts()
    facts.python.distributions = [Distribution(name="ultralytics", version="8.4.190")]
    facts.env.ultralytics_settings = {"weights_dir": str(tmp_path / "weights")}
    facts.network = collect_network(SystemView.from_environment(env), facts, timeout=1.0)
    hits = all_hits(facts)
    assert set(hits) == {"YD801", "YD803", "YD809"}
    assert hits["YD801"][0].data["actions"] == [{"kind": "set_env", "name": "HF_ENDPOINT", "value": hub_mirror.url}]
    assert hits["YD803"][0].data["actions"] == [
        {"kind": "pip_config", "key": "global.index-url", "value": index_mirror.url + "/simple"}]
    assert str(tmp_path / "weights") in hits["YD809"][0].fix


def test_after_the_fix_the_mirror_is_in_effect_and_the_findings_go(blocked_machine, tmp_path):
    env, hub_mirror, index_mirror = blocked_machine
    env = dict(env, HF_ENDPOINT=hub_mirror.url, PIP_INDEX_URL=index_mirror.url + "/simple")
    facts = Facts()
    facts.env.hf_endpoint = hub_mirror.url
    facts.network = collect_network(SystemView.from_environment(env), facts, timeout=1.0)
    configured = {p.setting: p for p in facts.network.endpoints if p.role == "configured"}
    assert configured["HF_ENDPOINT"].status == "ok" and configured["pip index-url"].status == "ok"
    assert configured["pip index-url"].marker == "pip 25.3"
    hits = all_hits(facts)
    assert not {"YD801", "YD802", "YD803", "YD804"} & set(hits)
