"""`yolodoctor rules` (the catalogue) and `yolodoctor explain YD101` (one rule in full)."""

from __future__ import annotations

import json
from typing import Optional

import typer

from .. import exitcodes
from ..exitcodes import UserError
from ..i18n import tr


def _catalogue():
    from ..diagnose.engine import checked_catalogue
    from ..knowledge.files import KnowledgeError

    try:
        return checked_catalogue()
    except KnowledgeError as exc:
        raise UserError(tr("the knowledge files of this installation are broken: {error}", error=exc), exitcodes.INTERNAL) from None


def rule_dict(rule) -> dict:
    from ..i18n import current

    language = current()
    rule = rule.in_language(language)
    when = rule.translations.get(language, {}).get("severity_when") if language != "en" else None
    return {"language": language, "id": rule.id, "category": rule.category, "severity": rule.severity,
            "severity_when": (when or rule.severity_when) if rule.severity_when else None, "area": rule.area,
            "title": rule.title, "explanation": rule.explanation, "fix": rule.fix,
            "references": list(rule.references), "params": dict(rule.params), "file": f"rules/{rule.file}"}


def register(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_command(
        area: Optional[str] = typer.Option(None, "--area", help="Only the rules of one area."),
        category: Optional[str] = typer.Option(None, "--category", help="Only the rules of one root-cause category."),
        output_format: str = typer.Option("table", "--format", "-f", help="table, json or markdown."),
    ) -> int:
        """List the rule catalogue: id, severity, area, category, title."""
        from ..diagnose.engine import resolve_areas
        from ..diagnose.model import CATEGORIES

        if output_format not in ("table", "json", "markdown"):
            raise UserError(f"--format must be table, json or markdown, not {output_format!r}", exitcodes.USAGE)
        if category is not None and category not in CATEGORIES:
            raise UserError(f"unknown category {category!r}; categories: {', '.join(CATEGORIES)}", exitcodes.USAGE)
        try:
            areas = set(resolve_areas([area]) or ()) if area else None
        except ValueError as exc:
            raise UserError(str(exc), exitcodes.USAGE) from None
        rules = [r for r in _catalogue().in_areas(areas) if category is None or r.category == category]
        if output_format == "json":
            typer.echo(json.dumps([rule_dict(r) for r in rules], indent=2, ensure_ascii=False))
        elif output_format == "markdown":
            from ..i18n import current
            from ..knowledge.rules_doc import render_rules

            typer.echo(render_rules(rules, current()).rstrip("\n"))
        else:
            _print_table(rules)
        return exitcodes.HEALTHY

    @app.command("explain")
    def explain_command(
        rule_id: str = typer.Argument(..., metavar="ID", help="A rule id (YD101) or the id of an error signature "
                                                             "that a finding of check --from carries."),
        output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    ) -> int:
        """Explain one rule or error signature in full: what it detects, why it matters, the fix, references."""
        if output_format not in ("text", "json"):
            raise UserError(tr("--format must be text or json, not {value}", value=repr(output_format)), exitcodes.USAGE)
        catalogue = _catalogue()
        rule = catalogue.get(rule_id)
        if rule is None:
            return _explain_signature(rule_id, output_format)
        if output_format == "json":
            typer.echo(json.dumps(rule_dict(rule), indent=2, ensure_ascii=False))
        else:
            from ..i18n import current
            from ..knowledge.rules_doc import explain_text

            typer.echo(explain_text(rule.in_language(current()), _width(100)).rstrip("\n"))
        return exitcodes.HEALTHY


def _explain_signature(signature_id: str, output_format: str) -> int:
    """A finding of `check --from` carries the id of the message it read: that is explained too."""
    from ..i18n import current
    from ..knowledge.files import KnowledgeError
    from ..knowledge.signature_doc import find_signature, signature_dict, signature_text

    try:
        signature = find_signature(signature_id)
    except KnowledgeError as exc:
        raise UserError(tr("the knowledge files of this installation are broken: {error}", error=exc),
                        exitcodes.INTERNAL) from None
    if signature is None:
        raise UserError(tr("no rule or error signature {rule_id}; `yolodoctor rules` lists the rules",
                           rule_id=repr(signature_id)), exitcodes.USAGE)
    if output_format == "json":
        typer.echo(json.dumps(signature_dict(signature, current()), indent=2, ensure_ascii=False))
    else:
        typer.echo(signature_text(signature, current(), _width(100)).rstrip("\n"))
    return exitcodes.HEALTHY


def _width(most: int) -> int:
    """The terminal's width (COLUMNS where set), at most `most`."""
    import shutil

    return max(40, min(most, shutil.get_terminal_size((most, 24)).columns))


def _print_table(rules) -> None:
    """One line per rule, columns aligned: id, severity, area and category always on
    the rule's first line (easy to grep); a title too long for the terminal goes on
    under its own column."""
    from ..copytext import display_width, wrap
    from ..i18n import current
    from ..knowledge.rules import severity_text

    rules = [r.in_language(current()) for r in rules]
    keys = ("id", "severity", "area", "category")
    # The column titles follow the language (a Chinese one is two columns a character); the values are ids.
    header = (tr("id"), tr("severity"), tr("area"), tr("category"))
    widths = [max([display_width(h)] + [len(getattr(r, k)) for r in rules]) for h, k in zip(header, keys)]
    typer.echo("  ".join(h + " " * (w - display_width(h)) for h, w in zip(header, widths)) + "  " + tr("title"))
    left = sum(widths) + 2 * len(widths)
    for rule in rules:
        cells = (rule.id, rule.severity, rule.area, rule.category)
        when = f"  [{severity_text(rule, current())}]" if rule.severity_when else ""
        title = wrap(rule.title + when, max(20, _width(1000) - left)) or [""]  # Chinese: two columns a character
        typer.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + f"  {title[0]}")
        for more in title[1:]:
            typer.echo(" " * left + more)
