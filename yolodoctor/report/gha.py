"""GitHub Actions workflow commands (`::error file=...,title=...::message`), escaped as the runner expects.

The runner reads a command from one line: `::NAME key=value,key=value::DATA`. It splits the properties on
',' and each pair on the first '=', and ends the property part at the next '::', so property values must not
contain ',' or ':' and no part may contain a line break. It undoes exactly these escapes
(actions/runner src/Runner.Common/ActionCommand.cs; actions/toolkit packages/core/src/command.ts):
data: '%' -> %25, CR -> %0D, LF -> %0A; properties: the same plus ':' -> %3A and ',' -> %2C.
"""

from __future__ import annotations

from typing import Mapping, Optional

ANNOTATION_COMMANDS = ("error", "warning", "notice")
# Property names the runner knows for annotations, in the order the toolkit writes them.
ANNOTATION_PROPERTIES = ("title", "file", "line", "endLine", "col", "endColumn")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(name: str, message: str, properties: Optional[Mapping[str, object]] = None) -> str:
    """One workflow command line; properties with a None value are left out."""
    if not name or not name.replace("-", "").isalnum():
        raise ValueError(f"not a workflow command name: {name!r}")
    props = []
    for key, value in (properties or {}).items():
        if value is None:
            continue
        if not key.isalnum():
            raise ValueError(f"not a workflow command property name: {key!r}")
        props.append(f"{key}={escape_property(str(value))}")
    head = f"::{name}" + (" " + ",".join(props) if props else "")
    return f"{head}::{escape_data(message)}"


def annotation(level: str, message: str, title: Optional[str] = None, file: Optional[str] = None,
               line: Optional[int] = None) -> str:
    """`::error title=...::message` (or warning / notice)."""
    if level not in ANNOTATION_COMMANDS:
        raise ValueError(f"annotation level must be one of {', '.join(ANNOTATION_COMMANDS)}, not {level!r}")
    return workflow_command(level, message, {"title": title, "file": file, "line": line})


def level_for(severity: str) -> str:
    """A finding severity as an annotation level."""
    return {"error": "error", "warning": "warning"}.get(severity, "notice")
