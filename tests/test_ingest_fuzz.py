"""Property tests: no input crashes or hangs the reader, and cosmetic damage (CRLF, colour codes,
a cp1252 console) does not change what is read."""

import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yolodoctor.facts.model import to_dict
from yolodoctor.ingest import PARSER_FAILURE, ingest_stream, ingest_text
from yolodoctor.ingest.pipeline import INFERRED_KINDS

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = sorted([p.read_text(encoding="utf-8") for p in (FIXTURES / "reports").glob("*.txt")]
                 + [p.read_text(encoding="utf-8") for p in (FIXTURES / "ingest").glob("*.txt")])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_no_parser_failure(result):
    """Every parser survived: a parser that raised leaves a note instead of a result."""
    failures = [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    assert not failures, failures
    return result


def reading(result):
    facts = to_dict(result.facts)
    signals = sorted((s.id, s.line, s.count) for s in result.signals)
    return facts, signals


@SETTINGS
@given(st.binary(max_size=20000))
def test_any_bytes(data):
    result = assert_no_parser_failure(ingest_stream(io.BytesIO(data)))
    assert result.facts.origin == "pasted"


@SETTINGS
@given(st.text(max_size=5000))
def test_any_text(text):
    assert_no_parser_failure(ingest_text(text))


# Text built from the pieces pastes are made of, shuffled, truncated and damaged.
FRAGMENTS = st.sampled_from([line for sample in SAMPLES for line in sample.splitlines()] + [
    "+-----------------------------------------------------------------------------+", "|", "| NVIDIA-SMI",
    "|   0  ", "Package    Version", "---------- -------", "Name: torch", "Version:", "PyTorch version: ",
    "[pip3] torch==", "GPU 0:", "==============NVSMI LOG==============", "GPU 00000000:01:00.0", "    Product Name : ",
    "docker run --gpus", "export CUDA_VISIBLE_DEVICES=", "torch.cuda.is_available()", "```", "<!-- yolodoctor-report v1",
    "```json", "{", '  "schema": "yolodoctor.facts/1",', "}", "Traceback (most recent call last):",
    '  File "/x/site-packages/torch/__init__.py", line 1, in <module>', "ImportError: ", "name, compute_cap",
    "Setup complete ✅", "OS                  Linux-", "CUDA                ", "# packages in environment at /x:",
])


@SETTINGS
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=60)), max_size=120), st.integers(min_value=0))
def test_pieces_of_real_pastes_in_any_order_and_cut_anywhere(pieces, cut):
    text = "\n".join(pieces)
    assert_no_parser_failure(ingest_text(text[:cut % (len(text) + 1)]))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAMPLES), st.sampled_from(["\r\n", "\r"]))
def test_line_endings_do_not_change_the_reading(sample, ending):
    assert reading(ingest_text(sample.replace("\n", ending))) == reading(ingest_text(sample))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAMPLES), st.randoms(use_true_random=False))
def test_colour_codes_do_not_change_the_reading(sample, rnd):
    colours = ["\x1b[31m", "\x1b[0m", "\x1b[1;33m", "\x1b[K", "\x1b]0;title\x07"]
    coloured = re.sub(r"(\S+)", lambda m: rnd.choice(colours) + m.group(1) + rnd.choice(colours)
                      if rnd.random() < 0.3 else m.group(1), sample)
    assert reading(ingest_text(coloured)) == reading(ingest_text(sample))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAMPLES))
def test_a_cp1252_console_does_not_change_the_reading(sample):
    try:
        mojibake = sample.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined cannot come out of such a console either
        return
    assert reading(ingest_text(mojibake)) == reading(ingest_text(sample))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(SAMPLES), st.integers(min_value=0))
def test_a_truncated_paste_reads_no_more_than_the_whole_one(sample, cut):
    """Cutting a paste short never invents a fact: whatever is read from the head, the whole paste reads too
    (the same value, or a more precise reading of it: 15.9 GB RAM in a summary line, 15.93 GB in a table)."""
    head = sample[:cut % (len(sample) + 1)]
    if not head.endswith("\n"):
        head = head[:head.rfind("\n") + 1]  # a cut mid-line shows half a value, which is another value
    whole: dict = {}
    for o in ingest_text(sample).observations:
        whole.setdefault(o.path, []).append(o.value)
    for o in assert_no_parser_failure(ingest_text(head)).observations:
        # An inference rests on the paste around it: "pip install torch==1.3.1" is CUDA 10.1 on Linux, nothing on the
        # Windows that a traceback's "G:\..." paths name further down. A head may infer what the whole rules out.
        if o.path == "*" or o.source in INFERRED_KINDS:
            continue
        assert o.path in whole, o
        assert any(_same_reading(o.value, w) for w in whole[o.path]), (o, whole[o.path])


def _same_reading(part, whole):
    if part == whole:
        return True
    numbers = (int, float)
    if isinstance(part, numbers) and isinstance(whole, numbers) and not isinstance(part, bool):
        return abs(part - whole) <= 0.01 * max(abs(part), abs(whole))
    return isinstance(part, str) and isinstance(whole, str) and whole.startswith(part)
