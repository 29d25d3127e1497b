"""An Ultralytics and a model of different releases: a head module or an ultralytics submodule without the
attribute the weights or the caller expect. Checked on small pastes written here (matching and not matching)
and on reports of the dev split (tests/fixtures/reports), through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"
SKEW = "ultralytics-module-attribute-skew"


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


@pytest.mark.parametrize("text", [
    "AttributeError: 'OBB' object has no attribute 'detect'",
    "AttributeError: 'Pose' object has no attribute 'detect'",
    "AttributeError: 'Detect' object has no attribute 'end2end'",
    "module 'ultralytics.utils.loss' has no attribute 'E2EDetectLoss'",
])
def test_a_module_of_another_release(text):
    ingested = ingest_text(text + "\n")
    assert SKEW in [s.id for s in ingested.signals]
    first = triage(ingested, [])[0]
    assert (first.category, first.certainty) == ("ultralytics_outdated", "likely")


@pytest.mark.parametrize("text", [
    # a file of the user's named like the package: its own signature, not this one
    "AttributeError: partially initialized module 'ultralytics.models.yolo' has no attribute 'detect' "
    "(most likely due to a circular import)",
    "AttributeError: 'YOLO' object has no attribute 'detect'",        # the user's call, not a module of the model
    "AttributeError: module 'torch' has no attribute 'compile'",      # another package
])
def test_other_attribute_errors_are_not_a_release_skew(text):
    assert SKEW not in [s.id for s in ingest_text(text + "\n").signals]


def test_release_skew_on_dev_reports():
    assert first_category("561-ultralytics-11730-obb-no-attribute-detect.txt") == "ultralytics_outdated"
    assert first_category("563-impact-subpack-49-e2edetectloss-missing.txt") == "ultralytics_outdated"
