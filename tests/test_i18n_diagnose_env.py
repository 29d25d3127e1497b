"""zh-CN for the platform, Python, package, Ultralytics and network findings, and for `fix`'s plan, apply and
rollback texts: real machines (the scenario harness, loopback endpoints, the facts fixtures) rendered in both
languages. The Chinese must appear, and every command must be the one the English run prints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fix_support import configure_index, freeze, isolated_env, local_index, pip_install, present_gpu_machine, \
    template_venv, venv, venv_python  # noqa: F401 (fixtures)
from tests.harness import Dist, Endpoint, Machine, Module, NoCompiler, Scenario, materialise, serve_network
from tests.harness.run import REPO
from tests.platform_scenarios import PLATFORM_SCENARIOS
from tests.scenarios import DRIVER_550, NUMPY_1, RTX_4090, torch_cu
from yolodoctor import exitcodes, i18n

FACTS = Path(__file__).parent / "fixtures" / "facts"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The words a fix line starts with when the line is a command to copy (prose lines never do).
COMMAND_WORDS = ("sudo", "conda", "docker", "export", "yolodoctor", "python", "python3", "uv", "pip", "git", "apt-get",
                 "wsl")


def _env(base: dict | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in (base if base is not None else os.environ).items()
           if k not in ("YOLODOCTOR_LANG", *i18n.LOCALE_VARS)}
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-s", "-m", "yolodoctor", *args], capture_output=True, text=True,
                          env=env, timeout=180, cwd=str(REPO))


def _both(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    english = _run(args, _env(env, YOLODOCTOR_LANG="en"))
    chinese = _run([*args, "--lang", "zh-CN"], _env(env))
    for proc in (english, chinese):
        assert "Traceback" not in proc.stderr, proc.stderr
    assert english.returncode == chinese.returncode, (english.stderr, chinese.stderr)
    return english, chinese


def _commands(text: str, python: str | None = None) -> list[str]:
    """The command lines of a fix text, without the remark after two spaces ("cmd   (why)", "cmd   # why")."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        first = line.split()[0]
        if first in COMMAND_WORDS or (python and first == python) or first.endswith(("/python", "/pip", "/uv")):
            found.append(re.split(r"\s{2,}", line)[0])
    return found


def _flat(findings: list[dict]) -> list[dict]:
    out = []
    for finding in findings:
        out.append(finding)
        out += _flat(finding.get("folded") or [])
    return out


def _compare_findings(english: dict, chinese: dict, python: str | None = None) -> list[dict]:
    """Same findings, same ids, categories, severities and commands; the Chinese run's texts are Chinese."""
    en, zh = _flat(english["findings"]), _flat(chinese["findings"])
    assert [(f["id"], f["category"], f["severity"]) for f in en] == [(f["id"], f["category"], f["severity"]) for f in zh]
    assert chinese["language"] == "zh-CN" and english["language"] == "en"
    for a, b in zip(en, zh):
        assert _commands(a.get("fix"), python) == _commands(b.get("fix"), python), (a["id"], a["fix"], b["fix"])
        assert a.get("data", {}).get("actions") == b.get("data", {}).get("actions"), a["id"]
    return list(zip(en, zh))


# ------------------------------------------------------------------------ platforms ---

