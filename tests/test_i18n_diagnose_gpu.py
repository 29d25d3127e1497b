"""The GPU side of the diagnosis in zh-CN: driver, torch, flash-attn, CUDA toolkit, cuDNN, TensorRT,
torchvision, container and system findings (yolodoctor/diagnose/*.py, messages/zh-CN/diagnose-gpu.toml).

Saved facts, real pasted reports and scenario machines go through the real `yolodoctor check` twice, in
English and in Chinese: the same findings, each message and fix of these rules in Chinese, and the same
commands, evidence labels and data in both."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yolodoctor import i18n
from yolodoctor.diagnose.evidence import and_list, ev, gib, torch_label

FIXTURES = Path(__file__).parent / "fixtures"
# The rules these modules own: YD1xx driver, YD2xx torch and CUDA toolkit, YD30x cuDNN and torchvision,
# YD4xx flash-attn, YD5xx TensorRT, YD70x system, YD710-711 containers.
GPU_RULE = re.compile(r"^YD(1[01]\d|20\d|21\d|30\d|40\d|50\d|70\d|71[01])$")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A line of a fix that is a command to copy: indented, and starting with a program or a VAR=value.
COMMAND_LINE = re.compile(r"^\s{2,}(\S*/)?(yolodoctor|python[\d.]*|pip[\d.]*|docker|podman|kubectl|export|sudo|"
                          r"nvidia-smi|conda|[A-Z][A-Z0-9_]*=\S+) ")
# Words of code inside prose: flags, variables, paths, pins, calls (what a reader copies, never translates).
CODE_WORD = re.compile(r"(?<![\w./-])(--?[a-z][\w-]*(?:=\S+)?|[A-Z][A-Z0-9_]{2,}=[^\s,;)]+|/[\w.*/-]+[\w*]|"
                       r"[\w.-]+==[\w.+-]+|[\w.]+\(\))")
# Data values that are prose (why a build is needed, what is missing for it): they follow the language like
# the message. Every other data value is the same in both languages.
PROSE_DATA = {"build_needed", "reason", "missing"}

FACTS = sorted(p.name for p in (FIXTURES / "facts").glob("*.json"))
REPORTS = [
    "004-cluster-nvml-mismatch-unattended-upgrade.txt",  # YD103 (and YD104 inside it)
    "010-neurips-flash-attn-undefined-symbol.txt",  # YD403 with no torch version in the paste
    "014-pytorch-libcudnn9-lib64-venv.txt",  # YD304, YD203
    "016-sdnext-torch-cu121-torchvision-cu124.txt",  # YD301
    "026-embodiedocc-cuda-122-vs-torch-113-build.txt",  # YD210
    "033-jupyterlab-ipython-different-python-no-torch.txt",  # YD201
    "039-nccl-tests-hang-small-dev-shm.txt",  # YD702
    "073-tensorrtx-libnvinfer8-python.txt",  # YD503
    "211-mmcv-3217-cuda-home-pip-nvidia-dir.txt",  # YD211
    "225-pytorch-1040-cuda-visible-devices-2.txt",  # YD106
]


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("YOLODOCTOR_LANG", *i18n.LOCALE_VARS)}
    env.update(values)
    return env


def _findings(document: dict) -> list[dict]:
    """Every finding, those folded inside a root cause included, in report order."""
    out = []
    for finding in document["findings"]:
        out.append(finding)
        out.extend(finding.get("explained", []))
    return out


def _commands(fix: str) -> list[str]:
    return [line.strip() for line in (fix or "").splitlines() if COMMAND_LINE.match(line)]


def _code_words(text: str) -> set[str]:
    return {word.rstrip(".,:;") for word in CODE_WORD.findall(text or "")}


QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")
ENGLISH_RUN = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b")


def _english_left(english: dict, chinese: str) -> list[str]:
    """Runs of three or more English words of the English message that the Chinese still contains,
    leaving out what the message quotes (an error message, a setting) and the facts it cites."""
    values = " ".join(english["evidence"]) + " " + " ".join(QUOTED.findall(english["message"]))
    runs = ENGLISH_RUN.findall(QUOTED.sub(" ", english["message"]))
    return [run for run in runs if run in chinese and run not in values]


def _labels(evidence: list[str]) -> list[str]:
    """The labels of "label = value" lines (keys, never translated); a line without one is prose."""
    return [line.split(" = ", 1)[0] if " = " in line else "(prose)" for line in evidence]


def _compare(english: dict, chinese: dict) -> list[str]:
    """The GPU-side findings of one check in both languages; returns the ids compared."""
    assert english["language"] == "en" and chinese["language"] == "zh-CN"
    en, zh = _findings(english), _findings(chinese)
    assert [(f["id"], f["category"], f["severity"], f["certainty"]) for f in en] == \
        [(f["id"], f["category"], f["severity"], f["certainty"]) for f in zh]
    compared = []
    for e, z in zip(en, zh):
        if not GPU_RULE.match(e["id"]):
            continue
        compared.append(e["id"])
        where = f"{e['id']}: {e['message']!r} -> {z['message']!r}"
        assert CJK.search(z["message"]) and not CJK.search(e["message"]), where
        assert z["message"] != e["message"], where
        assert not _english_left(e, z["message"]), f"{where}: English left: {_english_left(e, z['message'])}"
        lost = sorted(w for w in _code_words(e["message"]) if w not in z["message"])
        assert not lost, f"{where}: code lost in the Chinese: {lost}"
        if e["fix"] and e["fix"] != english_rule_fix(e["id"]):  # a fix built in code, not the catalogue's
            assert CJK.search(z["fix"]), f"{e['id']} fix: {z['fix']!r}"
        assert _commands(z["fix"]) == _commands(e["fix"]), f"{e['id']} fix:\n{e['fix']}\n---\n{z['fix']}"
        assert _labels(z["evidence"]) == _labels(e["evidence"]), e["id"]
        keep = lambda data: {k: v for k, v in data.items() if k not in PROSE_DATA}  # noqa: E731
        assert keep(z["data"]) == keep(e["data"]), e["id"]
    return compared


def english_rule_fix(rule_id: str) -> str:
    from yolodoctor.diagnose.engine import checked_catalogue

    return checked_catalogue().get(rule_id).fix


def _check(cli, *args: str) -> tuple[dict, dict]:
    english = cli("check", *args, "--format", "json", env=_env())
    chinese = cli("check", *args, "--format", "json", "--lang", "zh-CN", env=_env())
    assert "Traceback" not in english.stderr + chinese.stderr
    assert english.returncode == chinese.returncode, (english.stderr, chinese.stderr)
    return json.loads(english.stdout), json.loads(chinese.stdout)


@pytest.mark.parametrize("name", FACTS)
def test_saved_facts_speak_chinese_with_the_same_commands(cli, name):
    english, chinese = _check(cli, "--facts", str(FIXTURES / "facts" / name))
    compared = _compare(english, chinese)
    if name.startswith("healthy"):
        assert compared == []
    else:
        assert compared, f"{name}: no finding of these rules to compare"


@pytest.mark.parametrize("name", REPORTS)
def test_pasted_reports_speak_chinese_with_the_same_commands(cli, name):
    english, chinese = _check(cli, "--from", str(FIXTURES / "reports" / name))
    assert _compare(english, chinese), f"{name}: no finding of these rules to compare"


@pytest.mark.parametrize("name, rule_id, english_text", [
    ("010-neurips-flash-attn-undefined-symbol.txt", "YD403", "than the installed torch (version unknown):"),
    ("026-embodiedocc-cuda-122-vs-torch-113-build.txt", "YD210", "is CUDA 12, torch (version unknown) is built with"),
])
def test_a_paste_without_torch_version_names_no_none(cli, name, rule_id, english_text):
    """A paste that never says which torch (only its CUDA, or only that flash-attn fails): no "torch None"."""
    english, chinese = _check(cli, "--from", str(FIXTURES / "reports" / name))
    en = next(f for f in _findings(english) if f["id"] == rule_id)
    zh = next(f for f in _findings(chinese) if f["id"] == rule_id)
    assert "None" not in en["message"] and "None" not in zh["message"]
    assert english_text in en["message"]
    assert "torch（版本未知）" in zh["message"]


def test_the_many_problems_machine_reads_as_chinese_in_the_terminal(cli):
    """The terminal report of a machine with seven problems: the messages of these rules are Chinese
    sentences (no English sentence left), and a Chinese list is joined with 、 and 和."""
    out = cli("check", "--facts", str(FIXTURES / "facts" / "v100-pair-cu130-many-problems.json"),
              env=_env(LANG="zh_CN.UTF-8", COLUMNS="200")).stdout
    assert "需要 sm_70 的 kernel" in out and "一个都没有" in out  # YD205
    assert "TensorRT 10.13.3.9 只支持算力 7.5 及以上" in out  # YD502
    assert "flash-attn 运行时会拒绝它" in out  # YD401
    assert "/dev/shm 只有 1.0 GiB，却有 2 块显卡" in out  # YD702
    assert "的算力更低" in out and " 和 GPU 1 " in out  # and_list in Chinese
    for english in ("is older, so", "needs compute capability", "has none: it was built for",
                    "Restart the container with a larger", "Install a CUDA 13.0 toolkit"):
        assert english not in out, english


def test_container_advice_comes_from_the_table_in_chinese(cli):
    """A container without GPU access: the runtime's advice is compat/containers.toml's Chinese text,
    with the same commands as the English."""
    english, chinese = _check(cli, "--facts", str(FIXTURES / "facts" / "this-machine-docker-cu130-no-gpu.json"))
    en = next(f for f in _findings(english) if f["id"] == "YD104")
    zh = next(f for f in _findings(chinese) if f["id"] == "YD104")
    assert "install the NVIDIA Container Toolkit on the host, then:" in en["fix"]
    assert "安装 NVIDIA Container Toolkit，然后运行：" in zh["fix"]
    assert "在宿主机上（只需一次）" in zh["fix"]
    command = "sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker"
    assert command in en["fix"] and command in zh["fix"]


def test_container_table_chinese_keeps_every_command():
    from yolodoctor.knowledge.files import load_compat_table

    rows = load_compat_table("containers.toml", "runtime")
    translated = 0
    for row in rows:
        for key, english in row.items():
            chinese = row.get(f"{key}_zh")
            if key.endswith("_zh") or chinese is None:
                continue
            translated += 1
            assert CJK.search(chinese), (row["kind"], key)
            words = [w for w in re.findall(r"[\w./:=,{}\[\]*&@+-]+", english)  # prose words with a hyphen are not code
                     if re.search(r"[=/]|^-|^[\w.-]+-[\w.-]+ *$|^[a-z]+\.[a-z]", w)
                     and w not in ("Docker/Podman", "memory-backed", "user-space")]
            lost = [w.strip(".,;:()") for w in words if w.strip(".,;:()") not in chinese]
            assert not lost, (row["kind"], key, lost)
    assert translated >= 12


def test_helpers_in_both_languages():
    try:
        i18n.set_language("zh-CN")
        assert and_list(["a", "b", "c"]) == "a、b 和 c"
        assert and_list(["a", "b"]) == "a 和 b" and and_list(["a"]) == "a" and and_list([]) == ""
        assert torch_label(None) == "torch（版本未知）" and torch_label("2.4.1") == "torch 2.4.1"
        assert ev("torch.version", None) == "torch.version = 未知"
        assert ev("GPUs", []) == "GPUs = 无" and ev("torch.cuda.is_available()", False).endswith("= false")
        assert gib(None) == "未知"
        i18n.set_language("en")
        assert and_list(["a", "b", "c"]) == "a, b and c"
        assert torch_label(None) == "torch (version unknown)"
        assert ev("torch.version", None) == "torch.version = unknown" and ev("GPUs", []) == "GPUs = none"
    finally:
        i18n.set_language(None)


# ---------------------------------------------------------------- scenario machines, built for real ---

SCENARIO_NAMES = [
    "self-built-cu121-torch-on-470-driver",  # YD101, YD212
    "nvidia-smi-hangs",  # YD203, YD102, YD109
    "yolov13-fork-flash-attn-undefined-symbol",  # YD211, YD403
    "kubernetes-pod-without-gpu-resource",  # YD710, YD701
    "nouveau-loaded-instead-of-nvidia",  # YD107, YD109
    "wsl2-windows-driver-too-old-for-cu124",  # YD101 with the Windows driver steps
    "windows-pip-default-cpu-torch-on-rtx3060",  # YD204 on Windows
    "h100-node-torch25-cu124-two-of-eight-visible",  # YD102, YD110
]


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_scenario_machines_speak_chinese_with_the_same_commands(name, tmp_path):
    from tests.harness import NoCompiler, materialise
    from tests.harness.run import REPO
    from tests.scenarios import SCENARIOS

    scenario = next(s for s in SCENARIOS if s.name == name)
    assert not scenario.network
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:  # the fake NVML library is compiled from C
        pytest.skip(str(exc))

    def check(*lang: str) -> dict:
        argv = [sys.executable, "-s", "-m", "yolodoctor", "check", "--format", "json", *m.cli_args(),
                *scenario.args, "--offline", *lang]
        env = {k: v for k, v in m.env.items() if k not in ("YOLODOCTOR_LANG", *i18n.LOCALE_VARS)}
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=180, cwd=str(REPO))
        assert "Traceback" not in proc.stderr, proc.stderr
        return json.loads(proc.stdout)

    english, chinese = check(), check("--lang", "zh-CN")
    compared = _compare(english, chinese)
    assert set(compared) >= {i for i in scenario.expected_findings if GPU_RULE.match(i)}


def test_every_message_gets_exactly_its_placeholders():
    """A tr() call that names a placeholder its message lacks (or forgets one) fails only when that message is
    shown; read every call of these modules instead of waiting for the machine that shows it."""
    import ast

    root = Path(i18n.__file__).parent / "diagnose"
    modules = ("driver", "torch_build", "flash_attn", "cuda_toolkit", "cudnn", "tensorrt", "torchvision",
               "containers", "system", "evidence")
    calls = 0
    for name in modules:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
                calls += 1
                wanted = set(re.findall(r"\{([A-Za-z_]\w*)\}", node.args[0].value))
                assert wanted == {k.arg for k in node.keywords}, f"{name}.py:{node.lineno}"
    assert calls > 150
