"""`yolodoctor facts` parsed without typer (commands/fastpath.py) means exactly
what typer would make of the same command line; anything else goes to typer."""

from __future__ import annotations

import pytest

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