PLATFORMS = {  # scenario: (the rule it fires, Chinese it must say, whether its fix has a command line)
    "wsl2-linux-driver-installed-inside": ("YD130", "WSL 内装了 Linux 版 NVIDIA 驱动", True),
    "jetson-orin-pypi-cpu-torch": ("YD230", "这是一台 NVIDIA Jetson", True),
    "rocm-gfx1031-user-not-in-render-group": ("YD131", "是 ROCm 版本，但看不到 AMD 显卡", True),
    "amd-gpu-with-cpu-torch": ("YD232", "所以训练只会用 CPU", True),
    "macos-x86-python-mps-unavailable": ("YD233", "但在这里不可用", False),
    "conda-cpuonly-pytorch-on-rtx3090": (None, "请用 conda 而不是 pip 替换它", True),
}


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_platform_findings_in_chinese_with_the_same_commands(name, tmp_path):
    scenario = next(s for s in PLATFORM_SCENARIOS if s.name == name)
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:
        pytest.skip(str(exc))
    english, chinese = _both(["check", "--offline", "--format", "json", *m.cli_args()], m.env)
    en, zh = json.loads(english.stdout), json.loads(chinese.stdout)
    pairs = _compare_findings(en, zh, str(m.python))
    rule, words, has_command = PLATFORMS[name]
    texts = "\n".join(f"{b['message']}\n{b.get('fix') or ''}" for _, b in pairs)
    assert words in texts, texts
    if rule:
        a, b = next((a, b) for a, b in pairs if a["id"] == rule)
        assert CJK.search(b["message"]) and not CJK.search(a["message"])
        assert a["message"] != b["message"]
    # The platform's own commands survive translation word for word (compared above, finding by finding).
    assert bool(sum(len(_commands(a.get("fix"), str(m.python))) for a, _ in pairs)) == has_command


# -------------------------------------------------------------------------- network ---

BLOCKED = Scenario(
    name="zh-hub-and-pypi-blocked-mirrors-answer",
    story="Behind a firewall: huggingface.co and PyPI never answer; a Hugging Face mirror and a PyPI mirror do.",
    machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,)),
    dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True), NUMPY_1,
           Dist("huggingface_hub", "0.26.2", Module("huggingface_hub", "0.26.2"))),
    network=(Endpoint("huggingface", "Hugging Face Hub", answers=False),
             Endpoint("huggingface", "HF mirror", answers=True, mirror=True),
             Endpoint("pypi", "PyPI", answers=False),
             Endpoint("pypi", "PyPI mirror", answers=True, mirror=True)),
)


def _network_env(m, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in m.env.items() if k != "YOLODOCTOR_OFFLINE"}
    env.update(extra)
    return env


def test_network_findings_from_real_loopback_probes_in_chinese(tmp_path):
    try:
        m = materialise(BLOCKED, tmp_path)
    except NoCompiler as exc:
        pytest.skip(str(exc))
    with serve_network(BLOCKED, tmp_path) as extra:
        env = _network_env(m, extra)
        english, chinese = _both(["check", "--format", "json", "--network-timeout", "1", *m.cli_args()], env)
        text_en, text_zh = _both(["check", "--network-timeout", "1", *m.cli_args()], dict(env, COLUMNS="200"))
    en, zh = json.loads(english.stdout), json.loads(chinese.stdout)
    pairs = {a["id"]: (a, b) for a, b in _compare_findings(en, zh)}
    assert {"YD801", "YD803"} <= set(pairs)
    hub_en, hub_zh = pairs["YD801"]
    assert "HF_ENDPOINT 未设置" in hub_zh["message"] and "HF_ENDPOINT is not set" in hub_en["message"]
    # What the mirror did is said in Chinese; the default's own error is a collected fact and stays as recorded.
    assert "而镜像 HF mirror" in hub_zh["message"] and "有响应（" in hub_zh["message"]
    # The command and the evidence labels stay; the prose around them is Chinese.
    assert hub_en["fix"].split("  ")[0] == hub_zh["fix"].split("  ")[0] and hub_zh["fix"].startswith("export HF_ENDPOINT=")
    assert "`yolodoctor fix` 会将其永久写入" in hub_zh["fix"]
    assert [e.split(" ")[0] for e in hub_en["evidence"]] == [e.split(" ")[0] for e in hub_zh["evidence"]]
    pip_en, pip_zh = pairs["YD803"]
    assert "PyPI 镜像源" in pip_zh["message"] and pip_en["fix"] == pip_zh["fix"]  # the fix is only a command
    # The terminal shows the same, and the English terminal has none of it.
    assert "HF_ENDPOINT 未设置" in text_zh.stdout and "未设置" not in text_en.stdout
    assert hub_en["fix"].split("  ")[0] in text_zh.stdout


