"""The knowledge date in `check` reports, and a machine newer than the tables end to end (real CLI)."""

import json
from pathlib import Path

from yolodoctor.knowledge import coverage

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"


def _newer_machine(tmp_path: Path) -> Path:
    """The healthy RTX 4090 facts, moved to a V100 with a torch, cuDNN and driver newer than the tables,
    as a pasted report would give them (no arch list from torch itself)."""
    facts = json.loads((FIXTURES / "healthy-rtx4090-cu124.json").read_text())
    facts["torch"].update(version="2.16.0+cu132", cuda="13.2", arch_list=None, cudnn_version="9.30.1")
    facts["torch"]["devices"][0].update(name="Tesla V100-SXM2-32GB", capability="7.0")
    facts["nvidia"]["driver_version"] = "620.10"
    facts["nvidia"]["gpus"][0].update(name="Tesla V100-SXM2-32GB", compute_capability="7.0")
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(facts))
    return path


def test_verbose_check_and_json_carry_the_knowledge_date(cli):
    path = FIXTURES / "healthy-rtx4090-cu124.json"
    verbose = cli("check", "--facts", str(path), "-v")
    assert f"Judged with the compat tables of {coverage.knowledge_date()}" in verbose.stdout
    assert "Judged with" not in cli("check", "--facts", str(path)).stdout
    report = json.loads(cli("check", "--facts", str(path), "--format", "json").stdout)
    assert report["knowledge"]["date"] == coverage.knowledge_date()
    assert report["knowledge"]["newest"]["torch"] == coverage.newest_known()[0].version


def test_a_machine_newer_than_the_tables_is_said_once_and_judged_by_the_nearest(cli, tmp_path):
    result = cli("check", "--facts", str(_newer_machine(tmp_path)), "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    found = {f["id"]: f for f in report["findings"]}
    said = found["YD220"]["message"]
    month = coverage.knowledge_month()
    assert said.count("newer than this yolodoctor's tables") == 3  # torch, driver, cuDNN; CUDA 13.2 is known
    assert f"torch 2.16.0 is newer than this yolodoctor's tables ({month}): judged by the nearest known release" in said
    # Judged by 2.15.0's cu132 wheels: no sm_70 there, so the V100 finding comes, as likely, with cu126 advice.
    arch = found["YD205"]
    assert arch["certainty"] == "likely" and "nearest known" in " ".join(arch["evidence"])
    assert "+cu126" in arch["fix"]
