"""`fleet --from PATH...`: reports already collected (a Kubernetes Job or DaemonSet writing to a volume,
a batch job's output directory). Each file is one node: `check --format json` or `facts --format json`
output, a node envelope (node_task), or the markdown of `yolodoctor report`. The node's name is the
file's name without its suffix (`gpu07.json` -> gpu07), as the manifests in docs/ci.md write them.

Files are read one at a time and reduced to a NodeResult, so a thousand reports never sit in memory
together.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..exitcodes import USAGE, UserError
from .judge import from_data, from_envelope, from_facts
from .model import UNREADABLE, NodeResult, unanswered

SUFFIXES = (".json", ".md", ".markdown")  # what a directory contributes; a file named outright is always read
MAX_FILE_BYTES = 32 << 20
ENVELOPE_SCHEMA = "yolodoctor.fleet-node/"


def report_files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [Path(folder) / n for n in sorted(names)
                          if n.lower().endswith(SUFFIXES) and not n.startswith(".")]
        elif path.exists():
            files.append(path)
        else:
            raise UserError(f"--from {raw}: no such file or directory", USAGE)
    if not files:
        raise UserError(f"no reports found in {', '.join(paths)} (looked for {', '.join(SUFFIXES)} files)", USAGE)
    return files


def _names(files: Sequence[Path]) -> list[str]:
    """gpu07.json -> gpu07; two files with one stem keep their parent folder to stay apart."""
    stems = [f.stem for f in files]
    seen: dict[str, int] = {}
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
    return [s if seen[s] == 1 else f"{f.parent.name}/{s}" for f, s in zip(files, stems)]


def _markdown(node: str, text: str, options: Any, where: str) -> NodeResult:
    """The facts block of `yolodoctor report`, read by the same reader `check --from` uses."""
    from ..ingest import report_block
    from ..ingest.model import Segment

    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(report_block.START, line)), None)
    if start is None:
        return unanswered(node, UNREADABLE, "no yolodoctor report block (<!-- yolodoctor-report -->) in it", where)
    end = report_block.extent(lines, start)
    reading = report_block.parse(Segment(report_block.KIND, start + 1, tuple(lines[start:end])))
    if not reading.observations:
        return unanswered(node, UNREADABLE, "; ".join(reading.notes) or "the report block holds no facts", where)
    return from_facts(node, reading.observations[0].value, options, where)


def read_report(node: str, path: Path, options: Any) -> NodeResult:
    where = str(path)
    if not path.is_file():  # a FIFO or a device would block or never end
        return unanswered(node, UNREADABLE, "not a regular file", where)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return unanswered(node, UNREADABLE, f"cannot read it: {exc.strerror or exc}", where)
    if len(raw) > MAX_FILE_BYTES:
        return unanswered(node, UNREADABLE, f"larger than {MAX_FILE_BYTES >> 20} MiB; not a yolodoctor report",
                          where)
    text = raw.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            return unanswered(node, UNREADABLE, f"not valid JSON: {exc}", where)
        schema = data.get("schema") if isinstance(data, dict) else None
        if isinstance(schema, str) and schema.startswith(ENVELOPE_SCHEMA):
            return from_envelope(data, options, node, where)
        return from_data(node, data, options, where)
    return _markdown(node, text, options, where)


def gather(paths: Sequence[str], options: Any) -> Iterator[NodeResult]:
    files = report_files(paths)
    for node, path in zip(_names(files), files):
        yield read_report(node, path, options)