def test_network_settings_plan_in_chinese_keeps_the_settings(tmp_path):
    try:
        m = materialise(BLOCKED, tmp_path)
    except NoCompiler as exc:
        pytest.skip(str(exc))
    with serve_network(BLOCKED, tmp_path) as extra:
        env = _network_env(m, extra)
        facts = _run(["facts", "--format", "json", "--network-timeout", "1", *m.cli_args()], _env(env))
    assert facts.returncode == 0, facts.stderr
    path = tmp_path / "facts.json"
    path.write_text(facts.stdout, encoding="utf-8")
    # The loopback mirrors are plain http: fix refuses them, and says why in the reader's language.
    refused_en, refused_zh = _both(["fix", "--facts", str(path)], _env(m.env, HOME=str(tmp_path)))
    assert refused_en.returncode == exitcodes.USAGE
    assert "is refused: package sources must use https" in refused_en.stderr
    assert "已拒绝" in refused_zh.stderr and "包的来源必须使用 https" in refused_zh.stderr, refused_zh.stderr
    assert "YOLODOCTOR_ALLOW_LOOPBACK_INDEX=1" in refused_zh.stderr
    env = _env(m.env, HOME=str(tmp_path), YOLODOCTOR_ALLOW_LOOPBACK_INDEX="1")
    english, chinese = _both(["fix", "--facts", str(path)], env)
    en_plan, zh_plan = _both(["fix", "--facts", str(path), "--format", "json"], env)
    en_actions, zh_actions = json.loads(en_plan.stdout)["actions"], json.loads(zh_plan.stdout)["actions"]
    settings = [a for a in en_actions if a["kind"] == "setting"]
    assert settings, en_actions
    assert [(a["kind"], a.get("settings"), a.get("scope")) for a in en_actions] == \
        [(a["kind"], a.get("settings"), a.get("scope")) for a in zh_actions]
    assert "set: HF_ENDPOINT=" in english.stdout and "设置：HF_ENDPOINT=" in chinese.stdout
    assert "Hugging Face Hub" in chinese.stdout and "HF_ENDPOINT 未设置" in chinese.stdout


# -------------------------------------------------------------- fix --facts dry runs ---

def _plan_lines(text: str, label: str) -> list[str]:
    return [line.split(label, 1)[1] for line in text.splitlines() if line.lstrip().startswith(label)]


