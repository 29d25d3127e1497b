"""GPU and system failures that a paste states in few words: the mechanisms added from the third round
of real reports (tests/fixtures/reports 400-499). Each is checked on small pastes written here, including
ones it must not fire on, and on a report of the dev split, through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def ranked(text):
    return [f.category for f in triage(ingest_text(text), [])]


def report_ranked(name):
    document = build_pasted_report(ingest_path(str(REPORTS / name)), CheckOptions()).document
    return [f["category"] for f in document["findings"]]


@pytest.mark.parametrize("line", [
    "Killed",
    "train.sh: line 12: 12345 Killed                  python train.py --epochs 3",
    "[1]    4242 killed     python train.py",
    "Killed: 9",
])
def test_a_bare_kill_by_the_system_is_host_memory(line):
    assert ranked(f"Epoch 1/100\n{line}\n")[:1] == ["resources_low"]


@pytest.mark.parametrize("line", ["I killed the process", "Killed it with ctrl-c and ran it again"])
def test_prose_about_killing_a_process_is_not_a_signal(line):
    assert ranked(line + "\n") == []


def test_a_dataloader_worker_killed_is_read_once():
    findings = triage(ingest_text("RuntimeError: DataLoader worker (pid 2064) is killed by signal: Killed.\n"), [])
    assert [f.category for f in findings][:1] == ["resources_low"]
    assert [f.category for f in findings].count("resources_low") == 1


def test_killed_after_an_ultralytics_banner_ranks_the_memory_first():
    assert report_ranked("400-ultralytics-19816-workers-killed-ram.txt")[:1] == ["resources_low"]
