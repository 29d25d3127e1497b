"""`yolodoctor facts`: what was found, with no judgement."""

from __future__ import annotations

from typing import Optional

import typer

from .common import FastOption, PythonOption, TimeoutOption, collect_facts, load_facts_file
from .network_options import NetworkTimeoutOption, OfflineOption, network_probe
from ..i18n import tr


def register(app: typer.Typer) -> None:
    @app.command("facts")
    def facts_command(
        python: Optional[str] = PythonOption,
        fast: bool = FastOption,
        timeout: float = TimeoutOption,
        output_format: str = typer.Option("table", "--format", "-f", help="table or json."),
        facts_file: Optional[str] = typer.Option(None, "--facts", metavar="FILE",
                                                 help="Show a facts document saved elsewhere instead of probing."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list every installed distribution."),
        offline: bool = OfflineOption,
        network_timeout: float = NetworkTimeoutOption,
    ) -> int:
        """Print every fact about this machine and the Python environment that will train."""
        from ..exitcodes import USAGE, UserError

        if output_format not in ("table", "json"):
            raise UserError(tr("--format must be table or json, not {value}", value=repr(output_format)), USAGE)
        facts = load_facts_file(facts_file) if facts_file else collect_facts(
            python, fast, timeout, network=network_probe(offline, network_timeout))
        if output_format == "json":
            from ..report.json_out import facts_json

            typer.echo(facts_json(facts))
        else:
            from ..report.facts_table import print_facts

            print_facts(facts, verbose=verbose)
        return 0