@pytest.mark.parametrize("fixture, chinese_words", [
    ("driver-470-torch-cu124.json", ("保留 torch 2.4.1，把 cu124 版本换成 cu118", "驱动：靠次版本兼容运行",
                                     "替代方案：把驱动升级到 >= ", "来源：PyTorch 官方索引")),
    ("cpu-torch-on-gpu-with-flash-attn.json", ("把 cpu 版本换成", "原生支持（CUDA 12.4 需要驱动 >= ")),
    ("v100-pair-cu130-many-problems.json", ("这里不装 flash-attn：改用 PyTorch 自带的", "安装与 torch 的 CUDA 匹配的 TensorRT",
                                            "升级 ultralytics", "或者在系统中安装 libGL（需要 root）")),
    ("rtx5090-torch-2.4.1-cu124.json", ("原因：",)),
])
def test_fix_dry_run_in_chinese_runs_the_same_commands(fixture, chinese_words, tmp_path):
    args = ["fix", "--facts", str(FACTS / fixture)]
    english, chinese = _both(args, _env(HOME=str(tmp_path)))
    assert english.returncode == 0
    assert _plan_lines(english.stdout, "run: ") == _plan_lines(chinese.stdout, "运行：")
    assert _plan_lines(english.stdout, "run: "), english.stdout
    assert len(_plan_lines(english.stdout, "why: ")) == len(_plan_lines(chinese.stdout, "原因："))
    assert [s for s in _plan_lines(english.stdout, "step: ") if _commands(s)] == \
        [s for s in _plan_lines(chinese.stdout, "步骤：") if _commands(s)]
    for words in chinese_words:
        assert words in chinese.stdout, (words, chinese.stdout)
    assert "试运行：未做任何改动。执行计划请运行：yolodoctor fix --yes" in chinese.stdout
    # No English prose of the plan is left in the Chinese run (the titles, reasons and notes were translated).
    for english_words in ("why:", "Dry run", " kept, ", "the highest CUDA this driver", "from PyTorch's official index",
                          "the network was not probed"):
        assert english_words not in chinese.stdout, english_words
    # JSON: the same keys and the same commands; only the human texts differ.
    en_doc = json.loads(_run([*args, "--format", "json"], _env(HOME=str(tmp_path), YOLODOCTOR_LANG="en")).stdout)
    zh_doc = json.loads(_run([*args, "--format", "json", "--lang", "zh-CN"], _env(HOME=str(tmp_path))).stdout)
    assert _keys(en_doc) == _keys(zh_doc)
    machine = ("kind", "requirements", "uninstall", "index_url", "find_links", "options", "env", "settings", "scope",
               "findings", "needs_root")
    assert [{k: a.get(k) for k in machine} for a in en_doc["actions"]] == \
        [{k: a.get(k) for k in machine} for a in zh_doc["actions"]]
    assert any(CJK.search(a["title"]) for a in zh_doc["actions"])


def _keys(value) -> object:
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys(v) for v in value]
    return type(value).__name__


def test_check_fix_texts_filled_by_the_chooser_speak_chinese():
    """check prints the plan's torch action inside a finding's fix (fix/chooser.py): its notes in Chinese, its
    command the English run's."""
    args = ["check", "--facts", str(FACTS / "driver-470-torch-cu124.json"), "--format", "json"]
    english, chinese = _both(args, _env())
    pairs = _compare_findings(json.loads(english.stdout), json.loads(chinese.stdout), "/opt/venv/bin/python")
    fixes = "\n".join(b.get("fix") or "" for _, b in pairs)
    assert "来源：PyTorch 官方索引" in fixes and "from PyTorch's official index" not in fixes
    assert any("--index-url https://download.pytorch.org/whl/cu118" in line for line in _commands(fixes))


# ------------------------------------------------------------- history and rollback ---

def test_rollback_without_snapshots_says_so_in_chinese(tmp_path):
    env = _env(YOLODOCTOR_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path))
    english, chinese = _both(["rollback", "0123abcd", "--yes"], env)
    assert english.returncode == chinese.returncode == exitcodes.USAGE
    assert "there are no snapshots in" in english.stderr, english.stderr
    assert "中没有任何快照" in chinese.stderr and "there are no snapshots" not in chinese.stderr, chinese.stderr


# ---------------------------------------------------------- root-only steps (compat/fix.toml) ---

def test_every_chinese_manual_step_keeps_the_commands_of_its_english_step():
    """compat/fix.toml steps_zh: one Chinese step per English step, with the same commands, placeholders and
    the same command text after the colon where the English step names one."""
    from yolodoctor.fix import compat_view as cv

    rows = cv.manual_steps()
    translated = [r for r in rows if r.steps_zh]
    assert len(translated) >= 15
    for row in translated:
        assert len(row.steps_zh) == len(row.steps), row
        for english, chinese in zip(row.steps, row.steps_zh):
            assert _commands(english) == _commands(chinese), (english, chinese)
            assert sorted(re.findall(r"\{[a-z_]+\}", english)) == sorted(re.findall(r"\{[a-z_]+\}", chinese))
            command = english.split(": ", 1)[1] if ": " in english and not _commands(english) else None
            if command and not CJK.search(chinese.split("：", 1)[-1].split("（")[0]):
                assert command.split(" (")[0] in chinese, (english, chinese)
            if english != chinese:
                assert CJK.search(chinese), chinese


