"""Options and helpers shared by the commands that collect facts."""

from __future__ import annotations

from typing import Optional

import typer

from ..exitcodes import DATA, USAGE, UserError
from ..facts.model import Facts, FactsFormatError, facts_from_dict
from ..i18n import tr

PythonOption = typer.Option(None, "--python", metavar="PATH",
                            help="Interpreter (or env directory) to inspect. Default: the active venv/conda env, "
                                 "else the interpreter running yolodoctor.")
FastOption = typer.Option(False, "--fast", help="Import nothing in the inspected interpreter (no torch): "
                                               "packages from their metadata and version files. The driver and "
                                               "GPUs are still read (sysfs, NVML, nvidia-smi), and the network "
                                               "probed unless --offline.")
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
    from ..documents import FACTS_MAX_BYTES, DocumentError, loads_json, read_capped

    text = read_capped(path, FACTS_MAX_BYTES, "facts file")
    try:
        data = loads_json(text)
    except DocumentError as exc:
        raise UserError(tr("{path} is not a facts document: {error}", path=path, error=exc), DATA) from None
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
