"""Every regular expression that reads user text runs in linear time on hostile input.

The patterns are found, not listed (tests/pattern_audit.py): compat/*.toml, the compiled patterns
of every module under yolodoctor/ and every literal handed to the re module. Each is run against
strings built from its own literals and character classes, cut into lines the way the reader and
the error scanner cut them, and must stay under a time budget per KB that a quadratic pattern
exceeds many times over at this size.
"""

import re

import pytest

import pattern_audit
from yolodoctor.ingest.errors import load_signatures

SIZE = 16 * 1024
BUDGET_PER_KB = 0.010  # seconds; quadratic shapes measured 20-750 ms/KB at this size, linear ones 0.1-3
PATTERNS = pattern_audit.discover()


def test_discovery_finds_the_signature_table_and_the_ingest_code():
    wheres = " ".join(f.where for f in PATTERNS)
    texts = {f.pattern for f in PATTERNS}
    assert all(s.pattern.pattern in texts for s in load_signatures())
    for module in ("ingest/error_facts.py", "ingest/pip_list.py", "ingest/nvidia_smi.py", "report/redact.py"):
        assert module in wheres or module.replace("/", ".").removesuffix(".py") in wheres, module
    assert len(PATTERNS) > 150


def test_discovery_finds_the_parser_tables_patterns():
    """The splitter compiles the parsers' `start` and `pattern` strings itself: they are found too."""
    from yolodoctor.ingest.parsers import BLOCK_PARSERS, LINE_PARSERS

    texts = {f.pattern for f in PATTERNS}
    assert {p.start for p in BLOCK_PARSERS} <= texts
    assert {p.pattern for p in LINE_PARSERS} <= texts


@pytest.mark.parametrize("found", PATTERNS, ids=lambda f: f"{f.where}")
def test_pattern_is_linear_on_hostile_input(found):
    cost = pattern_audit.worst(found, SIZE, BUDGET_PER_KB)
    assert cost.within(BUDGET_PER_KB), (
        f"{found.where}: {cost.per_kb * 1000:.1f} ms per KB on {cost.shape}, {cost.growth:.1f} times the "
        f"per-KB cost at a quarter of the size (pattern {found.pattern!r}): make it linear (anchor it, bound "
        f"its repetitions, or split the work with str methods)")


@pytest.mark.parametrize("pattern", [
    r"(?P<gpu>[^\n]*?) with CUDA capability sm_(?P<sm>\d+) is not compatible",  # the shape of issue's first report
    r"(?:File \"|^\s*[\w./\\:-]*?)(?P<path>[^\"\n]*?)\", line \d+",  # the old traceback-frame pattern
    r"(\d+)\s*MiB",
    r"^(a+)+b",  # exponential: stopped by the checker's alarm, not left to hang CI
])
def test_the_checker_catches_quadratic_patterns(pattern):
    found = pattern_audit.Found("planted", pattern, re.MULTILINE)
    cost = pattern_audit.worst(found, SIZE, BUDGET_PER_KB)
    assert cost.per_kb > BUDGET_PER_KB and not cost.within(BUDGET_PER_KB)


@pytest.mark.parametrize("pattern, shape, quadratic", [
    (r"(\d+)\s*MiB", "run of '7'", True),
    (r"(?P<gpu>[^\n]*?) with CUDA capability", "run of 'a'", True),
    (r"^torch \d{1,4}", "run of 't'", False),
    (r"(?<![\w.])cuda[ _]available\??[ \t]{0,4}[:=]", "run of 'c'", False),
])
def test_growth_tells_a_quadratic_pattern_from_a_slowed_linear_one(pattern, shape, quadratic):
    """What lets a linear pattern over budget on a busy machine pass: its per-KB cost stays flat as
    the text grows four-fold, where a quadratic one's grows about four-fold."""
    found = pattern_audit.Found("planted", pattern, re.MULTILINE)
    growth = pattern_audit._growth(found, re.compile(pattern, re.MULTILINE), shape, 8 * 1024, 10_000)
    assert (growth >= pattern_audit.GROWTH_LIMIT) is quadratic, growth


def test_a_new_pattern_in_a_compat_table_is_discovered(tmp_path, monkeypatch):
    compat = tmp_path / "compat"
    compat.mkdir()
    (compat / "extra.toml").write_text('[[thing]]\nid = "x"\npattern = \'(?P<a>[^\\n]*?) planted-needle\'\n')
    monkeypatch.setattr(pattern_audit, "REPO", tmp_path)
    found = list(pattern_audit._from_compat())
    assert [f.pattern for f in found] == [r"(?P<a>[^\n]*?) planted-needle"]
