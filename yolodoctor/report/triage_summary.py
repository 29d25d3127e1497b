"""The part of `check --from` output that says what was read from the paste and what was not."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markup import escape


def print_triage(section: dict[str, Any], console: Optional[Console] = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    console.print()
    console.print(f"[bold]Read from the paste[/bold] ({section['lines']} lines):")
    if not section["read"] and not section["signals"]:
        console.print("  nothing recognised: no environment dump, table or known error message")
    for part in section["read"]:
        where = (f"line {part['first_line']}" if part["first_line"] == part["last_line"]
                 else f"lines {part['first_line']}-{part['last_line']}")
        console.print(f"  {escape(where)}: {escape(part['label'])}")
    for signal in section["signals"]:
        console.print(f"  line {signal['line']}: error message [dim]{escape(signal['id'])}[/dim] "
                      f"({signal['certainty']})")
    if section["unknown"]:
        console.print("[bold]Not known from the paste:[/bold] " + escape(", ".join(section["unknown"])))
    for conflict in section["conflicts"]:
        console.print(f"[yellow]Disagreement:[/yellow] {escape(conflict['fact'])} is {escape(str(conflict['kept']))} "
                      f"(line {conflict['kept_line']}) but {escape(str(conflict['other']))} on line "
                      f"{conflict['other_line']}; the first is used")
    for note in section["notes"]:
        console.print(f"[dim]{escape(note)}[/dim]")
