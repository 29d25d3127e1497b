"""Validating JUnit XML against tests/schemas/junit.xsd (see the schema's header for the format's sources)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import xmlschema

SCHEMA = Path(__file__).parent / "schemas" / "junit.xsd"


@lru_cache(maxsize=1)
def schema() -> xmlschema.XMLSchema11:
    return xmlschema.XMLSchema11(str(SCHEMA))


def problems(xml_text: str) -> list[str]:
    """Every schema violation in the document, as text; empty when it is valid."""
    return [str(error.reason or error) for error in schema().iter_errors(xml_text)]
