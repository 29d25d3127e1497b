"""Reading pasted reports and logs into partial Facts plus error signals.

    result = ingest_path("issue.txt")      # or "-" for stdin
    result.facts       # Facts, origin="pasted": what the text proves, the rest null
    result.signals     # error messages that say what is wrong (signature id, category, line, certainty)
    result.summary     # what was read where, what could not be known, conflicts, notes

docs/triage.md lists the formats read and how.
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from .model import IngestResult, Signal, Summary
from .pipeline import PARSER_FAILURE, ingest_stream, ingest_text


def ingest_path(path: str) -> IngestResult:
    """Read a file ("-": standard input). OSError propagates for the caller to report."""
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        return ingest_stream(stream)
    with open(path, "rb") as fh:
        return ingest_stream(fh)


__all__ = ["ingest_path", "ingest_stream", "ingest_text", "IngestResult", "Signal", "Summary", "PARSER_FAILURE"]
