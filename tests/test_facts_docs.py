"""docs/facts.md names every field of the Facts model (and no field that is gone)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from yolodoctor.facts import model

DOC = (Path(__file__).resolve().parent.parent / "docs" / "facts.md").read_text(encoding="utf-8")


def _fields(cls, seen=None):
    seen = set() if seen is None else seen
    for f in dataclasses.fields(cls):
        yield cls.__name__, f.name
        for candidate in vars(model).values():
            if dataclasses.is_dataclass(candidate) and candidate.__name__ in str(f.type) and candidate not in seen:
                seen.add(candidate)
                yield from _fields(candidate, seen)


def test_every_model_field_is_documented():
    # A field counts as documented when its name appears inside `code` in the page.
    documented = {word for span in re.findall(r"`([^`]+)`", DOC) for word in re.findall(r"[a-z_][a-z0-9_]*", span)}
    missing = sorted({f"{owner}.{name}" for owner, name in _fields(model.Facts) if name not in documented})
    assert not missing, f"not in docs/facts.md: {missing}"


def test_documented_schema_is_the_model_schema():
    assert f'`"{model.SCHEMA}"`' in DOC


def test_documented_package_keys_are_the_collected_ones():
    from yolodoctor.facts.collect import PACKAGE_DISTRIBUTIONS

    for key in PACKAGE_DISTRIBUTIONS:
        assert f"`{key}`" in DOC, key