def test_manual_steps_follow_the_language(tmp_path):
    """The libGL step of a real plan: the Dockerfile line in Chinese, the sudo line untouched."""
    english, chinese = _both(["fix", "--facts", str(FACTS / "v100-pair-cu130-many-problems.json")],
                             _env(HOME=str(tmp_path)))
    en_steps, zh_steps = _plan_lines(english.stdout, "step: "), _plan_lines(chinese.stdout, "步骤：")
    assert len(en_steps) == len(zh_steps) >= 2
    assert "sudo apt-get update && sudo apt-get install -y libgl1 libglib2.0-0" in en_steps and \
        "sudo apt-get update && sudo apt-get install -y libgl1 libglib2.0-0" in zh_steps
    assert "在 Dockerfile 中：RUN apt-get update && apt-get install -y --no-install-recommends libgl1 libglib2.0-0" \
        in zh_steps


# ------------------------------------------------- network findings from a facts document ---

def _probe(kind, role, url, status="ok", **kw):
    from yolodoctor.facts.model import EndpointProbe

    values = {"http_status": 200 if status == "ok" else None, "body_end": "eof" if status == "ok" else None,
              "latency_ms": 80.0 if status == "ok" else None, "probe_url": url + "/x"}
    values.update(kw)
    return EndpointProbe(kind=kind, name=url.split("//")[1], url=url, role=role, status=status, **values)


def _facts_file(tmp_path: Path, facts) -> str:
    from yolodoctor.facts.model import to_dict

    path = tmp_path / "facts.json"
    path.write_text(json.dumps(to_dict(facts)), encoding="utf-8")
    return str(path)


def test_download_clients_proxy_and_certificates_in_chinese(tmp_path):
    """YD810 (its words from compat/download_clients.toml's _zh columns), YD811 and YD812 through `check --facts`."""
    from yolodoctor.facts.model import Distribution, Facts, Network

    facts = Facts()
    facts.network = Network(status="ok", timeout_s=3.0, endpoints=[
        _probe("github_releases", "default", "https://github.com", "dns"),
        _probe("huggingface", "default", "https://huggingface.co", "proxy", proxy="http://proxy:3128",
               error="the proxy refused CONNECT huggingface.co:443 with HTTP 403"),
        _probe("pypi", "default", "https://pypi.org/simple", "proxy", proxy="http://proxy:3128", error="refused"),
        _probe("pypi", "mirror", "https://pypi.tuna.tsinghua.edu.cn/simple", "tls",
               error="certificate verify failed: self-signed certificate in certificate chain")])
    facts.env.hf_endpoint = "https://hf-mirror.com"
    facts.env.proxies = {"HTTPS_PROXY": True}
    facts.python.distributions = [Distribution(name="ultralytics", version="8.4.190"),
                                  Distribution(name="hf_xet", version="1.2.0")]
    args = ["check", "network", "--facts", _facts_file(tmp_path, facts), "--format", "json"]
    english, chinese = _both(args, _env())
    pairs = {a["id"]: (a, b) for a, b in _compare_findings(json.loads(english.stdout), json.loads(chinese.stdout))}
    assert {"YD810", "YD811", "YD812"} <= set(pairs), set(pairs)
    clients_en, clients_zh = pairs["YD810"]
    assert "Workaround: export HF_HUB_DISABLE_XET=1" in clients_en["message"]
    assert "解决办法：export HF_HUB_DISABLE_XET=1，让 huggingface_hub 通过 HF_ENDPOINT 下载完整文件" in clients_zh["message"]
    assert "在设置了 HF_ENDPOINT=https://hf-mirror.com / 代理设置 的情况下" in clients_zh["message"]
    proxy_en, proxy_zh = pairs["YD811"]
    assert "经过 http://proxy:3128 的请求全部在代理处失败" in proxy_zh["message"]
    assert proxy_zh["fix"] == "检查 HTTPS_PROXY；把需要直连的主机加入 NO_PROXY。" and "Check HTTPS_PROXY" in proxy_en["fix"]
    tls_en, tls_zh = pairs["YD812"]
    assert tls_zh["message"] == "pypi.tuna.tsinghua.edu.cn 的证书校验失败。"
    # Evidence keeps its labels and URLs; the words for what happened follow the language.
    assert any("经代理 http://proxy:3128" in e for e in proxy_zh["evidence"])
    assert [e.split(" ")[:2] for e in proxy_en["evidence"]] == [e.split(" ")[:2] for e in proxy_zh["evidence"]]


