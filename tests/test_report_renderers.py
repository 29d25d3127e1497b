"""The report document and its renderers, without a subprocess."""

import io
import json
import xml.etree.ElementTree as ET

from diagnose_machines import RTX_4090, machine, pkg
from rich.console import Console

from yolodoctor.diagnose.engine import exit_code_for, run
from yolodoctor.report.check_report import CheckOptions, build_document
from yolodoctor.report.github import render_github
from yolodoctor.report.junit import render_junit
from yolodoctor.report.markdown import render_markdown
from yolodoctor.report.summary import ASCII_SYMBOLS, SYMBOLS, print_report, symbols_for


def document(facts, **options):
    opts = CheckOptions(**options)
    diagnosis = run(facts, opts.areas or None, opts.profile, strict=True)
    return build_document(facts, diagnosis, opts, exit_code_for(diagnosis.findings, opts.fail_on))


def broken_machine():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu121",
                    packages={"torchvision": pkg("0.20.1+cu124", nms_ok=True)})
    facts.python.pip_config.extra_index_urls = ["https://me:hunter2@pkgs.example/simple"]
    facts.torch.warnings = ["token=abcd1234 leaked, 50%: done"]
    return facts


def test_document_is_json_and_redacted():
    doc = document(broken_machine())
    text = json.dumps(doc)
    assert "hunter2" not in text and "abcd1234" not in text and "***@pkgs.example" in text
    assert doc["areas"][3]["area"] == "torchvision" and doc["areas"][3]["status"] == "error"


def test_area_statuses():
    doc = document(machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124"))
    status = {a["area"]: a["status"] for a in doc["areas"]}
    assert status["driver"] == "ok" and status["flash_attn"] == "absent" and status["network"] == "unknown"
    assert next(a for a in doc["areas"] if a["area"] == "network")["summary"] == "not probed"
    offline = document(machine(), offline=True)
    assert offline["areas"][-1]["summary"] == "not probed (--offline)"


def test_github_escaping():
    doc = document(broken_machine())
    doc["findings"][0]["title"] = "a: b, c"
    doc["findings"][0]["message"] = "50% done\nnext line"
    line = render_github(doc).splitlines()[0]
    assert line.startswith("::error title=YD301 a%3A b%2C c::50%25 done%0Anext line")


def test_junit_respects_fail_on():
    doc = document(machine(container="docker", shm=2 ** 26, gpus=[RTX_4090], driver="550.54.14"), fail_on="error")
    suite = ET.fromstring(render_junit(doc)).find("testsuite")
    assert suite.get("failures") == "0"
    system = next(c for c in suite.iter("testcase") if c.get("name") == "System")  # one case per area
    assert system.find("failure") is None and "YD701" in system.find("system-out").text


def test_markdown_escapes_table_cells():
    doc = document(machine())
    doc["areas"][0]["summary"] = "a | b"
    assert "a \\| b" in render_markdown(doc)


def test_terminal_falls_back_to_ascii_marks():
    assert symbols_for(io.TextIOWrapper(io.BytesIO(), encoding="cp1252")) is ASCII_SYMBOLS
    assert symbols_for(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) is SYMBOLS


def test_terminal_report_never_wraps_commands():
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, highlight=False, color_system=None)
    doc = document(broken_machine())
    print_report(doc, console=console)
    text = buffer.getvalue()
    command = next(line for line in text.splitlines() if "-m pip install" in line)
    assert "--index-url https://download.pytorch.org/whl/cu121" in command
    assert "abcd1234" not in text and "hunter2" not in text
