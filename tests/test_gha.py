"""Workflow commands survive the runner's parser exactly: what we print is what GitHub shows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow_commands import parse
from yolodoctor.report.gha import annotation, escape_data, escape_property, level_for, workflow_command

nasty = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc")), max_size=80)


def test_documented_escapes():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a: b, c%") == "a%3A b%2C c%25"
    # Data keeps ':' and ',' (the message is the last field, after the '::').
    assert escape_data("a: b, c") == "a: b, c"


def test_a_real_annotation_line():
    line = annotation("error", "torch 2.4.1+cu121 is built for CUDA 12.1;\nneeds >=11.8,<12",
                      title="YD1004: torch CUDA, outside range")
    assert line == ("::error title=YD1004%3A torch CUDA%2C outside range::"
                    "torch 2.4.1+cu121 is built for CUDA 12.1;%0Aneeds >=11.8,<12")
    assert "\n" not in line


@settings(max_examples=300, deadline=None)
@given(message=nasty, title=nasty, file=nasty)
def test_round_trip_through_the_runner_parser(message, title, file):
    line = annotation("warning", message, title=title or None, file=file or None, line=3)
    assert "\n" not in line and "\r" not in line
    command = parse(line)
    assert command is not None and command.name == "warning"
    assert command.data == message
    if title:
        assert command.properties["title"] == title
    if file:
        assert command.properties["file"] == file
    assert command.properties["line"] == "3"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_escaped_property_never_ends_the_property_part_early(value):
    escaped = escape_property(value)
    assert "::" not in escaped and "," not in escaped and "\n" not in escaped


def test_levels_and_names():
    assert [level_for(s) for s in ("error", "warning", "info")] == ["error", "warning", "notice"]
    with pytest.raises(ValueError):
        annotation("fatal", "x")
    with pytest.raises(ValueError):
        workflow_command("bad name", "x")
    with pytest.raises(ValueError):
        workflow_command("error", "x", {"ti,tle": "y"})