# ------------------------------------------------ apply and rollback on a real venv, in Chinese ---

@pytest.mark.slow
def test_apply_verify_and_rollback_speak_chinese(venv, tmp_path, local_index):
    """The CPU-only-torch-on-a-GPU machine fixed and rolled back with --lang zh-CN: real pip from the loopback
    index; the same commands as the English dry run, and every progress line in Chinese."""
    env = isolated_env(tmp_path)
    configure_index(venv, local_index.url + "/simple/")
    python = venv_python(venv)
    pip_install(python, env, "--index-url", local_index.url + "/whl/cpu", "torch==2.4.1+cpu", "torchvision==0.19.1+cpu")
    env = _env(present_gpu_machine(tmp_path, env))
    before = freeze(python, env)
    fix = ["fix", "--python", python, "--torch-index", local_index.url + "/whl"]
    english, chinese = _both(fix, env)
    assert _plan_lines(english.stdout, "run: ") == _plan_lines(chinese.stdout, "运行：") != []
    assert "正在针对目标环境逐项解析安装" in chinese.stdout and "改动：torch: 2.4.1+cpu -> 2.4.1+cu124" in chinese.stdout

    applied = _run([*fix, "--yes", "--lang", "zh-CN"], env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    out = applied.stdout
    assert "修复计划：" in out and "已保存到" in out and "[1/1] 安装 torch 2.4.1+cu124 (CUDA 12.4)" in out
    assert "正在重新检查……" in out and "修复后检查：一切正常" in out
    assert re.search(r"✓ 已执行 1 项操作；快照 \S+（撤销：yolodoctor rollback \S+）", out), out
    assert "torch==2.4.1+cu124" in freeze(python, env)

    rolled = _run(["rollback", "--python", python, "--yes", "--lang", "zh-CN"], env)
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "✓ 已精确恢复到之前的包集合" in rolled.stdout and "restored the exact" not in rolled.stdout
    assert freeze(python, env) == before
    again = _run(["rollback", "--python", python, "--yes", "--lang", "zh-CN"], env)
    assert again.returncode == exitcodes.USAGE and "这个快照已经回滚过了" in again.stderr, again.stderr


def test_a_broken_plan_file_is_refused_in_chinese(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text("{ not json", encoding="utf-8")
    wrong = tmp_path / "other.json"
    wrong.write_text(json.dumps({"schema": "something/else"}), encoding="utf-8")
    env = _env(HOME=str(tmp_path), YOLODOCTOR_DATA_DIR=str(tmp_path / "data"))
    for path, english_words, chinese_words in ((bad, "not valid JSON", "不是有效的 JSON"),
                                               (wrong, "not a yolodoctor plan", "不是 yolodoctor 的计划")):
        english, chinese = _both(["fix", "--plan", str(path)], env)
        assert english.returncode == exitcodes.DATA, english.stderr
        assert english_words in english.stderr and chinese_words in chinese.stderr, (english.stderr, chinese.stderr)
        assert str(path) in chinese.stderr
