"""The locked dev/test split of the real-report corpus: the frozen test list is what the fixed rule gives,
its checksum holds, and the test split is large enough to mean something."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import report_split  # noqa: E402


def test_the_frozen_test_list_is_the_rule_applied_to_the_manifest_and_its_checksum_holds():
    files, checksum = report_split.frozen_test_files()
    assert report_split.list_checksum(files) == checksum
    manifest = report_split.load_manifest()
    by_rule = sorted(r["file"] for r in manifest if report_split.split_of(r["source"]) == "test")
    assert sorted(files) == by_rule  # no report moved between splits, none was added unsplit


def test_the_test_split_is_at_least_thirty_percent_and_every_report_has_its_fixture():
    files, _ = report_split.frozen_test_files()
    manifest = report_split.load_manifest()
    assert len(files) >= 0.3 * len(manifest)
    for name in files:
        assert (report_split.REPORTS / name).is_file()


def test_the_split_depends_on_the_url_alone():
    url = "https://github.com/pytorch/pytorch/issues/909"
    assert report_split.split_of(url) == report_split.split_of(url)
    assert {report_split.split_of(f"https://github.com/o/r/issues/{n}") for n in range(40)} == {"dev", "test"}


def test_every_thread_is_in_the_corpus_once():
    """Two fixtures of one thread would count its cause twice (and may disagree on it)."""
    manifest = report_split.load_manifest()
    sources = [r["source"].rstrip("/").lower() for r in manifest]
    repeated = sorted({s for s in sources if sources.count(s) > 1})
    assert repeated == []
    files = [r["file"] for r in manifest]
    assert len(set(files)) == len(files)
