"""Language selection (--lang, YOLODOCTOR_LANG, the locale) and the zh-CN catalogues: every message and
every rule has its Chinese text, with the same placeholders and the same commands as the English."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from yolodoctor import exitcodes, i18n
from yolodoctor.diagnose.engine import checked_catalogue
from yolodoctor.knowledge.rules import TRANSLATED

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
CODE_SPAN = re.compile(r"`[^`\n]+`")
# Words of code: flags, variables, paths, URLs, calls, version pins (what a reader copies, never translates).
CODE_WORD = re.compile(r"[A-Za-z0-9_.:/=+<>*'\"@\-\[\]()!,]+")


def _code_words(text: str) -> set[str]:
    words = set()
    for raw in CODE_WORD.findall(text):
        word = raw.strip(".,;:'\"")
        while word.endswith(")") and word.count(")") > word.count("("):
            word = word[:-1].rstrip(".,;:'\"")
        while word.startswith("(") and word.count("(") > word.count(")"):
            word = word[1:]
        if word.startswith("(") and word.endswith(")") and word[1:-1].count("(") == word[1:-1].count(")"):
            word = word[1:-1]  # "(cache=False)": the parentheses are the prose's
        if len(word) < 3 or word.endswith("'s"):
            continue
        if re.search(r"[_=/]|--|\(\)|^-[a-zA-Z]|^[A-Z][A-Z0-9]*_", word):
            words.add(word)
    return words


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("YOLODOCTOR_LANG", *i18n.LOCALE_VARS)}
    env.update(values)
    return env


# ------------------------------------------------------------------ choosing the language ---

@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ({"LANG": "zh_SG.UTF-8"}, "zh-CN"),
    ({"LANG": "zh_Hans"}, "zh-CN"),
    ({"LANG": "zh_TW.UTF-8"}, "en"),  # Traditional Chinese is not spoken: English, not Simplified
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins over LANG, as in POSIX
    ({"LC_MESSAGES": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh-CN"),
    ({"YOLODOCTOR_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ({"YOLODOCTOR_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
    ({"YOLODOCTOR_LANG": "zh_CN"}, "zh-CN"),
])
def test_language_from_environment(environ, expected):
    assert i18n.resolve(None, environ) == expected


def test_lang_option_wins_and_bad_values_are_refused():
    assert i18n.resolve("zh-CN", {"YOLODOCTOR_LANG": "en"}) == "zh-CN"
    assert i18n.resolve("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    with pytest.raises(i18n.LanguageError):
        i18n.resolve("fr", {})
    with pytest.raises(i18n.LanguageError, match="YOLODOCTOR_LANG"):
        i18n.resolve(None, {"YOLODOCTOR_LANG": "klingon"})


@pytest.mark.parametrize("args, rest, value", [
    (["check", "--lang", "zh-CN", "-v"], ["check", "-v"], "zh-CN"),
    (["--lang=en", "rules"], ["rules"], "en"),
    (["facts", "--fast"], ["facts", "--fast"], None),
    (["check", "--from", "-", "--", "--lang", "x"], ["check", "--from", "-", "--", "--lang", "x"], None),
])
def test_lang_option_is_taken_off_the_command_line(args, rest, value):
    assert i18n.take_lang_option(args) == (rest, value)


def test_lang_option_without_value():
    with pytest.raises(i18n.LanguageError):
        i18n.take_lang_option(["check", "--lang"])


def test_cli_explain_speaks_chinese_by_option_by_variable_and_by_locale(cli):
    by_option = cli("explain", "YD204", "--lang", "zh-CN", env=_env())
    by_variable = cli("explain", "YD204", env=_env(YOLODOCTOR_LANG="zh-CN"))
    by_locale = cli("explain", "YD204", env=_env(LANG="zh_CN.UTF-8"))
    english = cli("explain", "YD204", env=_env(LANG="zh_CN.UTF-8", YOLODOCTOR_LANG="en"))
    for result in (by_option, by_variable, by_locale):
        assert result.returncode == 0, result.stderr
        assert "## 修复方法" in result.stdout and "显卡" in result.stdout
        assert result.stdout == by_option.stdout
    assert "## Fix" in english.stdout and "## 修复方法" not in english.stdout


def test_cli_bad_language_is_a_usage_error(cli):
    result = cli("rules", "--lang", "fr", env=_env())
    assert result.returncode == exitcodes.USAGE and "zh-CN" in result.stderr
    result = cli("rules", env=_env(YOLODOCTOR_LANG="fr"))
    assert result.returncode == exitcodes.USAGE and "YOLODOCTOR_LANG" in result.stderr


def test_cli_user_errors_in_chinese(cli):
    result = cli("explain", "YD000", "--lang", "zh-CN", env=_env())
    assert result.returncode == exitcodes.USAGE
    assert result.stderr.startswith("yolodoctor：错误：没有编号为 'YD000' 的规则")


def test_facts_fast_path_keeps_working_with_lang(cli):
    """--lang is taken off before the argparse fast path sees the line (commands/fastpath.py)."""
    result = cli("facts", "--fast", "--format", "json", "--lang", "zh-CN", env=_env())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"].startswith("yolodoctor.facts/")


def test_rules_json_keeps_english_keys_and_says_its_language(cli):
    rules = json.loads(cli("rules", "--area", "torch", "--format", "json", "--lang", "zh-CN", env=_env()).stdout)
    yd204 = next(r for r in rules if r["id"] == "YD204")
    assert yd204["language"] == "zh-CN" and yd204["category"] == "torch_cpu_only" and yd204["severity"] == "error"
    assert yd204["title"] == checked_catalogue().get("YD204").translations["zh-CN"]["title"]


# ---------------------------------------------------------------------- the catalogues ---

def test_every_message_keeps_placeholders_and_commands():
    catalogue = i18n.catalogue()
    assert len(catalogue) > 20
    problems = []
    for english, chinese in catalogue.items():
        if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(chinese)):
            problems.append(f"placeholders differ: {english!r} -> {chinese!r}")
        if sorted(CODE_SPAN.findall(english)) != sorted(CODE_SPAN.findall(chinese)):
            problems.append(f"commands differ: {english!r} -> {chinese!r}")
        if english != chinese and not re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", chinese):
            problems.append(f"not Chinese: {english!r} -> {chinese!r}")
    assert not problems, "\n".join(problems)


def test_tr_fills_placeholders_in_either_language():
    try:
        i18n.set_language("zh-CN")
        assert i18n.tr("yolodoctor: error: {error}", error="x") == "yolodoctor：错误：x"
        assert i18n.tr("a message nobody translated {n}", n=3) == "a message nobody translated 3"
        i18n.set_language("en")
        assert i18n.tr("yolodoctor: error: {error}", error="x") == "yolodoctor: error: x"
    finally:
        i18n.set_language(None)


def test_every_rule_has_its_chinese_texts():
    """Lists exactly the rules that lack a zh-CN title, explanation or fix (add title_zh, explanation_zh,
    fix_zh at the end of the rule's [[rule]] block)."""
    missing = []
    for rule in checked_catalogue():
        zh = rule.translations.get("zh-CN", {})
        lacking = [key for key, field in TRANSLATED.items() if field not in zh]
        if lacking:
            missing.append(f"{rule.id} (rules/{rule.file}): {', '.join(lacking)}")
    assert not missing, f"{len(missing)} rule(s) lack a zh-CN translation:\n" + "\n".join(missing)


def test_every_translation_keeps_placeholders_and_commands():
    problems = []
    for rule in checked_catalogue():
        zh = rule.translations.get("zh-CN", {})
        for field, chinese in zh.items():
            english = getattr(rule, field)
            if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(chinese)):
                problems.append(f"{rule.id} {field}: placeholders differ")
            if sorted(CODE_SPAN.findall(english)) != sorted(CODE_SPAN.findall(chinese)):
                problems.append(f"{rule.id} {field}: code spans differ")
            lost = sorted(w for w in _code_words(english) if w not in chinese)
            if lost:
                problems.append(f"{rule.id} {field}: commands/code missing from the Chinese: {', '.join(lost)}")
            if not re.search(r"[\u4e00-\u9fff]", chinese):
                problems.append(f"{rule.id} {field}: not Chinese")
    assert not problems, "\n".join(problems)


