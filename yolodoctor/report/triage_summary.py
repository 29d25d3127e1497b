"""The part of `check --from` output that says what was read from the paste and what was not."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markup import escape

from ..i18n import is_chinese, tr
from .copyable import print_paragraph


def print_triage(section: dict[str, Any], console: Optional[Console] = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    console.print()
    space = "" if is_chinese() else " "  # "（共 3 行）" follows the Chinese heading without a space
    console.print(f"[bold]{escape(tr('Read from the paste'))}[/bold]{space}" +
                  escape(tr("({count} lines):", count=section["lines"])))
    if not section["read"] and not section["signals"]:
        console.print("  " + escape(tr("nothing recognised: no environment dump, table or known error message")))
    for part in section["read"]:
        where = (tr("line {line}", line=part["first_line"]) if part["first_line"] == part["last_line"]
                 else tr("lines {first}-{last}", first=part["first_line"], last=part["last_line"]))
        # The reader's label and the fact names are English data (ingest/parsers.py, ingest/summary.py), in the
        # catalogue by their text; the JSON keeps them English.
        console.print("  " + escape(tr("{where}: {what}", where=where, what=tr(part["label"]))))
    for signal in section["signals"]:
        where = tr("line {line}", line=signal["line"])
        console.print("  " + escape(tr("{where}: {what}", where=where, what=tr("error message"))) +
                      f" [dim]{escape(signal['id'])}[/dim]{space}{escape(_certainty(signal['certainty']))}")
    if section["unknown"] and is_chinese():  # wrapped by display width: Chinese has no spaces to break at
        print_paragraph(console, tr("Not known from the paste:") + tr(", ").join(tr(name) for name in section["unknown"]))
    elif section["unknown"]:
        console.print(f"[bold]{escape(tr('Not known from the paste:'))}[/bold] " + escape(", ".join(section["unknown"])))
    for conflict in section["conflicts"]:
        console.print(f"[yellow]{escape(tr('Disagreement:'))}[/yellow] " + escape(tr(
            "{fact} is {kept} (line {kept_line}) but {other} on line {other_line}; the first is used",
            fact=conflict["fact"], kept=str(conflict["kept"]), kept_line=conflict["kept_line"],
            other=str(conflict["other"]), other_line=conflict["other_line"])))
    for note in section["notes"]:
        console.print(f"[dim]{escape(_note(note) if is_chinese() else note)}[/dim]")


def _certainty(certainty: str) -> str:
    """`(certain)` / `(likely)`: the signal's certainty (an enum value in the JSON) in the current language."""
    if certainty == "certain":
        return tr("(certain)")
    if certainty == "likely":
        return tr("(likely)")
    return f"({certainty})"


def _note(note: str) -> str:
    """A note of the readers (English in the JSON) in the current language, where its shape is known."""
    import re

    shapes = [
        (r"the input is (\S+)-encoded", lambda m: tr("the input is {encoding}-encoded", encoding=m[1])),
        (r"ANSI colour codes were removed", lambda m: tr("ANSI colour codes were removed")),
        (r"(\d+) line\(s\) of UTF-8 shown as cp1252 were repaired",
         lambda m: tr("{count} line(s) of UTF-8 shown as cp1252 were repaired", count=m[1])),
        (r"(\d+) overlong line\(s\) were cut at (\d+) characters",
         lambda m: tr("{count} overlong line(s) were cut at {limit} characters", count=m[1], limit=m[2])),
        (r"the input was read up to (\d+) MiB; the rest was not read",
         lambda m: tr("the input was read up to {size} MiB; the rest was not read", size=m[1])),
        (r"the paste shows more than one environment; where they differ, the readings nearest before the first "
         r"error \(line (\d+)\) are kept",
         lambda m: tr("the paste shows more than one environment; where they differ, the readings nearest before "
                      "the first error (line {line}) are kept", line=m[1])),
        (r"lines (\d+)-(\d+) \(([\d.]+) MB in the middle of the input\) were only scanned for error messages",
         lambda m: tr("lines {first}-{last} ({size} MB in the middle of the input) were only scanned for error "
                      "messages", first=m[1], last=m[2], size=m[3])),
        (r"collect_env lists cuDNN files on disk \(line (\d+)\); which one torch loads is not shown",
         lambda m: tr("collect_env lists cuDNN files on disk (line {line}); which one torch loads is not shown",
                      line=m[1])),
        (r"collect_env could not import torch \(line (\d+): PyTorch version: (.+)\)",
         lambda m: tr("collect_env could not import torch (line {line}: PyTorch version: {version})", line=m[1],
                      version=m[2])),
    ]
    for pattern, say in shapes:
        found = re.fullmatch(pattern, note, re.S)
        if found:
            return say(found)
    return note
