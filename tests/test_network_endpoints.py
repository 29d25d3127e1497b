"""Which endpoints are probed: from the user's own settings and the mirror list."""

from __future__ import annotations

import time

import pytest

import network_servers as ns
from yolodoctor.facts.model import Facts
from yolodoctor.facts.system import SystemView
from yolodoctor.knowledge.files import KnowledgeError
from yolodoctor.network.catalogue import load_catalogue
from yolodoctor.network.endpoints import normalise, plan_targets
from yolodoctor.network.probe import collect_network

CATALOGUE = ns.mirrors_toml(
    endpoints=[
        {"kind": "huggingface", "name": "Hub", "url": "https://hub.example.invalid", "probe_path": "/api/models/gpt2"},
        {"kind": "pypi", "name": "Index", "url": "https://index.example.invalid/simple", "probe_path": "/pip/"},
        {"kind": "github_releases", "name": "Releases", "url": "https://releases.example.invalid",
         "probe_path": "/a/b/yolo.pt"},
    ],
    mirrors=[
        {"kind": "huggingface", "name": "hub-mirror", "url": "https://hub-mirror.example.invalid",
         "probe_path": "/api/models/gpt2", "verified": False},
        {"kind": "pypi", "name": "index-mirror", "url": "https://index-mirror.example.invalid/simple",
         "probe_path": "/pip/"},
    ])


@pytest.fixture
def catalogue_env(tmp_path):
    path = tmp_path / "mirrors.toml"
    path.write_text(CATALOGUE)
    return {"YOLODOCTOR_MIRRORS_FILE": str(path), "HOME": str(tmp_path)}


def test_shipped_mirror_list_loads_with_every_kind():
    catalogue = load_catalogue({})
    assert catalogue.source == "compat/mirrors.toml"
    kinds = {e.kind for e in catalogue.defaults}
    assert {"huggingface", "pypi", "pytorch_wheels", "github_releases"} <= kinds
    assert any(m.kind == "huggingface" for m in catalogue.mirrors)
    assert all(e.url.startswith("https://") and e.probe_path.startswith("/") for e in catalogue.mirrors)


def test_defaults_and_mirrors_without_configuration(catalogue_env):
    targets = plan_targets(Facts(), catalogue_env, load_catalogue(catalogue_env))
    assert [(t.role, t.name) for t in targets] == [
        ("default", "Hub"), ("default", "Index"), ("default", "Releases"),
        ("mirror", "hub-mirror"), ("mirror", "index-mirror")]
    assert targets[0].probe_url == "https://hub.example.invalid/api/models/gpt2"
    assert targets[3].verified is False


def test_configured_mirror_is_probed_once_as_configured(catalogue_env):
    facts = Facts()
    facts.env.hf_endpoint = "https://hub-mirror.example.invalid/"
    facts.python.pip_config.index_url = "https://user:***@private.example.invalid/simple"
    facts.python.pip_config.extra_index_urls = ["file:///opt/pypi/simple"]
    targets = plan_targets(facts, catalogue_env, load_catalogue(catalogue_env))
    configured = [t for t in targets if t.role == "configured"]
    assert [(t.setting, t.name, t.probe_url) for t in configured] == [
        ("HF_ENDPOINT", "hub-mirror", "https://hub-mirror.example.invalid/api/models/gpt2"),
        ("pip index-url", "pip index-url", "https://private.example.invalid/simple/pip/"),  # no credentials
        ("pip extra-index-url", "pip extra-index-url", "file:///opt/pypi/simple/"),
    ]
    assert configured[2].skip_reason
    assert [t.name for t in targets if t.role == "mirror"] == ["index-mirror"]  # hub-mirror not twice


def test_pip_index_from_the_environment_when_the_target_probe_had_none(catalogue_env):
    env = dict(catalogue_env, PIP_INDEX_URL="https://index-mirror.example.invalid/simple/",
               UV_DEFAULT_INDEX="https://uv.example.invalid/simple", MODELSCOPE_DOMAIN="www.modelscope.cn")
    targets = plan_targets(Facts(), env, load_catalogue(env))
    configured = {t.setting: t for t in targets if t.role == "configured"}
    assert configured["pip index-url"].name == "index-mirror"
    assert configured["UV_DEFAULT_INDEX"].probe_url == "https://uv.example.invalid/simple/pip/"
    assert configured["MODELSCOPE_DOMAIN"].url == "https://www.modelscope.cn"


