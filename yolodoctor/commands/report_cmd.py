"""`yolodoctor report`: this machine's facts (and findings) as markdown for an issue."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any, Optional

import typer

from .common import FastOption, PythonOption, TimeoutOption, collect_facts, load_facts_file
from .network_options import OfflineOption, network_probe
from ..i18n import tr


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        python: Optional[str] = PythonOption,
        fast: bool = FastOption,
        timeout: float = TimeoutOption,
        facts_file: Optional[str] = typer.Option(None, "--facts", metavar="FILE",
                                                 help="Report a facts document saved elsewhere instead of probing."),
        redact_user_names: bool = typer.Option(False, "--redact-user",
                                               help="Also replace your home directory and user name in paths."),
        output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                             help="Write the report to FILE instead of standard output."),
        offline: bool = OfflineOption,
    ) -> int:
        """Write this environment's facts and findings as markdown ready to paste into an issue.

        Secrets (tokens, passwords in index URLs) are always removed. The facts block at the end is
        read back exactly by `yolodoctor check --from FILE`.
        """
        from ..exitcodes import USAGE, UserError
        from ..report.markdown_report import render_report

        if facts_file and python:
            raise UserError(tr("--facts reads facts collected elsewhere; it cannot be combined with --python"), USAGE)
        if offline:  # also for the probes run in other processes
            os.environ["YOLODOCTOR_OFFLINE"] = "1"
        network = network_probe(True, 1.0) if offline else None  # offline: the report says "not probed"
        facts = load_facts_file(facts_file) if facts_file else collect_facts(python, fast, timeout, network=network)
        findings, note = _diagnose(facts)
        user = _current_user() if redact_user_names else None
        text = render_report(facts, findings, note, user)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UserError(tr("cannot write {path}: {error}", path=output, error=exc.strerror or exc), USAGE) from None
        else:
            typer.echo(text, nl=False)
        return 0


def _diagnose(facts: Any) -> tuple[Optional[list], Optional[str]]:
    """Findings from the diagnosis engine, when this installation has one."""
    try:
        from ..diagnose.engine import diagnose
    except ImportError:
        return None, tr("No diagnosis is included: this yolodoctor has no diagnosis engine.")
    try:
        return list(diagnose(facts)), None
    except Exception as exc:  # the facts are still worth reporting
        return None, tr("The diagnosis failed ({error}); the facts below are complete.",
                        error=f"{type(exc).__name__}: {exc}")


def _current_user() -> tuple[str, str]:
    home = os.path.expanduser("~")
    try:
        name = getpass.getuser()
    except Exception:  # no user name to be had (some containers): the home directory is still replaced
        name = ""
    return home, name
