"""The smoke report as text and JSON: verbatim errors, findings, redaction, exit codes."""

import json

from yolodoctor.commands.smoke_cmd import exit_code
from yolodoctor.diagnose.model import Finding
from yolodoctor.smoke.model import SmokeReport, StageResult
from yolodoctor.smoke.render import report_json, report_text
from yolodoctor.smoke.verdict import findings_for

TOKEN = "hf_" + "a" * 30


def _report(stages, findings=()):
    return SmokeReport(python="/venv/bin/python", level="quick", device_spec="cpu", stages=tuple(stages),
                       findings=tuple(findings), torch={"version": "2.14.1", "cuda": "13.0"}, seconds=12.3)


def _failed_export():
    error = ("TensorRT could not build an engine:\n"
             + "\n".join(f"WARNING: line {i}" for i in range(20))
             + f"\nERROR: https://user:{TOKEN}@example.com/index denied")
    stages, findings = findings_for([
        StageResult("device", "cpu", "pass", 1.0, "fine"),
        StageResult("export", "cuda:0", "fail", 3.0, "TensorRT could not build an engine:", error=error),
        StageResult("health", "-", "skip", 0.0, "runs with --level full"),
    ])
    return _report(stages, findings)


def test_text_shows_the_tail_of_the_verbatim_error_and_the_finding_redacted():
    text = report_text(_failed_export())
    assert " ✗ export [cuda:0]" in text and " ✓ device [cpu]" in text and " - health" in text
    assert "ERROR: https://***@example.com/index denied" in text and TOKEN not in text
    assert "WARNING: line 19" in text and "WARNING: line 2\n" not in text  # the tail, and where the rest is
    assert "earlier lines in --format json or -v" in text
    assert "→ finding YDS111" in text
    assert "YDS111 [tensorrt_problem]" in text and "fix: Install the TensorRT wheel" in text
    assert text.rstrip().endswith("1 passed, 1 failed, 1 skipped in 12.3 s: some stages failed")


def test_verbose_text_shows_all_of_the_error():
    text = report_text(_failed_export(), verbose=True)
    assert "WARNING: line 0" in text and "why: " in text


def test_json_is_redacted_and_complete():
    data = json.loads(report_json(_failed_export()))
    assert TOKEN not in json.dumps(data)
    export = next(s for s in data["stages"] if s["name"] == "export")
    assert export["finding"] == "YDS111" and export["error"].startswith("TensorRT could not build an engine:")
    assert data["findings"][0]["category"] == "tensorrt_problem"
    assert data["summary"] == {"passed": 1, "failed": 1, "skipped": 1, "seconds": 12.3, "ok": False}


def test_exit_codes():
    passed = [StageResult("device", "cpu", "pass", 1.0, "fine")]
    assert exit_code(_report(passed)) == 0
    slow = Finding(id="YDS201", category="other", severity="warning", area="driver", title="slow", message="m",
                   fix="f")
    assert exit_code(_report(passed, [slow])) == 1
    assert exit_code(_failed_export()) == 2
