"""Printing prose and commands to a rich console without splitting a command or URL
(the wrapping itself is yolodoctor/copytext.py)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..copytext import display_width, wrap


def print_paragraph(console: Console, text: str, indent: int = 0, style: str = "") -> None:
    """A paragraph wrapped to the console width, every line indented; commands whole."""
    width = max(20, console.width - indent)
    for line in wrap(text, width):
        console.print(Text(" " * indent + line, style=style), soft_wrap=True)


def print_command(console: Console, command: str, indent: int = 0, style: str = "green") -> None:
    """A command on its own line, never wrapped, whatever the width."""
    console.print(Text(" " * indent + command, style=style), soft_wrap=True)


def print_fields(console: Console, rows: "list[tuple[str, str]]", indent: int = 1, key_style: str = "bold") -> None:
    """Label / value rows, values wrapped under their column at word boundaries: never a
    word, command, path or URL split (one longer than the column runs past the edge)."""
    key_width = max((display_width(k) for k, _ in rows), default=0)  # a Chinese label is two columns a character
    width = max(20, console.width - indent - key_width - 2)
    for key, value in rows:
        lines = wrap(value, width) or [""]
        head = Text(" " * indent)
        head.append(key + " " * (key_width - display_width(key)), style=key_style)
        head.append("  " + lines[0])
        console.print(head, soft_wrap=True)
        for more in lines[1:]:
            console.print(Text(" " * (indent + key_width + 2) + more), soft_wrap=True)
