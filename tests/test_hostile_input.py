"""Hostile input at every door: bounded reads, documents validated before any rule, versions that do
not parse, non-reports, long lines and error-dense logs, control characters."""

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from yolodoctor.documents import FACTS_MAX_BYTES, PLAN_MAX_BYTES, POLICY_MAX_BYTES, size_label
from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.errors import MATCH_LINE_CHARS, TRUNCATED

FACTS = REPO / "tests" / "fixtures" / "facts" / "driver-535-torch-cu124-minor-compat.json"


def _facts() -> dict:
    return json.loads(FACTS.read_text())


def _peak_rss_mib_of_children() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ---- bounded reads ----------------------------------------------------------------------------

def test_facts_from_dev_zero_fails_fast_naming_the_cap():
    result = run_cli("check", "--facts", "/dev/zero", timeout=60)
    assert result.returncode == 65
    assert size_label(FACTS_MAX_BYTES) in result.stderr and "facts file" in result.stderr
    assert "Traceback" not in result.stderr
    assert _peak_rss_mib_of_children() < 1024  # was 12.8 GB before the cap


def test_plan_from_dev_zero_fails_fast_naming_the_cap():
    result = run_cli("fix", "--plan", "/dev/zero", timeout=60)
    assert result.returncode == 65, result.stderr
    assert size_label(PLAN_MAX_BYTES) in result.stderr


def test_oversized_policy_is_refused_naming_the_cap(tmp_path):
    policy = tmp_path / "yolodoctor.toml"
    policy.write_text("# padding\n" * (POLICY_MAX_BYTES // 10 + 10))
    result = run_cli("check", "--facts", str(FACTS), "--policy", str(policy))
    assert result.returncode == 65
    assert size_label(POLICY_MAX_BYTES) in result.stderr


# ---- one validation layer -----------------------------------------------------------------------

@pytest.mark.parametrize("mutate,words", [
    (lambda d: d["torch"].__setitem__("import_seconds", "slow"), "expected a finite number"),
    (lambda d: d["torch"].__setitem__("import_seconds", float("nan")), "NaN"),
    (lambda d: d["torch"].__setitem__("import_seconds", float("inf")), "Infinity"),
])
def test_ill_typed_facts_file_is_refused_with_65(tmp_path, mutate, words):
    data = _facts()
    mutate(data)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data))  # json.dumps writes NaN/Infinity, as a careless producer would
    result = run_cli("check", "--facts", str(path))
    assert result.returncode == 65, result.stderr
    assert words in result.stderr


def test_deep_nesting_is_65_not_a_recursion_error(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text("[" * 100000 + "]" * 100000)
    result = run_cli("check", "--facts", str(path))
    assert result.returncode == 65
    assert "nests deeper" in result.stderr


def test_huge_number_overflowing_to_infinity_is_refused(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(FACTS.read_text().replace('"schema"', '"x": 1e999, "schema"', 1))
    assert run_cli("check", "--facts", str(path)).returncode == 65


def test_pasted_facts_block_with_a_string_in_a_float_field_loses_only_itself(tmp_path):
    block = json.dumps({"schema": "yolodoctor.facts/1", "torch": {"import_seconds": "fast"}}, indent=2)
    paste = tmp_path / "paste.txt"
    paste.write_text("```json\n" + block + "\n```\nRuntimeError: CUDA error: out of memory\n")
    result = run_cli("check", "--from", str(paste), "--format", "json")
    assert result.returncode in (0, 1, 2), result.stderr
    document = json.loads(result.stdout)
    assert any("cannot be read" in n for n in document["triage"]["notes"])
    assert document["triage"]["signals"]  # the rest of the paste was still read


@pytest.mark.parametrize("field,value", [
    (("torch", "cuda"), "12.4.junk"), (("nvidia", "driver_version"), "abc.def"), (("torch", "version"), "2.x.junk"),
])
def test_unparseable_versions_become_facts_not_crashes(tmp_path, field, value):
    data = _facts()
    data[field[0]][field[1]] = value
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data))
    result = run_cli("check", "--facts", str(path), "--format", "json")
    assert result.returncode in (0, 1, 2), result.stderr  # was 70: four rules raised
    document = json.loads(result.stdout)
    messages = [e["message"] for e in document["facts"]["probe_errors"] if e["probe"] == "unparseable version"]
    assert any(repr(value) in m for m in messages), messages


# ---- --from sanity ------------------------------------------------------------------------------

def test_empty_paste_is_nothing_to_diagnose(tmp_path):
    for content in ("", "\n   \n\t\n"):
        paste = tmp_path / "empty.txt"
        paste.write_text(content)
        result = run_cli("check", "--from", str(paste))
        assert result.returncode == 66
        assert "nothing to diagnose" in result.stderr


def test_binary_is_not_a_text_report_even_with_an_error_string_inside(tmp_path):
    blob = tmp_path / "libfake.so"
    blob.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40
                     + b"\x00Failed to initialize NVML: Driver/library version mismatch\x00" + b"\x00" * 500)
    result = run_cli("check", "--from", str(blob))
    assert result.returncode == 65  # was 2 with a "certain" error
    assert "not a text report" in result.stderr


def test_stdin_binary_is_refused_too():
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", "-"], input=b"\x00\x01\x02" * 1000,
                            capture_output=True, timeout=60, cwd=str(REPO))
    assert result.returncode == 65


# ---- long lines and error-dense logs --------------------------------------------------------------

def test_a_long_line_is_matched_on_a_window_and_the_evidence_says_so():
    needle = "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation."
    text = "x" * 50000 + needle + "y" * 3000 + "\n"
    result = ingest_text(text)
    signal = next(s for s in result.signals if s.id == "torch-sm-not-compatible")
    assert signal.text.endswith(TRUNCATED)


def test_error_dense_log_counts_every_line_once():
    text = "RuntimeError: CUDA error: out of memory\n" * 20000
    result = ingest_text(text)
    counts = {s.id: s.count for s in result.signals}
    assert counts, result.signals
    assert max(counts.values()) == 20000


def test_lines_full_of_the_needle_without_the_message_finish_and_find_nothing():
    text = ("is not compatible with the current PyTorch installation " * 150 + "\n") * 8
    result = ingest_text(text)
    assert not [s for s in result.signals if s.id == "torch-sm-not-compatible"]


# ---- report --offline ---------------------------------------------------------------------------------

def test_report_offline_exists_and_reports(tmp_path):
    out = tmp_path / "r.md"
    result = run_cli("report", "--offline", "--facts", str(FACTS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "yolodoctor-report" in out.read_text()


# ---- probe output --------------------------------------------------------------------------------------

def test_a_command_that_prints_hundreds_of_mb_keeps_head_and_tail_and_says_what_was_dropped():
    from yolodoctor.facts.runner import OUTPUT_LIMIT, run

    script = ("import sys\nsys.stderr.write('FIRST LINE\\n')\nblock = 'x' * 1023 + '\\n'\n"
              "for _ in range(200 * 1024): sys.stderr.write(block)\nsys.stderr.write('LAST WORDS\\n')\n")
    result = run([sys.executable, "-c", script], timeout=120)
    assert result.stderr.startswith("FIRST LINE")
    assert result.stderr.rstrip().endswith("LAST WORDS")
    assert "bytes of output dropped here" in result.stderr
    assert len(result.stderr) < OUTPUT_LIMIT + 2 * 65536 + 200  # a pipe chunk either side at most
