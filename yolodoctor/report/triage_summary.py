"""The part of `check --from` output that says what was read from the paste and what was not."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markup import escape

from ..i18n import tr


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
        console.print(f"  {escape(where)}: {escape(part['label'])}")
    for signal in section["signals"]:
        console.print(f"  {escape(tr('line {line}', line=signal['line']))}: {escape(tr('error message'))} "
                      f"[dim]{escape(signal['id'])}[/dim] ({signal['certainty']})")
    if section["unknown"]:
        console.print(f"[bold]{escape(tr('Not known from the paste:'))}[/bold] " + escape(", ".join(section["unknown"])))
    for conflict in section["conflicts"]:
        console.print(f"[yellow]{escape(tr('Disagreement:'))}[/yellow] " + escape(tr(
            "{fact} is {kept} (line {kept_line}) but {other} on line {other_line}; the first is used",
            fact=conflict["fact"], kept=str(conflict["kept"]), kept_line=conflict["kept_line"],
            other=str(conflict["other"]), other_line=conflict["other_line"])))
    for note in section["notes"]:
        console.print(f"[dim]{escape(note)}[/dim]")
