"""Options and helpers shared by the commands that collect facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..exitcodes import DATA, USAGE, UserError
from ..facts.model import Facts, FactsFormatError, facts_from_dict
from ..i18n import tr

PythonOption = typer.Option(None, "--python", metavar="PATH",
                            help="Interpreter (or env directory) to inspect. Default: the active venv/conda env, "
                                 "else the interpreter running yolodoctor.")
FastOption = typer.Option(False, "--fast", help="Import nothing heavy: answer from metadata, version files, "
                                               "sysfs and NVML only.")
PolicyOption = typer.Option(None, "--policy", metavar="FILE",
                            help="Team policy file (default: yolodoctor.toml or pyproject.toml "
                                 "[tool.yolodoctor], searched from here upwards).")
NoPolicyOption = typer.Option(False, "--no-policy", help="Ignore any policy file.")
TimeoutOption = typer.Option(60.0, "--timeout", metavar="SECONDS", min=0.1,
                             help="How long the torch import may take before it counts as hung.")


def collect_facts(python: Optional[str], fast: bool, timeout: float, network=None) -> Facts:
    from ..facts.collect import CollectOptions, collect
    from ..facts.target import TargetError

    try:
        return collect(CollectOptions(python=python, fast=fast, import_timeout=timeout,
                                      command_timeout=min(10.0, max(timeout, 0.1)), network=network))
    except TargetError as exc:
        raise UserError(str(exc), USAGE) from None


def load_facts_file(path: str) -> Facts:
    """A facts document saved with `yolodoctor facts --format json`."""
    try:
        text = Path(path).read_text(encoding="utf-8") if path != "-" else typer.get_text_stream("stdin").read()
    except OSError as exc:
        raise UserError(tr("cannot read facts file {path}: {error}", path=path, error=exc.strerror or exc), USAGE) from None
    except UnicodeDecodeError:
        raise UserError(tr("{path} is not a text file", path=path), DATA) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UserError(tr("{path} is not valid JSON: {error}", path=path, error=exc), DATA) from None
    if isinstance(data, dict) and isinstance(data.get("facts"), dict) and "findings" in data:
        data = data["facts"]  # a `check --format json` report carries its facts
    try:
        facts = facts_from_dict(data)
    except FactsFormatError as exc:
        raise UserError(f"{path}: {exc}", DATA) from None
    facts.origin = "facts-file"
    return facts