def test_normalise():
    assert normalise("HTTPS://User:pw@Hf-Mirror.com:443/") == "https://hf-mirror.com"
    assert normalise("http://x.org:8080/simple/") == "http://x.org:8080/simple"


@pytest.mark.parametrize("text,message", [
    ("[[endpoint]]\nkind='pypi'\nname='x'\nurl='https://x'\n", "lacks required key 'probe_path'"),
    ("[[mirror]]\nkind='pypi'\nname='x'\nurl='ftp://x'\nprobe_path='/'\n", "url must be http(s)"),
    ("[[mirror]]\nkind='pypi'\nname='x'\nurl='https://x'\nprobe_path='pip'\n", "must start with '/'"),
    ("endpoint = 3\n", "must be an array of tables"),
    ("[[endpoint]\n", "not valid TOML"),
])
def test_bad_override_file_names_file_and_entry(tmp_path, text, message):
    path = tmp_path / "m.toml"
    path.write_text(text)
    with pytest.raises(KnowledgeError) as info:
        load_catalogue({"YOLODOCTOR_MIRRORS_FILE": str(path)})
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_unusable_list_still_probes_what_is_configured(tmp_path):
    with ns.LoopbackServer(ns.serve_routes({"/": (200, {}, b"{}")})) as hub:
        env = {"YOLODOCTOR_MIRRORS_FILE": str(tmp_path / "missing.toml"), "HF_ENDPOINT": hub.url,
               "HOME": str(tmp_path)}
        network = collect_network(SystemView.from_environment(env), Facts(), timeout=1.0)
    assert "no such file" in network.error
    [probe] = network.endpoints
    # No default to borrow a probe path from: the root is asked.
    assert (probe.setting, probe.status, probe.probe_url) == ("HF_ENDPOINT", "ok", hub.url + "/")
    assert hub.requests == [("GET", "/")]


def test_offline_sends_nothing(tmp_path):
    with ns.LoopbackServer(ns.serve_routes({})) as server:
        path = tmp_path / "m.toml"
        path.write_text(ns.mirrors_toml([{"kind": "pypi", "name": "i", "url": server.url, "probe_path": "/pip/"}],
                                        []))
        env = {"YOLODOCTOR_MIRRORS_FILE": str(path), "HOME": str(tmp_path), "HF_ENDPOINT": server.url}
        for network in (collect_network(SystemView.from_environment(env), Facts(), offline=True),
                        collect_network(SystemView.from_environment(dict(env, YOLODOCTOR_OFFLINE="1")), Facts())):
            assert network.status == "skipped"
            assert {e.status for e in network.endpoints} == {"skipped"}
            assert len(network.endpoints) == 2
        time.sleep(0.1)
        assert server.requests == []


def test_local_weights_and_settings_are_recorded(tmp_path):
    weights = tmp_path / "weights"
    weights.mkdir()
    (weights / "yolo11n.pt").write_bytes(b"x")
    (weights / "notes.txt").write_text("x")
    hub = tmp_path / "hf" / "hub"
    (hub / "models--openai--clip-vit-base-patch32").mkdir(parents=True)
    facts = Facts()
    facts.env.ultralytics_settings = {"weights_dir": str(weights)}
    env = {"HOME": str(tmp_path), "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1",
           "YOLODOCTOR_MIRRORS_FILE": str(tmp_path / "none.toml")}
    network = collect_network(SystemView.from_environment(env), facts, offline=True)
    assert network.local.ultralytics_weights == ["yolo11n.pt"]
    assert network.local.hf_cached_repos == ["models/openai/clip-vit-base-patch32"]
    assert network.local.hf_hub_cache == str(hub)
    assert network.settings["HF_HUB_OFFLINE"] == "1"