def test_code_words_are_what_a_reader_copies():
    words = _code_words("Run python -c \"import torch\" with --gpus all; set CUDA_VISIBLE_DEVICES=0 and read "
                        "torch.cuda.is_available() at https://download.pytorch.org/whl/cu128.")
    assert {"--gpus", "CUDA_VISIBLE_DEVICES=0", "torch.cuda.is_available()",
            "https://download.pytorch.org/whl/cu128"} <= words
    assert "Run" not in words and "python" not in words


# ------------------------------------------------------------------------ check in Chinese ---

def test_check_speaks_chinese_from_the_locale_and_keeps_machine_output_english(cli):
    from pathlib import Path

    fixture = str(Path(__file__).parent / "fixtures" / "facts" / "v100-pair-cu130-many-problems.json")
    terminal = cli("check", "--facts", fixture, env=_env(LANG="zh_CN.UTF-8"))
    assert terminal.returncode == 2
    out = terminal.stdout
    assert "驱动与显卡" in out and "网络" in out and "个错误" in out and "（退出码 2）" in out
    assert "依据：" in out and "修复：" in out and "同时解释了 YD303" in out
    assert checked_catalogue().get("YD205").translations["zh-CN"]["title"] in out

    document = json.loads(cli("check", "--facts", fixture, "--format", "json", "--lang", "zh-CN", env=_env()).stdout)
    english = json.loads(cli("check", "--facts", fixture, "--format", "json", env=_env()).stdout)
    assert document["language"] == "zh-CN" and english["language"] == "en"
    # Keys, ids, categories and statuses are the same in both languages; the texts are not.
    assert [(f["id"], f["category"], f["severity"]) for f in document["findings"]] == \
        [(f["id"], f["category"], f["severity"]) for f in english["findings"]]
    assert [(a["area"], a["status"]) for a in document["areas"]] == [(a["area"], a["status"]) for a in english["areas"]]
    assert document["areas"][0]["label"] == "驱动与显卡" and english["areas"][0]["label"] == "Driver & GPUs"

    junit = cli("check", "--facts", fixture, "--format", "junit", "--lang", "zh-CN", env=_env()).stdout
    assert 'name="Driver &amp; GPUs"' in junit  # test case names are ids CI keeps history by


