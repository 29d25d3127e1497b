"""`yolodoctor report`: markdown for an issue, redacted, read back exactly by the ingest."""

import json
import os
import sys
import types

from yolodoctor import exitcodes
from yolodoctor.commands.common import collect_facts
from yolodoctor.diagnose.model import Finding
from yolodoctor.facts.model import (Distribution, Facts, Gpu, GpuProcess, Package, Toolkit, TorchDevice, to_dict)
from yolodoctor.ingest import ingest_text
from yolodoctor.report.markdown_report import BLOCK_END, BLOCK_START, redacted_facts, render_report

TOKEN = "hf_" + "a1B2c3D4e5F6g7H8i9J0kLmNoPqR"


def rich_facts(home="/home/alice"):
    f = Facts(origin="live", collected_at="2026-11-22T10:00:00+00:00", yolodoctor_version="0.1.0")
    f.host.os, f.host.distro, f.host.arch, f.host.container, f.host.shm_total_bytes = (
        "Linux", "Ubuntu 22.04.4 LTS", "x86_64", "docker", 64 << 20)
    f.nvidia.driver_version, f.nvidia.cuda_driver_version = "535.104.05", "12.2"
    f.nvidia.driver_versions_seen = {"/sys/module/nvidia/version": "535.104.05", "nvml": "535.104.05"}
    f.nvidia.gpus = [Gpu(index=0, name="NVIDIA GeForce RTX 3090", compute_capability="8.6", memory_total_mib=24576,
                         processes=[GpuProcess(pid=7, name="python", used_mib=100)])]
    f.cuda.toolkits = [Toolkit(path="/usr/local/cuda-12.1", version="12.1.105", source="version.json")]
    f.python.executable = f"{home}/venvs/yolo/bin/python"
    f.python.version = "3.10.12"
    f.python.pip_config.index_url = "https://alice:s3cretpass@pypi.internal.example/simple"
    f.python.distributions = [Distribution(name="torch", version="2.1.0+cu121", location=f"{home}/venvs/yolo/lib")]
    f.torch.status, f.torch.version, f.torch.cuda, f.torch.cuda_available = "ok", "2.1.0+cu121", "12.1", True
    f.torch.devices = [TorchDevice(index=0, name="NVIDIA GeForce RTX 3090", capability="8.6",
                                   total_memory_bytes=25_000_000_000)]
    f.torch.arch_list = ["sm_50", "sm_86"]
    f.packages["flash_attn"] = Package(status="error", error=f"ImportError: {home}/x.so: undefined symbol",
                                       details={"cuda_ext_ok": False, "ninja_on_path": None})
    f.env.hf_token_set = True
    f.env.pip_extra_index_url = f"https://token:{TOKEN}@example.com/simple"
    f.probe_errors = []
    return f


def block_of(markdown):
    start = markdown.index("```json") + len("```json")
    return json.loads(markdown[start:markdown.index("```", start)])


def test_round_trip_of_a_rich_facts_document():
    facts = rich_facts()
    markdown = render_report(facts)
    expected = redacted_facts(facts)
    read = to_dict(ingest_text(markdown).facts)
    assert read.pop("origin") == "pasted"
    expected.pop("origin")
    assert read == expected
    assert "s3cretpass" not in markdown and TOKEN not in markdown


def test_round_trip_of_this_machine():
    facts = collect_facts(None, fast=True, timeout=30)
    result = ingest_text(render_report(facts))
    read, expected = to_dict(result.facts), redacted_facts(facts)
    read.pop("origin"), expected.pop("origin")
    assert read == json.loads(json.dumps(expected, default=str))
    assert [p.kind for p in result.summary.parts] == ["yolodoctor_report"]
    assert result.signals == [] and result.summary.conflicts == ()


def test_user_names_and_home_are_replaced_when_asked():
    facts = rich_facts()
    markdown = render_report(facts, user=("/home/alice", "alice"))
    assert "alice" not in markdown
    assert block_of(markdown)["python"]["executable"] == "~/venvs/yolo/bin/python"
    assert "/home/alice" in render_report(facts)  # only when asked


