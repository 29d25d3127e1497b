"""Severity in one place: a rule whose predicate chooses its severity from the context says so in the
catalogue (severity_when), and rules / explain / docs/rules.md print it; check's severities are among
the ones the catalogue states."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from diagnose_machines import finding, machine
from yolodoctor.diagnose.engine import checked_catalogue
from yolodoctor.knowledge.rules_doc import explain_text, render_rules

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("yolodoctor/diagnose/*.py"), *ROOT.glob("yolodoctor/profiles/*.py")]


def _predicates_setting_severity() -> dict[str, set[str]]:
    """rule id -> the literal severities its predicate may pass (an expression counts as 'dynamic')."""
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        for fn in ast.walk(ast.parse(path.read_text())):
            if not isinstance(fn, ast.FunctionDef):
                continue
            ids = [d.args[0].value for d in fn.decorator_list if isinstance(d, ast.Call) and d.args
                   and isinstance(d.args[0], ast.Constant) and str(d.args[0].value).startswith("YD")]
            for node in ast.walk(fn):
                if isinstance(node, ast.keyword) and node.arg == "severity":
                    values = {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)
                              and c.value in ("error", "warning", "info")}
                    for rule_id in ids:
                        found.setdefault(rule_id, set()).update(values or {"dynamic"})
    return found


def test_every_context_dependent_severity_is_stated_in_the_catalogue():
    catalogue = checked_catalogue()
    setting = _predicates_setting_severity()
    assert setting, "the scan found no predicate that sets a severity: it is broken"
    for rule_id, values in setting.items():
        rule = catalogue.get(rule_id)
        assert rule.severity_when, f"{rule_id} chooses its severity ({values}) but rules/ does not say when"
        stated = set(re.findall(r"\b(error|warning|info) when\b", rule.severity_when)) | {rule.severity}
        assert values - {"dynamic"} <= stated, f"{rule_id}: may be {values}, the catalogue states {stated}"
    for rule in catalogue:
        if rule.severity_when:
            assert rule.id in setting, f"{rule.id} states a context severity its predicate never uses"


def test_rules_explain_and_docs_print_the_context():
    rule = checked_catalogue().get("YD104")
    text = "error when the profile needs a GPU; warning when torch is a CUDA build; info otherwise"
    assert rule.severity_text == text
    assert text in explain_text(rule) and text in render_rules(checked_catalogue())
    assert text in (ROOT / "docs" / "rules.md").read_text()


def test_yd104_severities_in_check_are_the_stated_ones():
    cpu = finding(machine(torch="2.4.1+cpu"), "YD104")
    cuda = finding(machine(torch="2.4.1+cu124"), "YD104")
    profiled = finding(machine(torch="2.4.1+cpu"), "YD104", profile="tensorrt-export")
    stated = checked_catalogue().get("YD104").severity_text
    assert (cpu.severity, cuda.severity, profiled.severity) == ("info", "warning", "error")
    assert all(s in stated for s in ("info", "warning", "error"))


def test_yd901_is_info_unless_torch_is_missing():
    rule = checked_catalogue().get("YD901")
    assert rule.severity == "info" and rule.severity_when.startswith("error when torch is not installed")


def test_yd601_title_fits_a_missing_ultralytics():
    assert "missing" in checked_catalogue().get("YD601").title
