"""The terminal report of `check`: one line per area, the findings with their fix, what was inspected."""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .copyable import print_command, print_paragraph

from ..i18n import is_chinese, tr

SYMBOLS = {"error": "✗", "warning": "!", "ok": "✓", "absent": "–", "unknown": "?", "info": "i"}
ASCII_SYMBOLS = {"error": "X", "warning": "!", "ok": "+", "absent": "-", "unknown": "?", "info": "i"}
STYLES = {"error": "bold red", "warning": "bold yellow", "ok": "bold green", "absent": "dim", "unknown": "dim",
          "info": "bold cyan"}


def symbols_for(stream: TextIO) -> dict[str, str]:
    """The status marks, or ASCII ones when the output cannot encode them (a cp1252 console)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "".join(SYMBOLS.values()).encode(encoding)
        return SYMBOLS
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS


def _mark(status: str, symbols: dict[str, str]) -> str:
    return f"[{STYLES[status]}]{escape(symbols[status])}[/]"


def _plural(n: int, word: str) -> str:
    if is_chinese():
        return tr("{count} " + word + "s", count=n)  # Chinese has no plural: one form
    return f"{n} {word}{'' if n == 1 else 's'}"


def verdict_line(document: dict[str, Any]) -> str:
    summary = document["summary"]
    parts = []
    if summary["error"]:
        parts.append(_plural(summary["error"], "error"))
    if summary["warning"]:
        parts.append(_plural(summary["warning"], "warning"))
    if summary["info"]:
        parts.append(_plural(summary["info"], "note"))
    text = tr(", ").join(parts) if parts else tr("no problems found")
    if summary.get("not_counted"):
        text += tr("; {count} more not counted for profile {profile}", count=summary["not_counted"],
                   profile=document.get("profile"))
    return text + tr(" (exit code {code})", code=document["exit_code"])


def inspected_line(document: dict[str, Any]) -> str:
    t = document["target"]
    python = t.get("python") or tr("unknown interpreter")
    parts = [f"Python {t['python_version']}" if t.get("python_version") else None,
             tr("selected by {how}", how=t["selected_by"]) if t.get("selected_by") else None]
    machine = " ".join(filter(None, [t.get("os"), t.get("arch")]))
    if t.get("distro"):
        machine += tr(", ") + t["distro"]
    if t.get("container"):
        machine += tr(", ") + tr("{container} container", container=t["container"])
    origin = {"live": "collected live", "facts-file": "read from a facts file",
              "pasted": "parsed from a pasted report"}.get(t.get("origin") or "", t.get("origin") or "")
    when = tr(" at {time}", time=t["collected_at"]) if t.get("collected_at") else ""
    return tr("Inspected {python} ({details}) on {machine}; facts {origin}{when}.", python=python,
              details=tr(", ").join(p for p in parts if p), machine=machine or tr("an unknown machine"),
              origin=tr(origin), when=when)


def knowledge_line(knowledge: dict[str, Any]) -> str:
    """ "Judged with the compat tables of 2026-11-22 (newest known: torch 2.15.0, CUDA 13.4, ...)"."""
    names = {"torch": "torch", "cuda": "CUDA", "cudnn": "cuDNN", "driver": tr("driver")}
    newest = knowledge.get("newest") or {}
    known = tr(", ").join(f"{label} {newest[key]}" for key, label in names.items() if newest.get(key))
    return tr("Judged with the compat tables of {date}", date=knowledge.get("date")) + \
        (tr(" (newest known: {known})", known=known) if known else "") + tr("; `yolodoctor knowledge` says more.")


def print_report(document: dict[str, Any], verbose: bool = False, console: Optional[Console] = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    symbols = symbols_for(console.file if console.file is not None else sys.stdout)
    areas = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    areas.add_column(no_wrap=True)
    areas.add_column(style="bold", no_wrap=True)
    areas.add_column(overflow="fold")
    for area in document["areas"]:
        areas.add_row(_mark(area["status"], symbols), escape(area["label"]), escape(area["summary"]))
    console.print(areas)
    if verbose:
        _print_area_facts(document, console)
    findings = document["findings"]
    console.print()
    console.print(f"[bold]{escape(verdict_line(document))}[/bold]")
    for finding in findings:
        _print_finding(finding, verbose, symbols, console)
    for error in document.get("rule_errors", []):
        _para(console, tr("rule failed to run:") + f" {error}", 0, "red")
    for error in document["facts"].get("probe_errors", []):
        _para(console, tr("probe {probe} failed:", probe=error["probe"]) + f" {error['message']}", 0, "yellow")
    console.print()
    _para(console, inspected_line(document), 0, "dim")
    if verbose and document.get("knowledge"):
        _para(console, knowledge_line(document["knowledge"]), 0, "dim")
    explained = _first_explained(findings)
    if explained is not None:
        console.print(f"[dim]{escape(tr('More about a finding:'))}[/dim]")
        print_command(console, f"yolodoctor explain {explained}", 2, "dim")


def _first_explained(findings: list[dict[str, Any]]) -> Optional[str]:
    """The id of the first finding that `yolodoctor explain` knows, if any: never a command that would fail."""
    from ..knowledge.signature_doc import has_explanation

    return next((f["id"] for f in findings if has_explanation(f["id"])), None)


def _print_area_facts(document: dict[str, Any], console: Console) -> None:
    for area in document["areas"]:
        table = Table(title=area["label"], title_justify="left", show_header=False, box=None, padding=(0, 2))
        table.add_column(style="cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in area["facts"]:
            table.add_row(escape(label), escape(value))
        console.print()
        console.print(table)


def _print_finding(finding: dict[str, Any], verbose: bool, symbols: dict[str, str], console: Console) -> None:
    severity = finding["severity"]
    certainty = f" [dim]{escape(tr('(likely)'))}[/dim]" if finding["certainty"] == "likely" else ""
    console.print()
    console.print(f"{_mark(severity, symbols)} [bold]{finding['id']}[/bold] {escape(finding['title'])} "
                  f"[dim]\\[{finding['category']}][/dim]{certainty}")
    if finding.get("not_counted"):
        _para(console, tr("not counted toward the exit code: {reason}", reason=finding["not_counted"]), 2, "dim")
    _para(console, finding["message"], 2)
    if finding["evidence"]:
        console.print(f"  [bold]{tr('Why:')}[/bold]")
        for line in finding["evidence"]:
            _para(console, f"- {line}", 4)
    if finding["fix"]:
        console.print(f"  [bold]{tr('Fix:')}[/bold]")
        for line in finding["fix"].splitlines():
            if line.startswith("  "):  # a command: never wrapped, so it can be copied whole
                print_command(console, line.strip(), 6)
            else:
                _para(console, line, 4)
    for explained in finding["explained"]:
        _para(console, tr("Also explains {rule_id} ({title}): {message}", rule_id=explained["id"],
                          title=explained["title"], message=explained["message"]), 2)
    if verbose:
        _para(console, finding["explanation"], 2, "dim")
        for ref in finding["references"]:
            _para(console, tr("see {reference}", reference=ref), 2, "dim")


def _para(console: Console, text: str, indent: int, style: str = "") -> None:
    """A paragraph wrapped to the terminal, every line indented; commands and URLs never split."""
    print_paragraph(console, text, indent, style)
