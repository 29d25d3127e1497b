"""An independent reader of GitHub Actions workflow commands, written from the runner's documented
behaviour (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2; docs.github.com "Workflow commands
for GitHub Actions"): what the runner will make of a line we print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

KNOWN = {"error", "warning", "notice", "debug", "group", "endgroup", "add-mask", "stop-commands", "echo"}
_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


@dataclass
class Command:
    name: str
    properties: dict = field(default_factory=dict)
    data: str = ""


def _unescape(text: str, table) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def parse(line: str) -> Optional[Command]:
    """The command the runner reads from one output line, or None when it is plain log text."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name not in KNOWN:
        return None
    command = Command(name)
    if space > 0:
        for pair in filter(None, info[space + 1:].strip().split(",")):
            key, sep, value = pair.partition("=")
            if sep and key and value:
                command.properties[key.lower()] = _unescape(value, _PROPERTY_ESCAPES)
    command.data = _unescape(message[end + 2:], _DATA_ESCAPES)
    return command
