"""What fix refuses: non-https or unknown package sources, PEP 668 interpreters, sudo, stray flags."""

import pytest

from yolodoctor.fix.plan import Action, Plan
from yolodoctor.fix.safety import AllowList, SafetyError, check_plan, check_url

ALLOW = AllowList(configured=("https://artifactory.corp.example/api/pypi/pypi/simple",))


@pytest.mark.parametrize("url", [
    "https://download.pytorch.org/whl/cu124",
    "https://pypi.org/simple",
    "https://artifactory.corp.example/api/pypi/pypi/simple",  # configured for pip by the user
    "https://artifactory.corp.example/api/pypi/pypi/simple/torch/",
    "https://mirrors.ustc.edu.cn/pypi/simple",  # compat/mirrors.toml
    "https://mirror.sjtu.edu.cn/pytorch-wheels/cu121",
    "HTTPS://PyPI.org:443/simple/",  # scheme and host case, default port, trailing slash
    "https://mirrors.ustc.edu.cn/pypi/%73imple",  # an escaped unreserved character is that character
])
def test_allowed(url):
    check_url(url, ALLOW)


@pytest.mark.parametrize("url,message", [
    ("http://download.pytorch.org/whl/cu124", "https"),
    ("https://evil.example/simple", "neither an official index"),
    ("https://artifactory.corp.example/other/simple", "neither an official index"),  # not under the configured path
    ("https://pypi.org.evil.example/simple", "neither an official index"),
    ("http://127.0.0.1:8080/simple", "tests only"),  # loopback without the testing switch
    ("ftp://pypi.org/simple", "https"),
    ("https://***@artifactory.corp.example/api/pypi/pypi/simple", "redacted"),
    # pip resolves dot-segments and escapes before it fetches: none of these may pass a prefix check
    ("https://artifactory.corp.example/api/pypi/pypi/simple/../../../../evil/simple", r"'\.' or '\.\.'"),
    ("https://artifactory.corp.example/api/pypi/pypi/simple/%2e%2e/%2E%2E/evil", r"'\.' or '\.\.'"),
    ("https://artifactory.corp.example/api/pypi/pypi/simple/./x", r"'\.' or '\.\.'"),
    ("https://artifactory.corp.example/api/pypi/pypi/simple%2f..%2fevil", "encoded slash"),
    ("https://mirrors.aliyun.com/pytorch-wheels/../evil/cu121", r"'\.' or '\.\.'"),
    ("https://user:pw@pypi.org/simple", "user info"),
    ("https://pypi.org@evil.example/simple", "user info"),
    ("https://pypi.org:8443/simple", "neither an official index"),  # another port is another server
    ("https://pypi.org/sim ple", "whitespace"),
    ("https://pypi.org\\@evil.example/simple", "backslash"),
    ("https://artifactory.corp.example/api/pypi/pypi/simple-evil", "neither an official index"),
])
def test_refused(url, message):
    with pytest.raises(SafetyError, match=message):
        check_url(url, ALLOW)


def test_loopback_only_with_the_switch():
    allow = AllowList.from_settings([], env={"YOLODOCTOR_ALLOW_LOOPBACK_INDEX": "1"})
    check_url("http://127.0.0.1:8080/whl/cu124", allow)
    with pytest.raises(SafetyError):
        check_url("http://10.0.0.5:8080/simple", allow)


def test_flash_attn_release_urls_only_as_wheels():
    url = "https://github.com/Dao-AILab/flash-attention/releases/download/v2.6.3/flash_attn-2.6.3+cu123torch2.4cxx11abiFALSE-cp311-cp311-linux_x86_64.whl"
    check_url(url, ALLOW, "wheel URL")
    with pytest.raises(SafetyError):
        check_url("https://github.com/someone/else/releases/download/v1/x-1-py3-none-any.whl", ALLOW, "wheel URL")


def plan(**kw):
    actions = kw.pop("actions", (Action(kind="install", title="t", why="w", requirements=("numpy<2",)),))
    return Plan(python="/envs/yolo/bin/python", actions=actions, **kw)


def test_pep668_refused_with_a_way_out():
    with pytest.raises(SafetyError, match="externally managed") as info:
        check_plan(plan(externally_managed=True), ALLOW)
    assert "-m venv" in str(info.value) and "--break-system-packages" in str(info.value)
    check_plan(plan(externally_managed=True, break_system_packages=True), ALLOW)


def test_plan_index_checked():
    bad = Action(kind="install", title="t", why="w", requirements=("torch==2.4.1+cu124",),
                 index_url="https://evil.example/whl/cu124")
    with pytest.raises(SafetyError, match="evil.example"):
        check_plan(plan(actions=(bad,)), ALLOW)
    bad = Action(kind="install", title="t", why="w", requirements=("x",), find_links=("http://mirror.example/x",))
    with pytest.raises(SafetyError, match="https"):
        check_plan(plan(actions=(bad,)), ALLOW)


def test_plan_requirement_forms():
    for requirement, message in (("torch @ https://evil.example/torch.whl", "not a plain requirement"),
                                 ("https://evil.example/x-1-py3-none-any.whl", "neither an official"),
                                 ("-e git+https://x", "not a plain requirement")):
        bad = Action(kind="install", title="t", why="w", requirements=(requirement,))
        with pytest.raises(SafetyError, match=message):
            check_plan(plan(actions=(bad,)), ALLOW)


