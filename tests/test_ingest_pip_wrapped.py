"""pip's "no matching version" message wrapped over lines is read as the one line pip printed."""

from __future__ import annotations

import pytest

from tests.pasted import check_findings
from yolodoctor.ingest.context import read_context
from yolodoctor.ingest.pip_offer import read_offers
from yolodoctor.ingest.pip_wrapped import joined


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.splitlines(), start=1))


def test_wrapped_versions_list_is_joined_and_read():
    lines = numbered(
        "Could not find a version that satisfies the requirement django-embed-video==1.1.0 (from \n"
        "versions: 0.0.1, 0.1.0, 1.0.0, \n"
        "1.1.2) No matching distribution found for django-embed-video==1.1.0\n")
    text = joined(lines, 0)
    offers = read_offers([(1, text)])
    assert offers[0].name == "django-embed-video"
    assert offers[0].version == "1.1.0"
    assert offers[0].offered == ("0.0.1", "0.1.0", "1.0.0", "1.1.2")


def test_pin_on_the_next_line_is_joined():
    lines = numbered("ERROR: Could not find a version that satisfies the requirement\n"
                     "torch==1.12.1 (from versions: 2.0.0, 2.0.1)\n")
    offers = read_offers([(1, joined(lines, 0))])
    assert (offers[0].name, offers[0].version, offers[0].offered) == ("torch", "1.12.1", ("2.0.0", "2.0.1"))


@pytest.mark.parametrize("text", [
    # finished on its own line: nothing is appended
    "ERROR: Could not find a version that satisfies the requirement torch==9.9 (from versions: none)\nnext line\n",
    "ERROR: Could not find a version that satisfies the requirement torch==9.9\nERROR: No matching distribution\n",
    # unfinished, but the next line is pip's next message or blank
    "ERROR: Could not find a version that satisfies the requirement torch==9.9 (from versions: 1.0,\n"
    "ERROR: No matching distribution found for torch==9.9\n",
    "ERROR: Could not find a version that satisfies the requirement\n\ntorch==9.9\n",
])
def test_finished_or_interrupted_message_is_left_alone(text):
    lines = numbered(text)
    assert joined(lines, 0) == lines[0][1]


def test_joining_is_bounded():
    lines = numbered("Could not find a version that satisfies the requirement x==1.0 (from versions: 0.1,\n"
                     + "0.2,\n" * 50)
    text = joined(lines, 0)
    assert text.count("0.2,") == 4
    assert len(joined([(1, "satisfies the requirement x==1 (from versions: " + "1," * 5000)], 0)) <= 4000


def test_a_wrapped_list_is_judged_like_an_unwrapped_one():
    # the same message as pip printed it, and as a narrow terminal wrapped it: the list is read either way (only
    # later releases on offer), so the finding names the first release offered
    one_line = ("ERROR: Could not find a version that satisfies the requirement jpterm==0.2.9 "
                "(from versions: 0.2.11, 0.2.12, 0.3.0)\n"
                "ERROR: No matching distribution found for jpterm==0.2.9")
    wrapped = ("ERROR: Could not find a version that satisfies the requirement jpterm==0.2.9 (from\n"
               "versions: 0.2.11,\n0.2.12, 0.3.0)\n"
               "ERROR: No matching distribution found for jpterm==0.2.9")
    first = check_findings(one_line)[0]
    assert "from 0.2.11" in first["title"]
    again = check_findings(wrapped)[0]
    assert (again["category"], again["title"]) == (first["category"], first["title"])
    kept = dict(read_context(numbered(wrapped)).pip_lines)
    assert kept[1].endswith("0.2.12, 0.3.0)")
