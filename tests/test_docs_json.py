"""docs/json.md documents every member of the report and every category, in the order findings are ranked."""

import re
from pathlib import Path

from diagnose_machines import RTX_4090, machine

from yolodoctor.diagnose.engine import exit_code_for, run
from yolodoctor.diagnose.ranking import CAUSAL_ORDER
from yolodoctor.report.check_report import CheckOptions, build_document

DOC = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")


def documented(section: str) -> list[str]:
    """The `names` in the first column of the tables under a heading."""
    body = DOC.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    names = []
    for first_cell in re.findall(r"^\| (`[^|]+)\|", body, re.M):
        names += re.findall(r"`([a-z_0-9]+)`", first_cell)
    return names


def sample_document():
    facts = machine(gpus=[RTX_4090], driver="470.82.01", torch="2.4.1+cu124", cuda_available=False)
    diagnosis = run(facts, strict=True)
    return build_document(facts, diagnosis, CheckOptions(), exit_code_for(diagnosis.findings))


def test_every_category_is_documented_in_causal_order():
    assert documented("Categories") == list(CAUSAL_ORDER)


def test_every_member_is_documented():
    doc = sample_document()
    assert set(doc) <= set(documented("Top level"))
    assert set(doc["target"]) <= set(documented("`target`"))
    assert set(doc["areas"][0]) <= set(documented("`areas`"))
    finding = doc["findings"][0]
    assert set(finding) <= set(documented("`findings`"))
    assert finding["explained"] and set(finding["explained"][0]) <= set(documented("`findings`"))
