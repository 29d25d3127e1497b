"""What the signal triage and `check --from` make of a paste or of a corpus report: the helpers the ingest
tests share (each test module imports them under the name it reads best with).

They give what the paste proves: the leads shown where nothing is proven (what its words resemble, ingest.leads)
are left out, so a reader's negative case stays "nothing found"; tests/test_ingest_resemblance.py tests the leads."""

from pathlib import Path

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.leads import LEAD_PREFIX
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def proven(findings: list) -> list:
    """The findings without the leads (findings as dicts of the JSON document, or as Finding objects)."""
    return [f for f in findings if not (f["id"] if isinstance(f, dict) else f.id).startswith(LEAD_PREFIX)]


def signal_ids(text: str) -> list[str]:
    """The error signatures that match a paste, in the order they were read."""
    return [s.id for s in ingest_text(text).signals]


def signal_categories(text: str) -> list[str]:
    """The categories of a paste's findings from its signals alone (no rules), ranked."""
    return [f.category for f in proven(triage(ingest_text(text), []))]


def check_findings(text: str) -> list[dict]:
    """The findings `check --from` gives for a paste: the rules on its facts, its signals folded in."""
    return proven(build_pasted_report(ingest_text(text), CheckOptions()).document["findings"])


def check_categories(text: str) -> list[str]:
    return [f["category"] for f in check_findings(text)]


def report_findings(name: str) -> list[dict]:
    """The findings `check --from` gives for a report of the corpus (tests/fixtures/reports)."""
    return proven(build_pasted_report(ingest_path(str(REPORTS / name)), CheckOptions()).document["findings"])


def report_categories(name: str) -> list[str]:
    return [f["category"] for f in report_findings(name)]


def result_categories(result) -> list[str]:
    """The categories `check --from` ranks for an already ingested paste."""
    return [f["category"] for f in proven(build_pasted_report(result, CheckOptions()).document["findings"])]


def pasted_facts(text: str):
    """The Facts a paste states (what ingest reads, before any rule)."""
    return ingest_text(text).facts
