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
    console.print(f"[bold]{escape(tr('Read from the paste'))}[/bold] " +
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
                      f" [dim]{escape(signal['id'])}[/dim] {escape(_certainty(signal['certainty']))}")
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
        console.print(f"[dim]{escape(note)}[/dim]")


def _certainty(certainty: str) -> str:
    """`(certain)` / `(likely)`: the signal's certainty (an enum value in the JSON) in the current language."""
    if certainty == "certain":
        return tr("(certain)")
    if certainty == "likely":
        return tr("(likely)")
    return f"({certainty})"