# ------------------------------------------------------------------------------ README ---

def test_readme_zh_cn_has_the_same_commands_and_structure_as_readme():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    english = (root / "README.md").read_text(encoding="utf-8")
    chinese = (root / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "README.zh-CN.md" in english and "README.md" in chinese

    def blocks(text):
        return re.findall(r"```\n(.*?)\n```", text, re.S)

    def table_commands(text):
        return [row.split("|")[1].strip() for row in text.splitlines() if row.startswith("| `yolodoctor")]

    # The same two commands (install and run; the tests), the same command table, in the same order.
    assert blocks(english)[:2] == blocks(chinese)[:2] == [
        "pip install . && yolodoctor check", 'pip install -e ".[test]" && python -m pytest']
    assert [re.sub(r"（.*", "", c) for c in table_commands(chinese)] == \
        [re.sub(r" \(.*", "", c) for c in table_commands(english)]
    assert len(re.findall(r"(?m)^## ", chinese)) == len(re.findall(r"(?m)^## ", english)) + 1  # + 中文输出


def test_usage_errors_in_both_languages(cli):
    """Errors raised before any work starts speak the chosen language and keep the usage exit code."""
    for args, english, chinese in [
        (["check", "--smoke", "--from", "-"], "--smoke runs on this machine", "--smoke 在本机运行"),
        (["check", "--format", "yaml"], "--format must be one of", "--format 只能是"),
        (["explain", "YD204", "--format", "xml"], "--format must be text or json", "--format 只能是 text 或 json"),
    ]:
        en = cli(*args, env=_env())
        zh = cli(*args, "--lang", "zh-CN", env=_env())
        assert en.returncode == zh.returncode == exitcodes.USAGE, (args, en.stderr, zh.stderr)
        assert english in en.stderr and chinese in zh.stderr, (en.stderr, zh.stderr)


# ----------------------------------------------------------------- Chinese at 80 columns ---

def test_chinese_prose_wraps_by_display_width_and_keeps_commands_whole():
    """Every zh-CN fix and explanation of the catalogue, wrapped at 40 and 80 columns: no line wider
    than the terminal (a Chinese character is two columns) unless it starts with a command or URL,
    no command split, and nothing lost but the spaces at the breaks."""
    from yolodoctor.copytext import display_width, spans, wrap

    texts = [zh[field] for rule in checked_catalogue() for field in ("fix", "explanation")
             for zh in [rule.translations["zh-CN"]]]
    assert len(texts) > 100
    for width in (40, 80):
        for text in texts:
            for paragraph in text.split("\n\n"):
                lines = wrap(paragraph, width)
                assert "".join(lines).replace(" ", "") == paragraph.replace(" ", ""), paragraph
                units = {paragraph[a:b] for a, b in spans(paragraph)}
                for line in lines:
                    whole = any(line.lstrip("（(`").startswith(u) for u in units)
                    one_word = line.isascii() and " " not in line  # a variable or path: never cut
                    assert display_width(line) <= width or whole or one_word, (width, line)
                for unit in units:
                    assert any(unit in line for line in lines), (unit, lines)
    assert display_width("显卡 GPU") == 8
    assert wrap("安装驱动：sudo apt install nvidia-driver-570，然后重启。", 20) == \
        ["安装驱动：", "sudo apt install nvidia-driver-570，", "然后重启。"]


def test_chinese_explain_and_rules_fit_80_columns(cli):
    """The real CLI in Chinese at COLUMNS=80: `explain` of every rule and the `rules` table; a line
    wider than 80 columns is only a command or URL printed whole."""
    from yolodoctor.copytext import display_width, spans

    env = _env(COLUMNS="80", LANG="zh_CN.UTF-8", TERM="dumb", NO_COLOR="1")
    catalogue = list(checked_catalogue())
    outputs = [cli("rules", env=env).stdout] + [cli("explain", rule.id, env=env).stdout for rule in catalogue[::7]]
    assert all("## 修复方法" in out for out in outputs[1:]) and catalogue[0].translations["zh-CN"]["title"][:8] in outputs[0]
    for out in outputs:
        for line in out.splitlines():
            if display_width(line) > 80:
                stripped = line.strip().removeprefix("- ").lstrip("（(`")
                one_word = stripped.isascii() and " " not in stripped  # a parameter's pattern: never cut
                assert one_word or (spans(stripped) and spans(stripped)[0][0] == 0), line


def _tr_literals() -> list[tuple[str, str]]:
    """(where, English text) of every string literal passed first to tr() in yolodoctor/."""
    import ast

    root = Path(i18n.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((f"{path.relative_to(root.parent)}:{node.lineno}", node.args[0].value))
    return found


def test_every_message_the_code_translates_is_in_the_catalogue():
    """Lists each tr("...") literal that has no zh-CN entry in yolodoctor/messages/zh-CN/*.toml."""
    literals = _tr_literals()
    assert len(literals) > 100
    catalogue = i18n.catalogue()
    missing = sorted({f"{where}: {text!r}" for where, text in literals if text not in catalogue})
    assert not missing, f"{len(missing)} message(s) lack a zh-CN entry:\n" + "\n".join(missing)


def test_catalogue_files_agree_where_they_share_a_message():
    folder = i18n.CATALOGUE_DIR
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8")).get("messages", {})
        assert data, f"{path.name} has no [messages] table"
        for english, chinese in data.items():
            if english in seen and seen[english][1] != chinese:
                clashes.append(f"{english!r}: {seen[english][0]} and {path.name} differ")
            seen.setdefault(english, (path.name, chinese))
    assert not clashes, "\n".join(clashes)


def test_every_category_description_of_a_paste_has_its_chinese():
    """The "also possible" findings of check --from name a category by its description (translated by
    value, so the literal-message test cannot see them)."""
    from yolodoctor.diagnose.model import CATEGORIES
    from yolodoctor.ingest.ranked import CATEGORY_DESCRIPTIONS

    assert set(CATEGORY_DESCRIPTIONS) == set(CATEGORIES)
    missing = [text for text in CATEGORY_DESCRIPTIONS.values() if text not in i18n.catalogue()]
    assert not missing, missing


def test_every_ultralytics_requirement_reason_has_its_chinese():
    """The reasons compat/ultralytics.toml gives for an excluded version are quoted in findings:
    each has reason_zh beside it, with the same versions and references."""
    from yolodoctor.knowledge.compat import ultralytics_requirements

    reasons = [r for r in ultralytics_requirements() if r.reason]
    assert reasons
    for requirement in reasons:
        assert requirement.reason_zh and re.search(r"[\u4e00-\u9fff]", requirement.reason_zh), requirement
        numbers = re.compile(r"#\d+|\d+(?:\.\d+)+|>=[\d.]+")
        assert sorted(numbers.findall(requirement.reason)) == sorted(numbers.findall(requirement.reason_zh))
        assert requirement.reason_in(True) == requirement.reason_zh and requirement.reason_in(False) == requirement.reason
