"""`yolodoctor check --from FILE`, end to end through the real CLI."""

import json
from pathlib import Path

from yolodoctor import exitcodes

REPORTS = Path(__file__).parent / "fixtures" / "reports"
INPUTS = Path(__file__).parent / "fixtures" / "ingest"


def check_json(cli, *args, input=None):
    result = cli("check", *args, "--format", "json", input=input)
    assert result.returncode in (0, 1, 2), result.stderr
    return result, json.loads(result.stdout)


def test_terminal_output_says_what_was_read_what_is_unknown_and_how_sure(cli):
    result = cli("check", "--from", str(REPORTS / "001-comic-translate-torch-cpu-wheel.txt"))
    assert result.returncode == exitcodes.ERRORS, result.stderr
    out = " ".join(result.stdout.split())  # the terminal report wraps long lines
    assert "torch is a CPU-only build" in out and "[torch_cpu_only]" in out
    assert "Read from the paste (10 lines):" in out
    assert "line 1: Ultralytics banner" in out
    assert "line 2: error message ultralytics-invalid-cuda-device (likely)" in out
    assert "Not known from the paste:" in out and "NVIDIA driver version" in out
    assert "facts parsed from a pasted report" in out
    assert "Traceback" not in result.stderr


def test_json_document_carries_the_triage(cli):
    _, doc = check_json(cli, "--from", str(REPORTS / "016-sdnext-torch-cu121-torchvision-cu124.txt"))
    assert doc["target"]["origin"] == "pasted"
    assert doc["findings"][0]["category"] == "torchvision_mismatch"
    assert doc["findings"][0]["certainty"] == "certain"
    triage = doc["triage"]
    # the shell prompts ("(venv) C:\\Users\\...>pip show torch") say Windows; the listings say the versions
    assert [p["kind"] for p in triage["read"]] == ["paths", "pip_show", "paths", "pip_show"]
    assert triage["signals"][0]["id"] == "torchvision-nms-missing"
    assert "NVIDIA driver version" in triage["unknown"]
    assert doc["facts"]["torch"]["version"] == "2.4.0+cu121"


def test_reading_stdin(cli):
    text = (REPORTS / "004-cluster-nvml-mismatch-unattended-upgrade.txt").read_text()
    _, doc = check_json(cli, "--from", "-", input=text)
    assert doc["findings"][0]["category"] == "driver_mismatch"


def test_a_report_written_by_report_is_read_back_exactly(cli, tmp_path):
    facts_file = tmp_path / "facts.json"
    facts = json.loads(cli("facts", "--fast", "--format", "json").stdout)
    facts_file.write_text(json.dumps(facts))
    report = tmp_path / "report.md"
    assert cli("report", "--facts", str(facts_file), "-o", str(report)).returncode == 0
    _, doc = check_json(cli, "--from", str(report))
    read = doc["facts"]
    expected = dict(facts)
    assert read.pop("origin") == "pasted"
    expected.pop("origin")
    assert read == expected
    assert [p["kind"] for p in doc["triage"]["read"]] == ["yolodoctor_report"]


def test_nothing_recognisable(cli, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("the weather was fine\nwe went for a walk\n" * 50)
    result = cli("check", "--from", str(junk))
    assert result.returncode == exitcodes.HEALTHY
    assert "nothing recognised" in result.stdout


def test_binary_is_not_a_report(cli, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 100)
    result = cli("check", "--from", str(junk))
    assert result.returncode == exitcodes.DATA
    assert "not a text report" in result.stderr


def test_a_missing_file_a_directory_and_conflicting_options_are_usage_errors(cli, tmp_path):
    for args in (["--from", str(tmp_path / "nope.txt")], ["--from", str(tmp_path)],
                 ["--from", str(REPORTS / "002-yuan2-driver-too-old-11000.txt"), "--facts", "x.json"]):
        result = cli("check", *args)
        assert result.returncode == exitcodes.USAGE, (args, result.stderr)
        assert result.stderr.startswith("yolodoctor: error:") and result.stderr.count("\n") == 1


def test_areas_limit_the_findings(cli):
    _, doc = check_json(cli, "--from", str(REPORTS / "001-comic-translate-torch-cpu-wheel.txt"), "ultralytics")
    assert {f["area"] for f in doc["findings"]} <= {"ultralytics"}


def test_the_pasted_report_members_are_documented(cli):
    from test_docs_json import documented

    _, doc = check_json(cli, "--from", str(REPORTS / "001-comic-translate-torch-cpu-wheel.txt"))
    assert set(doc) <= set(documented("Top level"))
    assert set(doc["triage"]) <= set(documented("`triage`"))
    for finding in doc["findings"]:
        assert set(finding) <= set(documented("`findings`"))
        if not finding["id"].startswith("YD"):  # rules document their own data keys
            assert set(finding["data"]) <= {"signals", "lines", "alternative_of"}


def test_a_broken_signature_table_is_reported_in_one_line(tmp_path):
    import shutil
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    copy = tmp_path / "repo"
    shutil.copytree(repo / "yolodoctor", copy / "yolodoctor", ignore=shutil.ignore_patterns("__pycache__"))
    for kind in ("compat", "rules"):
        shutil.copytree(repo / kind, copy / kind)
    table = next((copy / d / "error_signatures.toml" for d in ("compat", "yolodoctor/ingest")
                  if (copy / d / "error_signatures.toml").is_file()))
    table.write_text(table.read_text(encoding="utf-8").replace('category = "gpu_oom"', 'category = "nonsense"'),
                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from",
                             str(REPORTS / "024-cyclegan-oom-shared-gpu.txt")],
                            capture_output=True, text=True, cwd=copy, timeout=120)
    assert result.returncode == exitcodes.INTERNAL
    assert result.stderr.startswith("yolodoctor: error: the knowledge files of this installation are broken")
    assert "nonsense" in result.stderr and "Traceback" not in result.stderr
