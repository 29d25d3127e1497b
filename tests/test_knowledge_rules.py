"""The rule catalogue: complete, one predicate per entry, strict about hand edits, docs in sync."""

import re
import shutil
from pathlib import Path

import pytest

from yolodoctor.diagnose.engine import catalogue_problems, checked_catalogue, load_predicates
from yolodoctor.diagnose.model import AREAS, CATEGORIES, SEVERITIES
from yolodoctor.diagnose.ranking import CAUSAL_ORDER
from yolodoctor.knowledge.files import KnowledgeError, data_dir
from yolodoctor.knowledge.rules import load_catalogue_from
from yolodoctor.knowledge.rules_doc import render_rules

REPO = Path(__file__).resolve().parent.parent


def test_catalogue_and_predicates_are_one_to_one():
    catalogue = checked_catalogue()
    predicates = load_predicates()
    assert catalogue_problems(catalogue, predicates) == []
    assert set(catalogue.ids()) == set(predicates)


def test_ids_are_stable_codes_grouped_by_area():
    prefixes = {"driver": "YD1", "torch": "YD2", "cuda": "YD21", "torchvision": "YD3", "cudnn": "YD3",
                "flash_attn": "YD4", "tensorrt": "YD5", "ultralytics": "YD6", "system": "YD7", "network": "YD8"}
    for rule in checked_catalogue():
        if re.fullmatch(r"YD10\d\d", rule.id):
            continue  # the profile requirements (rules/profiles.toml) are one range across areas
        if re.fullmatch(r"YD(?:5(?:0[6-9]|[12]\d)|6(?:0[7-9]|[12]\d))", rule.id):
            continue  # the blocks given to the report-corpus rounds (YD506-YD529, YD607-YD629) serve any area
        if rule.area in prefixes:
            assert rule.id.startswith(prefixes[rule.area]), rule.id
        if rule.area == "packages":
            assert rule.id[:3] in ("YD6", "YD9"), rule.id


def test_every_category_has_a_rule():
    covered = {r.category for r in checked_catalogue()}
    expected = set(CATEGORIES)
    if not (data_dir("rules") / "network.toml").exists():
        expected.discard("network_download")  # the network rules live in rules/network.toml
    assert expected <= covered, sorted(expected - covered)


def test_every_area_but_network_has_rules():
    areas = {r.area for r in checked_catalogue()}
    assert set(AREAS) - {"network"} <= areas


def test_severities_and_texts():
    for rule in checked_catalogue():
        assert rule.severity in SEVERITIES
        assert rule.explanation and rule.fix and not rule.title.endswith(".")
        for ref in rule.references:
            assert ref.startswith("https://"), (rule.id, ref)


def test_pattern_params_compile():
    compiled = []
    for rule in checked_catalogue():
        for name, value in rule.params.items():
            if name.endswith("pattern") or name == "torch_warning":
                compiled.append(re.compile(value))  # raises re.error on a broken pattern
    assert compiled, "no rule carries a pattern: the check would prove nothing"


def test_causal_order_ranks_every_category_once():
    assert sorted(CAUSAL_ORDER) == sorted(CATEGORIES)


@pytest.mark.parametrize("language, page", [("en", "rules.md"), ("zh-CN", "rules.zh-CN.md")])
def test_docs_rules_md_is_in_sync(language, page):
    """docs/rules.md and docs/rules.zh-CN.md are generated:
    python -m yolodoctor.knowledge.rules_doc [zh-CN] > docs/rules[.zh-CN].md"""
    on_disk = (REPO / "docs" / page).read_text(encoding="utf-8")
    arg = "" if language == "en" else " zh-CN"
    assert on_disk == render_rules(checked_catalogue(), language), \
        f"docs/{page} is stale: run python -m yolodoctor.knowledge.rules_doc{arg} > docs/{page}"


# ------------------------------------------------------------- hand edits ---

@pytest.fixture
def rules_dir(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def broken(root: Path) -> str:
    with pytest.raises(KnowledgeError) as err:
        load_catalogue_from(root)
    return str(err.value)


def test_copy_loads(rules_dir):
    assert len(load_catalogue_from(rules_dir)) == len(checked_catalogue())


def test_typo_in_a_key(rules_dir):
    edit(rules_dir / "driver.toml", 'severity = "info"', 'severty = "info"')
    message = broken(rules_dir)
    assert "rules/driver.toml: rule YD102" in message and "severty" in message


def test_unknown_category(rules_dir):
    edit(rules_dir / "torch.toml", 'category = "torch_missing"', 'category = "torch_gone"')
    message = broken(rules_dir)
    assert "rules/torch.toml: rule YD201" in message and "torch_gone" in message


def test_duplicate_id_across_files(rules_dir):
    edit(rules_dir / "system.toml", 'id = "YD704"', 'id = "YD101"')
    message = broken(rules_dir)
    assert "rules/system.toml: rule YD101 is already defined in rules/driver.toml" in message


def test_not_toml(rules_dir):
    (rules_dir / "cudnn.toml").write_text('[[rule]]\nid = "YD303\n')
    assert "rules/cudnn.toml is not valid TOML" in broken(rules_dir)


def test_missing_fix(rules_dir):
    text = (rules_dir / "packages.toml").read_text()
    start = text.index('fix = """', text.index('id = "YD606"'))
    end = text.index('"""', start + 9) + 3
    (rules_dir / "packages.toml").write_text(text[:start] + text[end:])
    assert "rules/packages.toml: rule YD606: 'fix' is missing" in broken(rules_dir)


def test_bad_id_and_params(rules_dir):
    edit(rules_dir / "system.toml", 'id = "YD701"', 'id = "YD71"')
    assert "id must look like YD101" in broken(rules_dir)
    edit(rules_dir / "system.toml", 'id = "YD71"', 'id = "YD701"')
    edit(rules_dir / "system.toml", "params = { min_shm_bytes = 1073741824 }", "params = { min_shm_bytes = [1] }")
    assert "rules/system.toml: rule YD701: params must be a table" in broken(rules_dir)


def test_stray_top_level_table(rules_dir):
    (rules_dir / "extra.toml").write_text('[rules]\nid = "YD999"\n')
    assert "rules/extra.toml: unexpected top-level key(s) rules" in broken(rules_dir)


def test_predicate_without_entry_is_reported(rules_dir):
    edit(rules_dir / "python.toml", 'id = "YD904"', 'id = "YD999"')
    problems = catalogue_problems(load_catalogue_from(rules_dir), load_predicates())
    assert any("rule YD999 has no predicate" in p for p in problems)
    assert any(p.startswith("predicate YD904") and "has no entry in rules/" in p for p in problems)
