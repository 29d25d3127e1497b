"""`yolodoctor smoke`: run real work in the target interpreter, stage by stage."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from ..exitcodes import ERRORS, HEALTHY, USAGE, WARNINGS, UserError
from .common import PythonOption
from ..i18n import tr

DeviceOption = typer.Option("auto", "--device", "-d", metavar="DEVICE",
                            help="cpu, cuda, cuda:N, all (CPU and every GPU) or auto (every GPU, else the CPU); "
                                 "comma-separated for several.")
LevelOption = typer.Option("quick", "--level", help="quick (seconds) or full (adds GPU health, larger workloads).")


def parse_stages(values: Optional[list[str]]) -> tuple[str, ...]:
    from ..smoke.plan import OLD_STAGE_NAMES, STAGE_NAMES

    if not values:
        return STAGE_NAMES
    wanted = {v.strip() for value in values for v in value.split(",") if v.strip()}
    wanted = {OLD_STAGE_NAMES.get(v, v) for v in wanted}
    unknown = sorted(wanted - set(STAGE_NAMES))
    if unknown:
        raise UserError(f"--stage {', '.join(unknown)}: unknown stage (stages: {', '.join(STAGE_NAMES)})", USAGE)
    return tuple(s for s in STAGE_NAMES if s in wanted or s == "device")  # device runs first, always


def exit_code(report) -> int:
    if not report.passed:
        return ERRORS
    if any(f.severity in ("error", "warning") for f in report.findings):
        return WARNINGS
    return HEALTHY


def smoke_report(python: Optional[str] = None, device: str = "auto", level: str = "quick",
                 stages: Optional[list[str]] = None, timeout: Optional[float] = None,
                 keep: Optional[str] = None):
    """Validate the options and run the stages (progress on stderr); the SmokeReport."""
    from ..facts.target import TargetError
    from ..smoke.plan import LEVELS, check_device_spec
    from ..smoke.progress import for_stream
    from ..smoke.runner import SmokeOptions, run_smoke

    if level not in LEVELS:
        raise UserError(tr("--level must be quick or full, not {value}", value=repr(level)), USAGE)
    problem = check_device_spec(device)
    if problem:
        raise UserError(problem, USAGE)
    options = SmokeOptions(python=python, device=device, level=level, stages=parse_stages(stages),
                           timeout=timeout, keep_workdir=keep)
    progress = for_stream(sys.stderr)
    try:
        return run_smoke(options, progress)
    except TargetError as exc:
        raise UserError(str(exc), USAGE) from None
    finally:
        progress.close()


def run(python: Optional[str] = None, device: str = "auto", level: str = "quick",
        stages: Optional[list[str]] = None, timeout: Optional[float] = None, output_format: str = "text",
        verbose: bool = False, keep: Optional[str] = None) -> int:
    """Run the smoke test and print it; the exit code. Also for `check --smoke` and `fix --smoke`."""
    from ..smoke import render

    if output_format not in ("text", "json"):
        raise UserError(tr("--format must be text or json, not {value}", value=repr(output_format)), USAGE)
    report = smoke_report(python, device, level, stages, timeout, keep)
    if output_format == "json":
        typer.echo(render.report_json(report))
    else:
        render.print_report(report, verbose=verbose)
    return exit_code(report)


def register(app: typer.Typer) -> None:
    @app.command("smoke")
    def smoke_command(
        python: Optional[str] = PythonOption,
        device: str = DeviceOption,
        level: str = LevelOption,
        stage: Optional[list[str]] = typer.Option(None, "--stage", "-s", metavar="NAME",
                                                  help="Run only these stages (repeatable or comma-separated): "
                                                       "device, model, attention, vision, ultralytics, export, "
                                                       "distributed, health. The device stage always runs."),
        timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS", min=1.0,
                                                help="Time limit of every stage (default: each stage's own, "
                                                     "3 to 7 minutes)."),
        output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Show every check of every stage."),
        keep: Optional[str] = typer.Option(None, "--keep", metavar="DIR",
                                           help="Keep the stages' files (dataset, ONNX model, logs) in DIR."),
    ) -> int:
        """Prove the environment works: real kernels, training and export, stage by stage."""
        return run(python, device, level, stage, timeout, output_format, verbose, keep)