def test_the_report_survives_being_pasted_with_more_text_around_it():
    markdown = render_report(rich_facts())
    paste = ("Here is my environment:\n\n" + markdown.replace("\n", "\r\n") + "\n\nand then training said:\n"
             "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 23.69 GiB total capacity)\n"
             "torch.backends.cudnn.version(): 8902\n")
    result = ingest_text(paste)
    assert result.facts.nvidia.driver_version == "535.104.05"
    assert result.facts.torch.cudnn_version == "8.9.2"  # the report did not know it; the extra line did
    assert [s.id for s in result.signals] == ["cuda-out-of-memory"]


def test_a_damaged_facts_block_is_noted_not_fatal():
    markdown = render_report(rich_facts())
    broken = markdown.replace('"schema": "yolodoctor.facts/1"', '"schema": "something-else/9"')
    result = ingest_text(broken)
    assert result.facts.nvidia.driver_version is None
    assert any("cannot be read" in note for note in result.summary.unmapped)


def test_findings_are_included_and_redacted_when_a_diagnosis_engine_exists(monkeypatch):
    from yolodoctor.commands import report_cmd

    finding = Finding(id="YD101", category="driver_too_old", severity="error", area="driver",
                      title="Driver too old", message="driver at /home/alice/x is older than CUDA 12.1 needs",
                      fix=f"export HF_TOKEN={TOKEN}; update the driver")
    engine = types.ModuleType("yolodoctor.diagnose.engine")
    engine.diagnose = lambda facts: [finding]
    # The stand-in engine is seen by _diagnose alone: rendering imports the real one.
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "yolodoctor.diagnose.engine", engine)
        findings, note = report_cmd._diagnose(rich_facts())
    assert findings == [finding] and note is None
    markdown = render_report(rich_facts(), findings, user=("/home/alice", "alice"))
    assert "**YD101** Driver too old (error, `driver_too_old`)" in markdown and "update the driver" in markdown
    assert TOKEN not in markdown and "alice" not in markdown


def test_without_an_engine_the_report_says_there_is_no_diagnosis(monkeypatch):
    from yolodoctor.commands import report_cmd

    monkeypatch.setitem(sys.modules, "yolodoctor.diagnose.engine", None)  # import fails
    findings, note = report_cmd._diagnose(rich_facts())
    assert findings is None and "no diagnosis engine" in note


def test_cli_report_from_a_facts_file_to_an_output_file(cli, tmp_path):
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(json.dumps(to_dict(rich_facts())))
    out = tmp_path / "report.md"
    env = dict(os.environ, HOME="/home/alice", USER="alice", LOGNAME="alice")
    result = cli("report", "--facts", str(facts_file), "--redact-user", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    markdown = out.read_text(encoding="utf-8")
    assert BLOCK_START in markdown and BLOCK_END in markdown
    assert "alice" not in markdown and "s3cretpass" not in markdown
    assert ingest_text(markdown).facts.nvidia.gpus[0].name == "NVIDIA GeForce RTX 3090"


def test_cli_report_to_an_unwritable_place_is_a_clear_error(cli, tmp_path):
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(json.dumps(to_dict(rich_facts())))
    result = cli("report", "--facts", str(facts_file), "-o", str(tmp_path / "no" / "such" / "dir" / "r.md"))
    assert result.returncode == exitcodes.USAGE
    assert result.stderr.startswith("yolodoctor: error: cannot write") and "Traceback" not in result.stderr


def test_the_facts_block_alone_is_read_too():
    markdown = render_report(rich_facts())
    block = markdown[markdown.index("```json"):markdown.index("```", markdown.index("```json") + 7) + 3]
    result = ingest_text("my facts:\n" + block + "\n")
    assert result.facts.nvidia.driver_version == "535.104.05"
    assert [p.kind for p in result.summary.parts] == ["yolodoctor_json"]


def test_cli_report_refuses_facts_and_python_together(cli, tmp_path):
    result = cli("report", "--facts", str(tmp_path / "f.json"), "--python", "/usr/bin/python3")
    assert result.returncode == exitcodes.USAGE and "cannot be combined" in result.stderr
