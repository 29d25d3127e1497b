"""`yolodoctor check` end to end: the real CLI in a subprocess, on saved facts documents."""

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from yolodoctor import exitcodes
from yolodoctor.knowledge.files import tomllib

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"
CASES = tomllib.loads((FIXTURES / "expected.toml").read_text())["case"]
REPO = Path(__file__).resolve().parent.parent


def check_json(cli, path, *args):
    result = cli("check", "--facts", str(path), "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_facts_files_give_exactly_the_expected_findings(cli, case):
    result, report = check_json(cli, FIXTURES / case["file"])
    assert sorted(f["id"] for f in report["findings"]) == sorted(case["findings"])
    assert result.returncode == report["exit_code"] == case["exit_code"]
    for root, explained in case.get("explains", {}).items():
        finding = next(f for f in report["findings"] if f["id"] == root)
        assert sorted(finding["explains"]) == sorted(explained)
        assert sorted(e["id"] for e in finding["explained"]) == sorted(explained)


def test_json_report_shape(cli):
    result, report = check_json(cli, FIXTURES / "driver-470-torch-cu124.json")
    assert report["schema"] == "yolodoctor.check/1"
    assert report["target"]["python"] == "/opt/venv/bin/python" and report["target"]["origin"] == "facts-file"
    assert report["facts"]["schema"] == "yolodoctor.facts/1"
    finding = report["findings"][0]
    for key in ("id", "category", "severity", "title", "message", "fix", "evidence", "certainty", "explanation",
                "references", "explains", "explained", "data", "area"):
        assert key in finding
    assert finding["data"]["required_driver"] == "525.60.13"
    assert [a["area"] for a in report["areas"]][:3] == ["driver", "cuda", "torch"]
    assert report["areas"][0]["status"] == "error"
    assert report["summary"] == {"error": 1, "warning": 0, "info": 0, "explained": 1, "not_counted": 0,
                                 "ignored": 0, "rules_evaluated": len(report["rules_evaluated"])}


def test_a_check_report_can_be_checked_again(cli, tmp_path):
    """A saved JSON report carries its facts: --facts accepts it."""
    first = cli("check", "--facts", str(FIXTURES / "docker-shm-64m-healthy-gpu.json"), "--format", "json")
    saved = tmp_path / "report.json"
    saved.write_text(first.stdout)
    again = cli("check", "--facts", str(saved), "--format", "json")
    assert [f["id"] for f in json.loads(again.stdout)["findings"]] == ["YD701"]


def test_terminal_report(cli):
    result = cli("check", "--facts", str(FIXTURES / "v100-pair-cu130-many-problems.json"))
    out = result.stdout
    assert result.returncode == 2
    assert "✗" in out and "Driver & GPUs" in out and "Network" in out
    assert "YD205" in out and "Why:" in out and "Fix:" in out and "Also explains YD303" in out
    assert "Inspected /opt/venv/bin/python" in out
    assert out.index("YD205") < out.index("YD401") < out.index("YD602")  # root causes and errors first
    verbose = cli("check", "--facts", str(FIXTURES / "v100-pair-cu130-many-problems.json"), "-v").stdout
    assert "kernel module loaded" in verbose and "see https://" in verbose


def test_secrets_are_redacted_in_every_format(cli):
    path = FIXTURES / "v100-pair-cu130-many-problems.json"
    assert "s3cr3tT0ken" in path.read_text()
    for fmt in ("terminal", "json", "junit", "github", "markdown"):
        result = cli("check", "--facts", str(path), "--format", fmt, "-v")
        assert "s3cr3tT0ken" not in result.stdout, fmt
        assert result.returncode == 2


def test_fail_on(cli):
    path = FIXTURES / "docker-shm-64m-healthy-gpu.json"
    assert cli("check", "--facts", str(path), "--fail-on", "error").returncode == 0
    assert cli("check", "--facts", str(path), "--fail-on", "warning").returncode == 1
    errors = FIXTURES / "driver-470-torch-cu124.json"
    assert cli("check", "--facts", str(errors), "--fail-on", "never").returncode == 0
    assert cli("check", "--facts", str(errors), "--fail-on", "error").returncode == 2


def test_areas(cli):
    path = FIXTURES / "v100-pair-cu130-many-problems.json"
    result, report = check_json(cli, path, "flash-attn", "system")
    assert sorted(f["id"] for f in report["findings"]) == ["YD401", "YD702"]
    assert [a["area"] for a in report["areas"]] == ["flash_attn", "system"]
    # Only flash-attn and system rules ran (the profile requirements YD10xx span areas).
    assert all(r["id"][:3] in ("YD4", "YD7") or r["area"] in ("flash_attn", "system")
               for r in report["rules_evaluated"])


def test_junit(cli):
    result = cli("check", "--facts", str(FIXTURES / "v100-pair-cu130-many-problems.json"), "--format", "junit")
    suite = ET.fromstring(result.stdout).find("testsuite")
    # One test case per area; an area fails with each finding that counts, notes (YD210, YD602) do not fail.
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    failed = {name for name, case in cases.items() if case.find("failure") is not None}
    assert failed == {"PyTorch", "flash-attn", "TensorRT/ONNX", "Python & packages", "System"}
    ids = " ".join(case.find("failure").get("message") for case in cases.values() if case.find("failure") is not None)
    assert all(rule_id in ids for rule_id in ("YD205", "YD401", "YD502", "YD606", "YD702"))
    assert "YD210" not in ids and "YD602" not in ids
    assert "Also explains YD303" in cases["PyTorch"].find("failure").text
    assert int(suite.get("tests")) == len(cases)


def test_github_annotations(cli):
    out = cli("check", "--facts", str(FIXTURES / "cpu-torch-on-gpu-with-flash-attn.json"), "--format", "github").stdout
    first = out.splitlines()[0]
    assert first.startswith("::error title=YD204 CPU-only torch on a machine with an NVIDIA GPU::")
    assert "%0AFix:%0A" in first and "\n" not in first
    assert "Also explains YD403" in first


def test_markdown(cli):
    out = cli("check", "--facts", str(FIXTURES / "rtx5090-torch-2.4.1-cu124.json"), "--format", "markdown").stdout
    assert out.startswith("## yolodoctor check")
    assert "| ✗ | PyTorch |" in out and "### ✗ YD205" in out and "<details><summary>Facts</summary>" in out


@pytest.mark.parametrize("args, message", [
    (("--format", "xml"), "--format must be one of"),
    (("--fail-on", "sometimes"), "--fail-on: 'sometimes' is not allowed; allowed values: error, warning, never"),
    (("gpus-and-more",), "unknown area"),
])
def test_usage_errors(cli, args, message):
    result = cli("check", "--facts", str(FIXTURES / "healthy-rtx4090-cu124.json"), *args)
    assert result.returncode == exitcodes.USAGE and message in result.stderr and "Traceback" not in result.stderr


def test_unreadable_facts_file(cli, tmp_path):
    bad = tmp_path / "facts.json"
    bad.write_text('{"schema": "yolodoctor.facts/9"}')
    result = cli("check", "--facts", str(bad))
    assert result.returncode == exitcodes.DATA and "not supported" in result.stderr


def test_live_check_on_this_machine(cli):
    """A real collection: whatever this machine is, the JSON verdict and the exit code agree."""
    result = cli("check", "--format", "json", "--offline", timeout=300)
    report = json.loads(result.stdout)
    assert result.returncode == report["exit_code"] in (0, 1, 2)
    assert report["target"]["python"] and report["target"]["origin"] == "live"
    assert report["areas"][-1]["summary"].startswith("not probed")


# ----------------------------------------------------- broken knowledge ---

@pytest.fixture
def installation(tmp_path):
    """A copy of yolodoctor with its compat/ and rules/, to break by hand."""
    for name in ("yolodoctor", "compat", "rules"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run_copy(installation, *args):
    import subprocess

    return subprocess.run([sys.executable, "-m", "yolodoctor", *args], capture_output=True, text=True,
                          cwd=str(installation), timeout=120)


def test_hand_edited_rules_file(installation):
    path = installation / "rules" / "driver.toml"
    path.write_text(path.read_text().replace('category = "driver_mismatch"', 'category = "driver_mixup"'))
    for args in (("check", "--facts", str(FIXTURES / "healthy-rtx4090-cu124.json")), ("rules",),
                 ("explain", "YD101")):
        result = run_copy(installation, *args)
        assert result.returncode == exitcodes.INTERNAL, args
        assert "rules/driver.toml: rule YD103: category 'driver_mixup'" in result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_corrupt_compat_entry(installation):
    path = installation / "compat" / "cuda.toml"
    path.write_text(path.read_text().replace('linux_driver = "525.60.13"', 'linux_driver = "525.sixty"'))
    result = run_copy(installation, "check", "--facts", str(FIXTURES / "driver-470-torch-cu124.json"))
    assert result.returncode == exitcodes.INTERNAL
    assert "compat/cuda.toml: [[toolkit]] entry 12.0: linux_driver = '525.sixty'" in result.stderr
    assert "Traceback" not in result.stderr


def test_predicate_without_catalogue_entry(installation):
    path = installation / "rules" / "python.toml"
    text = path.read_text()
    path.write_text(text[:text.index('[[rule]]\nid = "YD904"')])
    result = run_copy(installation, "check", "--facts", str(FIXTURES / "healthy-rtx4090-cu124.json"))
    assert result.returncode == exitcodes.INTERNAL and "predicate YD904" in result.stderr


def test_facts_and_python_do_not_mix(cli):
    result = cli("check", "--facts", str(FIXTURES / "healthy-rtx4090-cu124.json"), "--python", sys.executable)
    assert result.returncode == exitcodes.USAGE and "--facts" in result.stderr


def test_probe_errors_are_shown(cli, tmp_path):
    data = json.loads((FIXTURES / "healthy-rtx4090-cu124.json").read_text())
    data["probe_errors"] = [{"probe": "host", "message": "PermissionError: /proc/meminfo"}]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data))
    assert "probe host failed: PermissionError: /proc/meminfo" in cli("check", "--facts", str(path)).stdout
    assert "host: PermissionError" in cli("check", "--facts", str(path), "--format", "markdown").stdout


def test_rules_and_predicates_of_a_new_area_plug_in(installation):
    """Every rules/*.toml and every module of yolodoctor/diagnose/ is loaded: adding a pair is enough."""
    (installation / "rules" / "zz_extra.toml").write_text(
        '[[rule]]\nid = "YD899"\ncategory = "network_download"\nseverity = "warning"\narea = "network"\n'
        'title = "Test rule"\nexplanation = "Fires when no endpoint was probed."\nfix = "Probe them."\n')
    (installation / "yolodoctor" / "diagnose" / "zz_extra.py").write_text(
        "from .model import Hit, predicate\n\n\n@predicate('YD899')\ndef nothing_probed(facts):\n"
        "    return None if facts.network.endpoints else Hit('no endpoint was probed')\n")
    result = run_copy(installation, "check", "network", "--facts", str(FIXTURES / "healthy-rtx4090-cu124.json"),
                      "--format", "json")
    report = json.loads(result.stdout)
    assert [f["id"] for f in report["findings"]] == ["YD899"] and result.returncode == 1
    assert report["areas"] == [a for a in report["areas"] if a["area"] == "network"]
