"""`yolodoctor knowledge`: what the compat tables cover and how old they are;
`yolodoctor knowledge verify [--write]`: compare them with the indexes and the wheels' own metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .. import exitcodes
from ..exitcodes import UserError
from ..i18n import tr

KINDS = (("torch", "torch"), ("cuda", "CUDA"), ("driver", "NVIDIA driver (Linux)"), ("cudnn", "cuDNN"),
         ("gpu_capability", "GPU compute capability"), ("flash_attn", "flash-attn"), ("tensorrt", "TensorRT"),
         ("ultralytics", "Ultralytics"))


def register(app: typer.Typer) -> None:
    @app.command("knowledge")
    def knowledge_command(
        action: Optional[str] = typer.Argument(None, metavar="[verify]",
                                               help="verify: compare the tables with the package indexes "
                                                    "(needs the network)."),
        output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
        write: bool = typer.Option(False, "--write", help="verify: update the compat files with what was found "
                                                          "(rows, source and read date)."),
        compat_dir: Optional[Path] = typer.Option(None, "--compat", metavar="DIR",
                                                  help="The compat/ directory to read, and with verify --write "
                                                       "to write (default: this installation's)."),
        torch_versions: Optional[list[str]] = typer.Option(None, "--torch", metavar="VERSION",
                                                           help="verify: only these torch releases "
                                                                "(2.11.0, or a minor: 2.11); repeatable."),
        pypi: str = typer.Option("https://pypi.org", "--pypi", metavar="URL", help="verify: the PyPI to ask."),
        pytorch_index: str = typer.Option("https://download.pytorch.org/whl", "--pytorch-index", metavar="URL",
                                          help="verify: the PyTorch wheel index (its /<variant>/torch/ pages)."),
        timeout: float = typer.Option(20.0, "--timeout", metavar="SECONDS", min=0.1, help="verify: per request."),
    ) -> int:
        """Show what the compat tables cover and how old they are; `knowledge verify` checks them."""
        if output_format not in ("text", "json"):
            raise UserError(tr("--format must be text or json, not {value}", value=repr(output_format)), exitcodes.USAGE)
        if action is None:
            if write or torch_versions:
                raise UserError(tr("--write and --torch belong to `yolodoctor knowledge verify`"), exitcodes.USAGE)
            return _show(output_format, compat_dir)
        if action != "verify":
            raise UserError(tr("unknown action {action}: `yolodoctor knowledge` or `yolodoctor knowledge verify`",
                               action=repr(action)), exitcodes.USAGE)
        return _verify(output_format, write, compat_dir, torch_versions or None, pypi, pytorch_index, timeout)


def _source(compat_dir: Optional[Path]):
    from ..knowledge.files import KnowledgeError, data_dir
    from ..knowledge.tables import CompatSource, default_source

    if compat_dir is None:
        try:
            return default_source(), data_dir("compat")
        except KnowledgeError as exc:
            raise UserError(str(exc), exitcodes.INTERNAL) from None
    if not compat_dir.is_dir():
        raise UserError(tr("--compat {path}: not a directory", path=compat_dir), exitcodes.USAGE)
    return CompatSource(compat_dir, str(compat_dir)), compat_dir


def _show(output_format: str, compat_dir: Optional[Path]) -> int:
    from ..knowledge.coverage import coverage
    from ..knowledge.files import KnowledgeError

    src, _ = _source(compat_dir)
    try:
        cov = coverage(src)
    except KnowledgeError as exc:
        raise UserError(tr("the knowledge files are broken: {error}", error=exc), exitcodes.INTERNAL) from None
    if output_format == "json":
        typer.echo(json.dumps(cov.as_data(), indent=2))
        return exitcodes.HEALTHY
    typer.echo(tr("Knowledge date: {date} (the oldest read date of the tables that judge versions)",
                  date=cov.knowledge_date))
    typer.echo("")
    typer.echo(tr("Newest known:"))
    from ..copytext import display_width

    labels = [(kind, tr(label)) for kind, label in KINDS]  # a Chinese label is two columns a character
    width = max(display_width(label) for _, label in labels)
    for kind, label in labels:
        entry = next((n for n in cov.newest if n.kind == kind), None)
        if entry is not None:
            typer.echo(f"  {label}{' ' * (width - display_width(label))}  {entry.version:<12} {entry.table}")
    typer.echo("")
    typer.echo(tr("Tables (file [[table]]: read date, rows, rows marked verified = false):"))
    for table in cov.tables:
        where = f"{table.file} [[{table.table}]]"
        typer.echo("  " + (tr("{table}: read {date}, {rows} rows, {unverified} unverified", table=where,
                                 date=table.read, rows=table.rows, unverified=table.unverified) if table.unverified
                              else tr("{table}: read {date}, {rows} rows", table=where, date=table.read,
                                      rows=table.rows)))
    typer.echo("")
    typer.echo(tr("Anything newer than these is judged by the nearest known entry and said so (rule YD220). "
                  "Maintainers: `yolodoctor knowledge verify` (docs/knowledge.md)."))
    return exitcodes.HEALTHY


def _verify(output_format: str, write: bool, compat_dir: Optional[Path], only: Optional[list[str]], pypi: str,
            pytorch_index: str, timeout: float) -> int:
    from ..knowledge.compat import validate
    from ..knowledge.files import KnowledgeError
    from ..knowledge.remote import Http
    from ..knowledge.tables import CompatSource
    from ..knowledge.verify import Verifier, write as write_rows

    src, directory = _source(compat_dir)
    try:
        report = Verifier(Http(timeout=timeout), src, pypi=pypi, pytorch_index=pytorch_index).run(only)
    except KnowledgeError as exc:
        raise UserError(tr("the knowledge files are broken: {error}", error=exc), exitcodes.INTERNAL) from None
    written: list[str] = []
    if write:
        try:
            written = write_rows(report, directory)
        except OSError as exc:
            raise UserError(tr("cannot write {path}: {error}", path=directory, error=exc.strerror or exc),
                            exitcodes.USAGE) from None
        problems = validate(CompatSource(directory, str(directory)))
        if problems:  # never leave a broken table behind silently
            raise UserError(tr("the written tables no longer load: {problems}", problems="; ".join(problems)),
                            exitcodes.INTERNAL)
    if output_format == "json":
        typer.echo(json.dumps({**report.as_data(), "written": written}, indent=2))
    else:
        _print_verify(report, written, write)
    if report.unreachable and not report.checked:
        return exitcodes.ERRORS
    return exitcodes.WARNINGS if report.problems() or report.unreachable else exitcodes.HEALTHY


def _print_verify(report, written: list[str], write: bool) -> None:
    problems = report.problems()
    confirmed = len(report.differences) - len(problems)
    for diff in problems:
        typer.echo(diff.line())
    for line in report.unreachable:
        typer.echo(f"! unreachable: {line}")
    for note in report.notes:
        typer.echo(f"  note: {note}")
    typer.echo(f"{report.checked} values compared: {confirmed} confirmed, {len(problems)} differ; "
               f"{report.requests} requests, {report.bytes_received} bytes read.")
    if write:
        for line in written:
            typer.echo(f"  wrote: {line}")
        typer.echo(f"{len(written)} edits written." if written else "Nothing to write.")
    elif any(d.edit is not None for d in report.differences if d.kind != "confirmed"):
        typer.echo("Run with --write to apply the rows marked writable (see --format json).")
