"""zh-CN outside the rules: `--help`, the check's area lines and paste summary, reports, profiles, smoke,
errors. Each test renders real commands or recorded results in Chinese and checks that the commands,
option names and machine output are the same as in English."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from yolodoctor import exitcodes, i18n

FIXTURES = Path(__file__).parent / "fixtures"
CJK = re.compile(r"[\u4e00-\u9fff]")
OPTION = re.compile(r"(?<![\w-])--?[a-zA-Z][\w-]*")


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("YOLODOCTOR_LANG", *i18n.LOCALE_VARS)}
    env.update(values)
    return env


ZH = _env(LANG="zh_CN.UTF-8", COLUMNS="100")
EN = _env(LANG="en_US.UTF-8", COLUMNS="100")


def _command_tree():
    import typer.main

    from yolodoctor.cli import app

    return typer.main.get_command(app)


# ----------------------------------------------------------------------------------- --help ---

def test_every_help_text_has_a_zh_cn_entry():
    """Lists each help text of the command tree (command or option) that help.toml lacks."""
    from yolodoctor.help_text import FRAME, help_texts

    texts = help_texts(_command_tree())
    assert len(texts) > 80 and any(where == "yolodoctor check --from" for where, _ in texts)
    catalogue = i18n.catalogue()
    missing = sorted({f"{where}: {text!r}" for where, text in texts if text not in catalogue} |
                     {f"(click) {text!r}" for text in FRAME if text not in catalogue})
    assert not missing, f"{len(missing)} help text(s) lack a zh-CN entry:\n" + "\n".join(missing)


def test_help_translation_keeps_commands_and_code_spans():
    from test_i18n import _code_words
    from yolodoctor.help_text import help_texts

    catalogue = i18n.catalogue()
    problems = []
    for where, english in help_texts(_command_tree()):
        chinese = catalogue.get(english, "")
        lost = sorted(w for w in _code_words(english) | set(OPTION.findall(english)) if w not in chinese)
        if lost:
            problems.append(f"{where}: {', '.join(lost)} missing from {chinese!r}")
        if not CJK.search(chinese):
            problems.append(f"{where}: not Chinese: {chinese!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("command", ["", "check", "facts", "fix", "history", "rollback", "smoke", "fleet", "profiles",
                                     "report", "rules", "explain", "knowledge"])
def test_help_in_chinese_for_every_command(cli, command):
    from yolodoctor.help_text import help_texts

    args = [command] if command else []
    zh = cli(*args, "--help", env=ZH)
    en = cli(*args, "--help", "--lang", "en", env=ZH)
    assert zh.returncode == en.returncode == 0, zh.stderr
    assert zh.stdout.startswith("用法：yolodoctor") and en.stdout.startswith("Usage: yolodoctor")
    # The command's own help, in Chinese, heads the page; every option's help is Chinese.
    tree = _command_tree()
    node = tree.commands[command] if command else tree
    own = i18n.catalogue()[node.help]
    flat = " ".join(zh.stdout.split())
    assert " ".join(own.split("\n\n")[0].split())[:20] in flat
    assert "\n选项：\n" in zh.stdout and "显示本帮助并退出。" in zh.stdout
    assert "Show this message and exit." not in zh.stdout
    for _, text in help_texts(node):
        assert text.split(".")[0][:30] not in flat or CJK.search(text), text  # no English help left
    # The same options, in the same order, with the same metavars.
    opts = lambda out: re.findall(r"^  (-[^\s].*?)(?:  |$)", re.split(r"^(?:Options:|选项：)$", out, flags=re.M)[1], re.M)
    assert opts(zh.stdout) == opts(en.stdout)
    assert [c for c in re.findall(r"^  ([a-z]+)  ", zh.stdout, re.M)] == re.findall(r"^  ([a-z]+)  ", en.stdout, re.M)


def test_help_by_lang_option_and_by_variable(cli):
    by_option = cli("--help", "--lang", "zh-CN", env=EN)
    by_variable = cli("check", "--help", env=_env(YOLODOCTOR_LANG="zh-CN", COLUMNS="100"))
    assert "诊断、修复并验证 PyTorch / CUDA / YOLO 环境。" in by_option.stdout
    assert "诊断当前环境" in by_variable.stdout and "--from FILE" in by_variable.stdout


def test_english_help_does_not_load_the_catalogue():
    """Start-up: the English run neither walks the command tree nor reads messages/zh-CN/*.toml."""
    import subprocess

    code = ("import sys, yolodoctor.i18n as i18n\n"
            "from yolodoctor.cli import main\n"
            "rc = main(['check', '--help'])\n"
            "sys.stdout.flush()\n"
            "sys.stderr.write(f'rc={rc} loaded={i18n._catalogue is not None} '\n"
            "                 f'walked={\"yolodoctor.help_text\" in sys.modules}\\n')\n")
    en = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=EN, timeout=60)
    zh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ZH, timeout=60)
    assert "rc=0 loaded=False walked=False" in en.stderr, en.stderr
    assert "rc=0 loaded=True walked=True" in zh.stderr, zh.stderr


def test_usage_errors_in_chinese_keep_the_exit_code(cli):
    for args, english, chinese in [
        (["check", "--bogus"], "No such option: --bogus", "没有这个选项：--bogus"),
        (["chek"], "No such command 'chek'. Did you mean 'check'?", "没有这个命令：'chek'。是不是想输入 'check'？"),
        (["explain"], "Missing argument 'ID'.", "缺少参数 'ID'。"),
        (["check", "--format"], "Option '--format' requires an argument.", "选项 '--format' 需要一个参数值。"),
        (["fleet"], "choose one of --from PATH..., --slurm or --ray [ADDRESS]", "--slurm 或 --ray [ADDRESS] 中选择一个"),
        (["fix", "--installer", "conda"], "--installer must be auto, pip or uv, not 'conda'", "只能是 auto、pip 或 uv"),
        (["profiles", "yolov5"], "unknown profile 'yolov5'; known profiles: yolov8", "没有名为 'yolov5' 的 profile"),
    ]:
        en, zh = cli(*args, env=EN), cli(*args, env=ZH)
        assert en.returncode == zh.returncode == exitcodes.USAGE, (args, en.stderr, zh.stderr)
        assert english in en.stderr and chinese in zh.stderr, (en.stderr, zh.stderr)
        assert "Traceback" not in zh.stderr


# ------------------------------------------------------------------------- check in Chinese ---

def _fix_commands(out: str) -> list[str]:
    """The lines a reader copies: indented commands under a fix, and `yolodoctor explain ...`."""
    command = re.compile(r"(?:[A-Z_]+=\S+ )*(?:/\S+/)?(?:python3?|pip3?|sudo|docker|yolodoctor|uv|conda) ")
    return [line.strip() for line in out.splitlines()
            if (line.startswith("      ") or line.startswith("  yolodoctor ")) and command.match(line.strip())]


def test_check_from_a_real_report_in_chinese(cli):
    """A flash-attn ABI error pasted from a public issue (reports/010): the area line, the paste summary
    and the facts it lacks speak Chinese; the fix commands are the English run's."""
    report = str(FIXTURES / "reports" / "010-neurips-flash-attn-undefined-symbol.txt")
    zh, en = cli("check", "--from", report, env=ZH), cli("check", "--from", report, env=EN)
    assert zh.returncode == en.returncode == exitcodes.ERRORS
    assert "import error: flash_attn_2_cuda" in en.stdout
    assert "导入报错：flash_attn_2_cuda" in zh.stdout and "import error" not in zh.stdout
    assert "第 3 行：文件路径" in zh.stdout and "第 3 行：报错 flash-attn-undefined-symbol（确定）" in zh.stdout
    flat = "".join(zh.stdout.split())
    assert "粘贴内容中缺少的信息：NVIDIA驱动版本，驱动支持的最高CUDA版本，显卡型号" in flat
    assert "NVIDIA driver version" not in zh.stdout and "file paths" not in zh.stdout
    assert "从粘贴内容中读到（共 3 行）：" in zh.stdout and "Read from the paste (3 lines):" in en.stdout
    assert _fix_commands(zh.stdout) == _fix_commands(en.stdout) and _fix_commands(en.stdout)
    # The JSON keeps English keys, ids and the reader's labels; it says its language.
    zh_doc = json.loads(cli("check", "--from", report, "--format", "json", env=ZH).stdout)
    en_doc = json.loads(cli("check", "--from", report, "--format", "json", env=EN).stdout)
    assert zh_doc["language"] == "zh-CN" and en_doc["language"] == "en"
    assert [f["id"] for f in zh_doc["findings"]] == [f["id"] for f in en_doc["findings"]]
    flash = next(a for a in zh_doc["areas"] if a["area"] == "flash_attn")
    assert flash["summary"].startswith("导入报错：")


def test_check_facts_area_lines_and_markdown_in_chinese(cli):
    facts = str(FIXTURES / "facts" / "v100-pair-cu130-many-problems.json")
    zh, en = cli("check", "--facts", facts, "-v", env=ZH), cli("check", "--facts", facts, "-v", env=EN)
    assert zh.returncode == en.returncode == exitcodes.ERRORS
    assert "docker 容器；/dev/shm 1.0 GiB；内存可用 48.0 GiB" in zh.stdout
    assert "docker container; /dev/shm 1.0 GiB; RAM 48.0 GiB free" in en.stdout
    assert "（算力 7.0，可用显存 24276/24576 MiB）" in zh.stdout and "(compute 7.0, 24276/24576 MiB free)" in en.stdout
    assert _fix_commands(zh.stdout) == _fix_commands(en.stdout) and _fix_commands(en.stdout)
    markdown = cli("check", "--facts", facts, "--format", "markdown", env=ZH).stdout
    assert "| | 领域 | |" in markdown and "**修复**" in markdown and "<details><summary>事实</summary>" in markdown
    english = cli("check", "--facts", facts, "--format", "markdown", env=EN).stdout
    assert "| | Area | |" in english and "**Fix**" in english
    # The facts block is machine output: the same in both.
    block = lambda text: text[text.index("```json"):]
    assert block(markdown) == block(english)


def test_github_job_summary_in_chinese_annotations_in_english(cli, tmp_path):
    facts = str(FIXTURES / "facts" / "v100-pair-cu130-many-problems.json")
    summary_zh, summary_en = tmp_path / "zh.md", tmp_path / "en.md"
    zh = cli("check", "--facts", facts, "--format", "github", env={**ZH, "GITHUB_STEP_SUMMARY": str(summary_zh)})
    en = cli("check", "--facts", facts, "--format", "github", env={**EN, "GITHUB_STEP_SUMMARY": str(summary_en)})
    assert zh.returncode == en.returncode == exitcodes.ERRORS
    text = summary_zh.read_text(encoding="utf-8")
    assert text.startswith("## yolodoctor 预检：✗ 未通过（2 个错误，3 个警告，退出码 2）")
    assert "| 领域 | 状态 | 概况 | 诊断 |" in text and "失败阈值 `warning`" in text
    assert summary_en.read_text(encoding="utf-8").startswith("## yolodoctor pre-flight: ✗ failed (2 errors, 3 warnings")
    ids = lambda out: re.findall(r"^::(?:error|warning|notice)[^:]*title=(YD\d+)", out, re.M)
    assert ids(zh.stdout) == ids(en.stdout) and ids(en.stdout)


def test_facts_report_in_chinese(cli):
    facts = str(FIXTURES / "facts" / "v100-pair-cu130-many-problems.json")
    zh = cli("report", "--facts", facts, env=ZH).stdout
    en = cli("report", "--facts", facts, env=EN).stdout
    assert "## 环境报告（yolodoctor）" in zh and "### 诊断结果" in zh and "NVIDIA 驱动" in zh
    assert "## Environment report (yolodoctor)" in en
    # what `check --from` reads back is untouched by the language
    block = lambda text: text[text.index("```json"):]
    assert block(zh) == block(en)
    back = cli("check", "--from", "-", "--format", "json", env=EN, input=zh)
    assert back.returncode == exitcodes.ERRORS
    assert json.loads(back.stdout)["facts"]["torch"]["version"] == "2.14.1+cu130"


# ----------------------------------------------------------------------------- profiles ---

def test_profiles_in_chinese(cli):
    zh, en = cli("profiles", env=_env(LANG="zh_CN.UTF-8", COLUMNS="160")), cli("profiles", env=_env(COLUMNS="160"))
    assert zh.returncode == en.returncode == 0
    assert "工作负载 profile（yolodoctor check --profile NAME）" in zh.stdout
    row = next(l for l in zh.stdout.splitlines() if l.strip().startswith("yolov12 "))
    assert "推荐（>= 8.0）" in row and "分支，内置 8.3.63" in row and "==2.2.2" in row
    names = lambda out: [l.split()[0] for l in out.splitlines() if re.match(r"^ [a-z0-9.-]+ ", l) and ">=" in l]
    assert names(zh.stdout) == names(en.stdout) and "multi-gpu-train" in names(en.stdout)

    one = cli("profiles", "yolov12", env=ZH).stdout
    flat = "".join(one.split())  # wrapped at 100 columns
    assert "YOLOv12研究分支" in flat and "没有flash-attn时" in flat and "普通PyTorch注意力实现" in flat
    assert "flash_attn-2.7.3+cu11torch2.2cxx11abiFALSE-cp311-cp311-linux_x86_64.whl" in one
    zh_doc = json.loads(cli("profiles", "yolov12", "--format", "json", env=ZH).stdout)
    en_doc = json.loads(cli("profiles", "yolov12", "--format", "json", env=EN).stdout)
    assert zh_doc["language"] == "zh-CN" and en_doc["language"] == "en"
    doc = zh_doc["profiles"][0]
    assert doc["description"].startswith("YOLOv12 研究分支") and "description_zh" not in doc
    assert doc["flash_attn"] == "recommended" and doc["flash_attn_min_capability"] == "8.0"  # values stay
    doc = en_doc["profiles"][0]
    assert doc["description"].startswith("YOLOv12 research fork") and "notes_zh" not in doc


def test_every_profile_has_its_chinese_texts():
    from test_i18n import _code_words
    from yolodoctor.profiles import load_profiles

    problems = []
    for profile in load_profiles():
        for key in ("description", "flash_attn_fallback", "notes"):
            english, chinese = getattr(profile, key), getattr(profile, f"{key}_zh")
            if english and not chinese:
                problems.append(f"{profile.name}: no {key}_zh")
            elif english:
                lost = sorted(w for w in _code_words(english) if w not in chinese)
                if lost or not CJK.search(chinese):
                    problems.append(f"{profile.name} {key}_zh: lost {lost} or not Chinese")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------ rules' severity ---

def test_context_dependent_severities_in_chinese():
    from yolodoctor.diagnose.engine import checked_catalogue
    from yolodoctor.knowledge.rules import severity_text

    root = Path(__file__).resolve().parent.parent
    english = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    chinese = (root / "docs" / "rules.zh-CN.md").read_text(encoding="utf-8")
    marked = lambda page: re.findall(r"^\| \[(YD\d+)\]\(#yd\d+\) \| \w+\* \|", page, re.M)
    assert marked(chinese) == marked(english) and len(marked(english)) >= 10
    for rule in checked_catalogue():
        if rule.severity_when:
            text = severity_text(rule, "zh-CN")
            assert CJK.search(text) and text.endswith(f"其他情况为 {rule.severity}"), rule.id
            assert severity_text(rule, "en") == rule.severity_text


# -------------------------------------------------------------------------------- smoke ---

def _recorded(name: str):
    from yolodoctor.diagnose.model import Finding
    from yolodoctor.smoke.model import Check, SmokeReport, StageResult

    data = json.loads((FIXTURES / "smoke" / name).read_text(encoding="utf-8"))
    stages = tuple(StageResult(s["name"], s["device"], s["status"], s["seconds"], s["detail"], error=s["error"],
                               finding=s["finding"], checks=tuple(Check(**c) for c in s["checks"]),
                               warnings=tuple(s["warnings"]), data=s["data"]) for s in data["stages"])
    findings = tuple(Finding(**{**f, **{k: tuple(f[k]) for k in ("evidence", "references", "explains")},
                                "folded": ()}) for f in data["findings"])
    return SmokeReport(python=data["python"], level=data["level"], device_spec=data["device"], stages=stages,
                       findings=findings, torch=data["torch"], seconds=data["summary"]["seconds"])


def _render(report, language: str, verbose: bool = False) -> str:
    from yolodoctor.smoke.render import report_text

    try:
        i18n.set_language(language)
        return report_text(report, verbose)
    finally:
        i18n.set_language(None)


def test_smoke_render_of_recorded_results_in_chinese():
    passed = _render(_recorded("cpu-quick-pass.json"), "zh-CN")
    assert "2 个线程，内存分配和矩阵乘法结果正确" in passed
    assert "torchvision 0.29.1+cu130：nms、batched_nms、roi_align 在 cpu 上结果正确" in passed
    assert passed.rstrip().endswith("运行的各阶段全部通过") and "threads" not in passed

    nan = _recorded("cpu-amp-nan.json")
    zh, en = _render(nan, "zh-CN"), _render(nan, "en")
    assert "在 cpu 上用 autocast bfloat16 时网络输出出现 NaN/Inf" in zh
    assert "YDS118 [other]" in zh and "YDS118 [other]" in en  # ids and categories stay
    assert "混合精度（AMP）产生 NaN/Inf 或错误的数值" in zh and "amp=False" in zh
    assert "Mixed precision (AMP) produces NaN/Inf or wrong values" in en and "修复" not in en
    # the same stages, marks and finding ids in both languages
    marks = lambda text: re.findall(r"^ ([✓✗-]) (\w+(?: \[[\w:,]+\])?)", text, re.M)
    assert marks(zh) == marks(en) and ("✗", "model [cpu]") in marks(en)

    missing = _render(_recorded("no-torch.json"), "zh-CN")
    assert "导入 torch 失败：ModuleNotFoundError: No module named 'torch'" in missing
    assert missing.count("无法导入 torch（见 device 阶段）") == 7
    assert "`yolodoctor fix`" in missing and "这个解释器中没有安装 torch" in missing


def test_smoke_json_keeps_the_english_lines():
    from yolodoctor.smoke.render import report_dict

    report = _recorded("cpu-amp-nan.json")
    try:
        i18n.set_language("zh-CN")
        data = report_dict(report)
    finally:
        i18n.set_language(None)
    assert data["stages"][1]["detail"].startswith("NaN/Inf in the network output under autocast")
    assert data["findings"][0]["title"] == "Mixed precision (AMP) produces NaN/Inf or wrong values"


def test_every_smoke_signature_has_its_chinese_texts():
    from test_i18n import CODE_SPAN, _code_words
    from yolodoctor.smoke.signatures import load_signatures

    problems = []
    for signature in load_signatures():
        for key in ("title", "explanation", "fix"):
            english, chinese = getattr(signature, key), signature.text(key, "zh-CN")
            if chinese == english or not CJK.search(chinese):
                problems.append(f"{signature.id}: no Chinese {key}")
                continue
            lost = sorted(w for w in _code_words(english) if w not in chinese)
            if lost or sorted(CODE_SPAN.findall(english)) != sorted(CODE_SPAN.findall(chinese)):
                problems.append(f"{signature.id} {key}_zh: commands differ ({lost})")
    assert not problems, "\n".join(problems)


def test_smoke_progress_lines_in_chinese():
    import io

    from yolodoctor.smoke.plan import Job
    from yolodoctor.smoke.progress import PlainProgress

    report = _recorded("cpu-amp-nan.json")
    out = {}
    for language in ("en", "zh-CN"):
        stream = io.StringIO()
        try:
            i18n.set_language(language)
            progress = PlainProgress(stream)
            progress.begin(Job("model", "cpu", 180.0), 2, 2)
            progress.end(report.stages[1])
        finally:
            i18n.set_language(None)
        out[language] = stream.getvalue()
    assert out["en"] == "smoke: [2/2] model [cpu] running (limit 180 s)\nsmoke: model [cpu]: fail (2.9 s)\n"
    assert out["zh-CN"] == "smoke：[2/2] model [cpu] 运行中（上限 180 秒）\nsmoke：model [cpu]：失败（2.9 秒）\n"


def test_chinese_help_fits_80_columns(cli):
    """Every help page in Chinese at COLUMNS=80: no line wider than 80 terminal columns (a Chinese
    character takes two), and a command named in a help text is never split."""
    from yolodoctor.copytext import display_width

    env = _env(LANG="zh_CN.UTF-8", COLUMNS="80")
    pages = [cli(*([c] if c else []), "--help", env=env).stdout for c in ("", "check", "fix", "fleet", "smoke", "report")]
    for page in pages:
        assert "用法：" in page
        for line in page.splitlines():
            assert display_width(line) <= 80, line
    for command in ("`yolodoctor smoke --level quick`", "yolodoctor facts --format json"):
        start = " ".join(command.strip("`").split()[:2])  # "yolodoctor smoke"
        lines = [line for line in pages[1].splitlines() if start in line]
        assert lines and all(command in line for line in lines), (command, lines)  # on one line, whole


def test_health_stage_and_findings_in_chinese():
    """The health stage assessed as on a slow, throttling H100 with a narrow PCIe link, ECC errors and an Xid
    (the figures a stage reports; the real datasheet table): the stage line and the findings' titles,
    messages and fixes in Chinese, the numbers and commands unchanged, the JSON English."""
    from test_i18n import _code_words
    from yolodoctor.knowledge.files import load_compat_table
    from yolodoctor.smoke.health import load_health
    from yolodoctor.smoke.health_run import assess
    from yolodoctor.smoke.model import SmokeReport, StageResult
    from yolodoctor.smoke.render import report_dict

    data = load_health()
    for entry in data.findings.values():
        assert CJK.search(entry["title_zh"] + entry["explanation_zh"] + entry["fix_zh"]), entry["id"]
        assert not [w for w in _code_words(entry["fix"]) if w not in entry["fix_zh"]], entry["id"]
    measured = {"name": "NVIDIA H100 80GB HBM3", "fp16_tflops": 210.0, "bf16_tflops": 213.0, "fp32_tflops": 15.0,
                "memory_bandwidth_gbs": 870.0, "h2d_gbs": 15.0, "d2h_gbs": 15.6}
    nvml = {"available": True, "throttle_mask_busy": 0x4 | 0x40, "temperature_c_max": 91, "xid_events": [79],
            "ecc_volatile_uncorrected": 3,
            "pcie": {"max_generation": 5, "max_width": 16, "busy_generation_min": 5, "busy_width_min": 8}}
    line = "fp16 210, bf16 213, fp32 15.0 TFLOP/s; memory 870 GB/s; pinned H2D 15.0 / D2H 15.6 GB/s"
    stage = StageResult("health", "cuda:0", "pass", 40.0, line, data={"measured": measured})
    result, findings = assess(stage, {}, nvml, load_compat_table("gpus.toml", "gpu", ("name", "name_patterns")))
    assert [f.id for f in findings] == ["YDS201", "YDS202", "YDS203", "YDS204", "YDS205"]
    report = SmokeReport(python="/venv/bin/python", level="full", device_spec="cuda:0", stages=(result,),
                         findings=tuple(findings), torch={"version": "2.14.1", "cuda": "13.0"}, seconds=40.0)
    zh, en = _render(report, "zh-CN"), _render(report, "en")
    assert "against NVIDIA H100 SXM5: float16 matmul 21%" in en
    assert "对照 NVIDIA H100 SXM5 的规格：float16 矩阵乘法 21%" in zh and "锁页内存 H2D 15.0 / D2H 15.6 GB/s" in zh
    assert "health [cuda:0]：NVIDIA H100 80GB HBM3 只达到：float16 矩阵乘法：210.0 TFLOP/s，为规格值 989 的 21%" in zh
    assert "硬件过热降频" in zh and "负载下链路为 Gen5 x8" in zh and "驱动加载以来 3 个不可纠正的 ECC 错误" in zh
    assert "smoke 运行期间出现 Xid 79" in zh and "显卡性能远低于其规格表数值" in zh
    assert "nvidia-smi -q -d PERFORMANCE,CLOCK" in zh and "nvidia-smi -q -d PERFORMANCE,CLOCK" in en
    for english in ("reaches", "during the smoke run", "under load", "uncorrectable", "against"):
        assert english in en and english not in zh, english
    try:
        i18n.set_language("zh-CN")
        data = report_dict(report)
    finally:
        i18n.set_language(None)
    assert data["findings"][0]["message"].startswith("health [cuda:0]: NVIDIA H100 80GB HBM3 reaches")


def test_notes_of_a_paste_in_chinese(cli):
    """A real report with two environments in one paste (reports/ with the note): the note in Chinese,
    the JSON's note English."""
    reports = sorted((FIXTURES / "reports").glob("*.txt"))
    for report in reports:
        en = cli("check", "--from", str(report), env=EN)
        if "the paste shows more than one environment" in en.stdout:
            break
    else:
        pytest.skip("no report with several environments")
    zh = cli("check", "--from", str(report), env=ZH)
    assert "粘贴内容里有不止一个环境" in zh.stdout and "more than one environment" not in zh.stdout
    doc = json.loads(cli("check", "--from", str(report), "--format", "json", env=ZH).stdout)
    assert any("more than one environment" in note for note in doc["triage"]["notes"])


def test_rules_table_titles_in_chinese(cli):
    zh, en = cli("rules", env=ZH).stdout.splitlines(), cli("rules", env=EN).stdout.splitlines()
    assert zh[0].split() == ["编号", "级别", "领域", "类别", "标题"] and en[0].split()[:4] == ["id", "severity", "area",
                                                                                          "category"]
    ids = lambda lines: [line.split()[:4] for line in lines if re.match(r"YD\d+ ", line)]
    assert ids(zh) == ids(en) and len(ids(en)) > 80
    from yolodoctor.copytext import display_width

    column = lambda line, text: display_width(line[:line.index(text)])
    assert column(zh[1], "error") == column(zh[0], "级别") == 8  # aligned under the titles (two columns a character)


def test_fleet_in_chinese(cli, tmp_path):
    """Four nodes' check reports (made by the real CLI from facts fixtures) judged as one fleet: the verdict,
    drift and group lines in Chinese; node names, rule ids and the JUnit case names the same as in English."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for node, fixture in (("gpu01", "docker-shm-64m-healthy-gpu"), ("gpu02", "docker-shm-64m-healthy-gpu"),
                          ("gpu03", "driver-470-torch-cu124"), ("gpu04", "cpu-torch-on-gpu-with-flash-attn")):
        made = cli("check", "--facts", str(FIXTURES / "facts" / f"{fixture}.json"), "--format", "json", env=EN)
        (reports / f"{node}.json").write_text(made.stdout, encoding="utf-8")
    zh, en = cli("fleet", "--from", str(reports), env=ZH), cli("fleet", "--from", str(reports), env=EN)
    assert zh.returncode == en.returncode == exitcodes.ERRORS, zh.stderr
    assert en.stdout.startswith("fleet (files): errors — 4 of 4 nodes answered")
    assert zh.stdout.startswith("集群（files）：有错误——4 个节点中 4 个有响应")
    assert "各节点的诊断结果：" in zh.stdout and "Findings across nodes:" in en.stdout
    ids = lambda out: re.findall(r"\b(YD\d+)\b", out)
    nodes = lambda out: re.findall(r"\bgpu0\d\b", out)
    assert ids(zh.stdout) == ids(en.stdout) and nodes(zh.stdout) == nodes(en.stdout) and ids(en.stdout)
    markdown = cli("fleet", "--from", str(reports), "--format", "markdown", env=ZH).stdout
    assert "### 各节点的诊断结果" in markdown
    junit_zh = cli("fleet", "--from", str(reports), "--format", "junit", env=ZH).stdout
    junit_en = cli("fleet", "--from", str(reports), "--format", "junit", env=EN).stdout
    assert re.findall(r'testcase [^>]*name="([^"]+)"', junit_zh) == re.findall(r'testcase [^>]*name="([^"]+)"', junit_en)


def test_smoke_checks_in_chinese_with_verbose():
    """-v lists every check of every stage: their names and results in Chinese, the numbers as recorded."""
    zh = _render(_recorded("cpu-quick-pass.json"), "zh-CN", verbose=True)
    en = _render(_recorded("cpu-quick-pass.json"), "en", verbose=True)
    assert "✓ matmul 256x256 against float64: max relative error 3.22e-07" in en
    assert "✓ 256x256 矩阵乘法，对照 float64：最大相对误差 3.22e-07" in zh
    assert "✓ 对 500 个框做 nms：保留了 500 个中的 401 个" in zh and "- flash-attn 的 kernel：没有安装 flash-attn" in zh
    assert "✓ 分配并填充 16 MiB\n" in zh  # a check without a result line
    numbers = lambda text: re.findall(r"\d+(?:\.\d+)?(?:e-\d+)?", text.split("\n", 1)[1])
    assert sorted(numbers(zh)) == sorted(numbers(en))