def test_installer_environment_is_limited():
    bad = Action(kind="install", title="t", why="w", requirements=("x",), env=(("LD_PRELOAD", "/tmp/x.so"),))
    with pytest.raises(SafetyError, match="LD_PRELOAD"):
        check_plan(plan(actions=(bad,)), ALLOW)


def test_never_sudo_and_only_the_target_interpreter():
    with pytest.raises(SafetyError, match="sudo"):
        check_plan(Plan(python="/usr/bin/sudo", actions=plan().actions), ALLOW)
    sudo_plan = Plan(python="/envs/yolo/bin/python", installer="uv", installer_path="sudo", actions=plan().actions)
    with pytest.raises(SafetyError, match="sudo"):
        check_plan(sudo_plan, ALLOW)


def test_manual_steps_are_not_checked_because_they_never_run():
    manual = Action(kind="manual", title="driver", why="w", steps=("sudo apt-get install nvidia-driver-550",))
    check_plan(plan(actions=(manual,)), ALLOW)


def test_settings_are_checked():
    mirror = Action(kind="setting", title="pip mirror", why="w", scope="pip-site:/envs/yolo/bin/python",
                    settings=(("global.index-url", "https://evil.example/simple"),))
    with pytest.raises(SafetyError, match="evil.example"):
        check_plan(plan(actions=(mirror,)), ALLOW)
    known = Action(kind="setting", title="pip mirror", why="w", scope="pip-site:/envs/yolo/bin/python",
                   settings=(("global.index-url", "https://mirrors.ustc.edu.cn/pypi/simple"),))
    check_plan(plan(actions=(known,)), ALLOW)
    trusted = Action(kind="setting", title="t", why="w", scope="pip-user:/x",
                     settings=(("global.trusted-host", "evil.example"),))
    with pytest.raises(SafetyError, match="does not set global.trusted-host"):
        check_plan(plan(actions=(trusted,)), ALLOW)
    hf = Action(kind="setting", title="hf", why="w", scope="venv:/envs/yolo",
                settings=(("HF_ENDPOINT", "https://hf-mirror.com"),))
    check_plan(plan(actions=(hf,)), ALLOW)
    with pytest.raises(SafetyError, match="scope"):
        check_plan(plan(actions=(Action(kind="setting", title="x", why="w", settings=(("A", "b"),)),)), ALLOW)


def test_flash_attn_release_prefix_cannot_be_walked_out_of():
    base = "https://github.com/Dao-AILab/flash-attention/releases/download"
    check_url(f"{base}/v2.6.3/flash_attn-2.6.3-cp311-cp311-linux_x86_64.whl", ALLOW, "wheel URL")
    for tail in ("../../../../other/repo/releases/download/v1/x-1-py3-none-any.whl",
                 "%2e%2e/%2e%2e/%2e%2e/%2e%2e/other/repo/x-1-py3-none-any.whl"):
        with pytest.raises(SafetyError, match="segments"):
            check_url(f"{base}/{tail}", ALLOW, "wheel URL")


def test_plan_schema_agrees_with_the_reference_validator():
    """The schema is valid JSON Schema, and the built-in validator and `jsonschema` agree on real and
    hostile plans."""
    import json

    jsonschema = pytest.importorskip("jsonschema")
    from yolodoctor.fix.plan import plan_to_json
    from yolodoctor.fix.plan_schema import PLAN, errors

    jsonschema.Draft202012Validator.check_schema(PLAN)
    validator = jsonschema.Draft202012Validator(PLAN)
    good = json.loads(plan_to_json(plan(actions=(Action(kind="install", title="t", why="w",
                                                         requirements=("numpy<2",), env=(("MAX_JOBS", "4"),)),))))
    hostile = [
        {**good, "python": 7}, {**good, "extra": 1}, {**good, "installer": "sh"},
        {**good, "actions": [{**good["actions"][0], "kind": "shell"}]},
        {**good, "actions": [{**good["actions"][0], "requirements": ["x" * 3000]}]},
        {**good, "actions": [{**good["actions"][0], "env": [["A"]]}]},
        {**good, "target": {"prefix": "/p", "executable": "/p/bin/python", "fingerprint": "0" * 63}},
        {**good, "target": {"prefix": "/p", "executable": "/p/bin/python", "fingerprint": "0" * 64, "x": 1}},
        {**good, "findings": [["YD1"] * 3]}, {**good, "notes": "text"}, [], "plan",
    ]
    assert not list(errors(good)) and validator.is_valid(good)
    for document in hostile:
        assert bool(list(errors(document))) == (not validator.is_valid(document)) == True, document  # noqa: E712


def test_a_failed_rollback_prints_the_exact_command():
    from yolodoctor.fix.apply import ApplyResult
    from yolodoctor.fix.flow import _outcome
    from yolodoctor.fix.rollback import RollbackResult

    broken = ApplyResult("failed", "20260101T000000Z-abcd", "torch", "exit code 1",
                         rollback_error="OSError: [Errno 28] No space left on device")
    code, line = _outcome(broken)
    assert code == 2 and "✓" not in line
    assert "the automatic rollback failed too" in line and "yolodoctor rollback 20260101T000000Z-abcd --yes" in line
    partial = ApplyResult("failed", "20260101T000000Z-abcd", "torch", "exit code 1",
                          RollbackResult(False, (), (), ("torch is 2.4.1+cu124, was 2.4.1+cpu",), None, "differs"))
    code, line = _outcome(partial)
    assert code == 2 and "rollback incomplete" in line and "yolodoctor rollback 20260101T000000Z-abcd --yes" in line
