"""Output that copies and pastes: every command's terminal output, rendered at 80
and at 200 columns, never splits a command or a URL across lines, and at 80
columns no line is wider than the terminal unless it starts with one such unit
(which is then printed whole on a line of its own).

The commands are the real CLI, on the facts fixtures, the pasted reports of
tests/fixtures/reports, every rule and every profile. What must stay whole is
read from the same command's JSON (the fix commands, URLs and inline commands
of its findings), not from the terminal text being judged.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness.run import REPO
from yolodoctor.copytext import spans, wrap

FACTS = sorted((REPO / "tests" / "fixtures" / "facts").glob("*.json"))
REPORTS = sorted((REPO / "tests" / "fixtures" / "reports").glob("*.txt"))
COMMANDS = ("check", "facts", "fix", "smoke", "profiles", "report", "rules", "explain", "history", "rollback")

# One interpreter renders every command line in turn (a process per command
# line would take minutes): the real main(), output separated by a marker.
DRIVER = r'''
import contextlib, io, json, sys
from yolodoctor.cli import main
results = []
for argv in json.load(sys.stdin):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    results.append({"argv": argv, "code": code, "out": out.getvalue()})
sys.stdout.write(json.dumps(results))
'''


def _render(argvs: list[list[str]], columns: int) -> list[dict]:
    env = dict(os.environ, COLUMNS=str(columns), LINES="50", TERM="dumb", NO_COLOR="1", YOLODOCTOR_OFFLINE="1")
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([sys.executable, "-c", DRIVER], input=json.dumps(argvs), capture_output=True, text=True,
                          env=env, cwd=str(REPO), timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _units_in(document) -> set[str]:
    """What must never be split, read from a JSON document: every command line of a
    fix (indented by two spaces), every inline command and every URL."""
    units = set()
    for text in _strings(document):
        for line in text.splitlines():
            if line.startswith("  ") and line.strip():
                units.add(line.strip())
            else:
                units.update(line[a:b] for a, b in spans(line))
    return {u for u in units if " " in u or u.startswith("http")}


@pytest.fixture(scope="module")
def cases():
    """(argv, units that must stay whole) for every command line rendered."""
    rules = json.loads(_render([["rules", "--format", "json"]], 200)[0]["out"])
    profiles = json.loads(_render([["profiles", "--format", "json"]], 200)[0]["out"])
    profile_names = [p["name"] for p in (profiles if isinstance(profiles, list) else profiles.get("profiles", []))]
    assert rules and profile_names
    jsons = []
    cases = [(["--help"], set())] + [([c, "--help"], set()) for c in COMMANDS]
    cases += [(["rules"], set()), (["profiles"], set()), (["history"], set())]
    for rule in rules:
        cases.append((["explain", rule["id"]], _units_in(rule)))
    for name in profile_names:
        cases.append((["profiles", name], set()))
    for path in FACTS:
        for verbose in ([], ["-v"]):
            cases.append((["check", *verbose, "--facts", str(path)], None))
            jsons.append(["check", "--facts", str(path), "--format", "json", "--fail-on", "never"])
        cases.append((["facts", "--facts", str(path)], set()))
    for path in REPORTS:
        cases.append((["check", "--from", str(path)], None))
        jsons.append(["check", "--from", str(path), "--format", "json", "--fail-on", "never"])
    documents = {}
    for result in _render(jsons, 200):
        argv = result["argv"]
        source = argv[argv.index("--facts") + 1] if "--facts" in argv else argv[argv.index("--from") + 1]
        documents[source] = json.loads(result["out"])
    out = []
    for argv, units in cases:
        if units is None:
            source = argv[-1]
            units = _units_in(documents[source]["findings"])
        out.append((argv, units))
    return out


@pytest.fixture(scope="module")
def rendered(cases):
    argvs = [argv for argv, _ in cases]
    return {width: _render(argvs, width) for width in (80, 200)}


def _overflows_for_a_unit(line: str) -> bool:
    """Wider than the terminal only because of one command, URL or long word, which
    starts the line or (in a label / value table) is the whole value."""
    last = line.split()[-1] if line.split() else ""
    return _starts_with_unit(line) or len(last) > 40


def _starts_with_unit(line: str) -> bool:
    text = line.strip()
    text = (text[2:] if text.startswith("- ") else text).lstrip("(`")  # a list item's bullet
    if not text:
        return False
    first = spans(text)
    return bool(first and first[0][0] == 0) or len(text.split()[0]) > 40


@pytest.mark.parametrize("width", [80, 200])
def test_no_command_or_url_is_split(cases, rendered, width):
    checked = 0
    for (argv, units), result in zip(cases, rendered[width]):
        assert result["code"] in (0, 1, 2), (argv, result["code"], result["out"][-500:])
        lines = result["out"].splitlines()
        flowed = " ".join(result["out"].split())  # a split unit is still here, whole
        for unit in units:
            if " ".join(unit.split()) not in flowed:
                continue  # not shown by this command (explanations appear only under -v)
            checked += 1
            assert any(unit in line for line in lines), \
                f"`{' '.join(argv)}` at {width} columns splits {unit!r}:\n" + \
                "\n".join(line for line in lines if unit.split()[0] in line)
    assert checked > 100  # the fixtures do show commands and URLs


def test_every_line_fits_80_columns_unless_a_command_does_not(cases, rendered):
    for (argv, units), result in zip(cases, rendered[80]):
        for line in result["out"].splitlines():
            line = line.rstrip()
            if len(line) > 80 and line.strip() not in units:
                assert _overflows_for_a_unit(line), f"`{' '.join(argv)}` at 80 columns:\n{line}"


def test_help_shows_no_python_types(rendered, cases):
    for (argv, _), result in zip(cases, rendered[80]):
        if argv[-1] == "--help":
            assert "<bool>" not in result["out"] and "<str>" not in result["out"], argv
            assert "│" not in result["out"], argv  # no box drawing to paste along with an option


def test_fast_help_says_what_fast_does(rendered, cases):
    text = next(r["out"] for (argv, _), r in zip(cases, rendered[200]) if argv == ["check", "--help"])
    assert "nvidia-smi" in " ".join(text.split())  # --fast still runs it; the help must not say otherwise


# The wrapping itself, on fix texts from the knowledge files, at every width.

def _knowledge_texts() -> list[str]:
    texts = []
    for path in sorted((REPO / "rules").glob("*.toml")) + sorted((REPO / "compat").glob("*.toml")):
        texts += re.findall(r'^(?:fix|host_setup|explanation)\s*=\s*"((?:[^"\\]|\\.)*)"', path.read_text(), re.M)
    return texts


def test_the_commands_the_issue_saw_split_are_found():
    text = ("Install the NVIDIA Container Toolkit on the host and configure Docker for it "
            "(sudo nvidia-ctk runtime configure --runtime=docker; sudo systemctl restart docker).")
    assert [text[a:b] for a, b in spans(text)] == ["sudo nvidia-ctk runtime configure --runtime=docker",
                                                    "sudo systemctl restart docker"]
    text = "Read the kernel log (sudo dmesg | grep -i -E 'nvrm|xid'). See https://docs.nvidia.com/deploy/xid-errors/."
    assert [text[a:b] for a, b in spans(text)] == ["sudo dmesg | grep -i -E 'nvrm|xid'",
                                                    "https://docs.nvidia.com/deploy/xid-errors/"]
    text = "nvidia-smi hangs or NVML fails"
    assert [text[a:b] for a, b in spans(text)] == ["nvidia-smi hangs"]  # the prose after "or" is not the command


@pytest.mark.parametrize("width", [20, 37, 52, 80, 120])
def test_wrap_keeps_every_unit_whole_and_every_word(width):
    texts = _knowledge_texts()
    assert len(texts) > 50
    for text in texts:
        flat = " ".join(text.split())
        lines = wrap(flat, width)
        assert " ".join(lines) == flat
        for a, b in spans(flat):
            assert any(flat[a:b] in line for line in lines), (flat[a:b], lines)
        for line in lines:
            assert len(line) <= width or _starts_with_unit(line) or " " not in line, (width, line)
