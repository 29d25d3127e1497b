"""`yolodoctor facts` parsed without typer (commands/fastpath.py) means exactly
what typer would make of the same command line; anything else goes to typer."""

from __future__ import annotations

import pytest
import typer

from yolodoctor import cli, exitcodes
from yolodoctor.commands import facts_cmd
from yolodoctor.commands.fastpath import run_fast
from yolodoctor.facts.model import Facts


@pytest.fixture
def calls(monkeypatch):
    seen = []

    def fake_collect(python, fast, timeout, network=None):
        seen.append({"python": python, "fast": fast, "timeout": timeout})
        return Facts()

    monkeypatch.setattr(facts_cmd, "collect_facts", fake_collect)
    return seen


def _callbacks():
    return {c.name: c.callback for c in cli.app.registered_commands if c.name}


SIMPLE = [
    ["facts"],
    ["facts", "--fast"],
    ["facts", "--fast", "--format", "json"],
    ["facts", "-f", "json", "-v"],
    ["facts", "--format=json", "--timeout", "5"],
    ["facts", "--python", "/opt/env/bin/python3", "--timeout", "2.5", "--format", "json"],
    ["facts", "--offline", "--network-timeout", "2"],
]


@pytest.mark.parametrize("args", SIMPLE, ids=" ".join)
def test_fast_path_takes_simple_lines_and_agrees_with_typer(args, calls, capsys):
    assert run_fast(_callbacks(), args) == 0
    fast = calls.pop()
    fast_out = capsys.readouterr().out
    assert cli.app(args=args, prog_name="yolodoctor", standalone_mode=False) == 0
    assert calls.pop() == fast
    assert capsys.readouterr().out == fast_out


@pytest.mark.parametrize("args", [
    ["facts", "-h"],
    ["facts", "--help"],
    ["facts", "--timeout", "0.01"],  # below the declared minimum: typer says so
    ["facts", "--timeout", "soon"],
    ["facts", "--bogus"],
    ["facts", "--form", "json"],  # no abbreviations
    ["facts", "--python"],
    ["facts", "--network-timeout", "100"],  # above the declared maximum
    ["--version"],
], ids=" ".join)
def test_fast_path_leaves_everything_else_to_typer(args, calls):
    assert run_fast(_callbacks(), args) is None
    assert calls == []


def test_main_gives_typer_messages_for_lines_the_fast_path_declines(capsys):
    assert cli.main(["facts", "--timeout", "0.01"]) == exitcodes.USAGE
    assert "--timeout" in capsys.readouterr().err


# `check` too: the same parse, typer's and the fast path's, for the lines CI and users type.
CHECK = [
    ["check"],
    ["check", "--offline"],
    ["check", "--fast", "--offline"],
    ["check", "driver", "cuda", "--format", "json"],
    ["check", "--profile", "yolov12", "--fail-on", "error", "--ignore", "YD101", "--ignore", "YD204"],
    ["check", "--facts", "facts.json", "-f", "github", "-v"],
    ["check", "--no-policy", "--network-timeout", "1.5", "--timeout", "30"],
]


def _recording_check(seen):
    import functools

    from yolodoctor.commands import check_cmd

    app = typer.Typer()
    check_cmd.register(app)
    real = next(c.callback for c in app.registered_commands if c.name == "check")

    @functools.wraps(real)
    def record(**kwargs):
        seen.append({k: (list(v) or None) if isinstance(v, (list, tuple)) else v for k, v in kwargs.items()})
        return 0

    recorder = typer.Typer()
    recorder.command("check")(record)
    recorder.command("other")(lambda: 0)  # two commands: typer keeps the command name on the line
    return record, recorder


@pytest.mark.parametrize("args", CHECK, ids=" ".join)
def test_check_lines_parse_the_same_both_ways(args):
    seen: list = []
    record, recorder = _recording_check(seen)
    assert run_fast({"check": record}, args) == 0
    assert recorder(args=args, prog_name="yolodoctor", standalone_mode=False) == 0
    fast, typer_made = seen
    assert fast == typer_made


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--help"], ["check", "--fail-on"],
                                  ["check", "--timeout", "0"], ["check", "--facts", "f", "--python"]], ids=" ".join)
def test_check_lines_the_fast_path_declines(args):
    seen: list = []
    record, _ = _recording_check(seen)
    assert run_fast({"check": record}, args) is None and seen == []
