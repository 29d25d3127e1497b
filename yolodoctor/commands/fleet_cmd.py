"""`yolodoctor fleet`: one verdict for many nodes, gathered through Slurm, Ray, or collected reports
(docs/fleet.md). The gathering lives in yolodoctor/fleet/; this only reads options and prints."""

from __future__ import annotations

import json
import time
from typing import List, Optional

import typer

from ..i18n import tr

from .. import exitcodes
from ..exitcodes import UserError
from .common import FastOption, PythonOption

FORMATS = ("terminal", "json", "junit", "markdown")


def register(app: typer.Typer) -> None:
    @app.command("fleet", context_settings={"allow_interspersed_args": True})
    def fleet_command(
        args: Optional[List[str]] = typer.Argument(None, metavar="[ARGS]...",
                                                   help="With --from: report files or directories. With --ray: "
                                                        "the cluster address (default: auto). With --slurm, after "
                                                        "--: extra srun options."),
        from_files: bool = typer.Option(False, "--from", help="Judge reports already collected (check/facts "
                                                              "--format json, or `yolodoctor report` markdown)."),
        slurm: bool = typer.Option(False, "--slurm", help="Run check on every node through srun."),
        ray: bool = typer.Option(False, "--ray", help="Run check on every alive node of a Ray cluster."),
        partition: Optional[str] = typer.Option(None, "--partition", "-p", help="Slurm partition to check."),
        nodes: Optional[str] = typer.Option(None, "--nodes", "-w", metavar="LIST",
                                            help="Slurm host list to check, e.g. gpu[01-16] (default: sinfo)."),
        python: Optional[str] = PythonOption,
        fast: bool = FastOption,
        node_timeout: float = typer.Option(120.0, "--timeout", metavar="SECONDS", min=1.0,
                                           help="Per-node bound: a node without a report by then is named as "
                                                "timed out."),
        profile: Optional[str] = typer.Option(None, "--profile", metavar="NAME", help="Judge every node against "
                                                                                      "this workload profile."),
        fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error, warning (default) or never."),
        ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="ID",
                                                   help="Leave out this rule's findings on every node (repeatable)."),
        offline: bool = typer.Option(False, "--offline", help="Nodes probe no network endpoint."),
        output_format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, junit or markdown."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Show each group's message too."),
        smoke: bool = typer.Option(False, "--smoke", help="Then an all-reduce across the nodes that answered, "
                                                          "through the engine (gloo on CPU, NCCL on GPUs); a "
                                                          "failing node or pair is named. Needs torch under "
                                                          "--python (default: this interpreter)."),
        smoke_backend: str = typer.Option("auto", "--smoke-backend",
                                          help="auto (NCCL when every node's torch sees a GPU, else gloo), gloo "
                                               "or nccl."),
    ) -> int:
        """Check every node of a cluster and judge them together: drift, shared findings, silent nodes."""
        modes = [name for name, on in (("--from", from_files), ("--slurm", slurm), ("--ray", ray)) if on]
        if len(modes) != 1:
            raise UserError(tr("choose one of --from PATH..., --slurm or --ray [ADDRESS]"), exitcodes.USAGE)
        if output_format not in FORMATS:
            raise UserError(tr("--format must be one of {choices}, not {value}", choices=", ".join(FORMATS),
                                 value=repr(output_format)), exitcodes.USAGE)
        args = list(args or [])
        if from_files and not args:
            raise UserError(tr("--from needs at least one report file or directory"), exitcodes.USAGE)
        if ray and len(args) > 1:
            raise UserError(tr("--ray takes one cluster address at most"), exitcodes.USAGE)
        if (partition or nodes) and not slurm:
            raise UserError(tr("--partition and --nodes go with --slurm"), exitcodes.USAGE)
        if from_files and (python or fast):
            raise UserError(tr("--from reads reports collected elsewhere; --python and --fast apply to --slurm "
                               "and --ray"), exitcodes.USAGE)
        if smoke_backend not in ("auto", "gloo", "nccl"):
            raise UserError(tr("--smoke-backend must be auto, gloo or nccl, not {value}", value=repr(smoke_backend)),
                            exitcodes.USAGE)
        if smoke and from_files:
            raise UserError(tr("--smoke runs on the nodes: use it with --slurm or --ray"), exitcodes.USAGE)
        from ..policy import resolve_policy
        from ..report.check_report import CheckOptions
        from .check_cmd import validate_options

        policy = resolve_policy(None, False, profile=profile, fail_on=fail_on, ignore=tuple(ignore or ()),
                                offline=True if offline else None)
        options = validate_options(CheckOptions(fail_on=policy.fail_on or "warning", profile=policy.profile,
                                                offline=bool(policy.offline), policy=policy))
        check_args = _node_check_args(python, fast, options.profile, options.fail_on, options.offline)
        started = time.monotonic()
        if from_files:
            from ..fleet.gather_files import gather

            results, smoke_result, source = list(gather(args, options)), None, "files"
        elif slurm:
            from ..fleet.gather_slurm import SlurmRequest

            request = SlurmRequest(partition=partition, nodes=nodes, extra=tuple(args), node_timeout=node_timeout)
            results, smoke_result = _slurm(request, check_args, options, python, smoke, smoke_backend)
            source = "slurm"
        else:
            results, smoke_result = _ray(args[0] if args else None, check_args, options, python, node_timeout,
                                         smoke, smoke_backend)
            source = "ray"
        from ..fleet.aggregate import build_fleet_document, without_ignored

        if policy.ignore:  # the team policy's ignored rules leave every node's report, as they leave check's
            results = without_ignored(results, policy.ignore)
        document = build_fleet_document(results, source, options.fail_on, options.profile,
                                         time.monotonic() - started, smoke=smoke_result if smoke else None,
                                         smoke_asked=smoke)
        typer.echo(_render(document, output_format, verbose))
        return document["exit_code"]


def _slurm(request, check_args, options, python, smoke, smoke_backend):
    from ..fleet.gather_slurm import gather

    results = gather(request, check_args, options)
    if not smoke:
        return results, None
    from ..fleet.smoke import slurm_smoke

    return results, slurm_smoke(results, request, python, request.node_timeout, smoke_backend)


def _ray(address, check_args, options, python, node_timeout, smoke, smoke_backend):
    from ..fleet.gather_ray import gather

    then = None
    if smoke:  # while the driver is still connected to the cluster
        from ..fleet.smoke import ray_smoke

        def then(nodes_done):
            return ray_smoke(nodes_done, python, node_timeout, smoke_backend)
    return gather(address, check_args, options, node_timeout, then=then)


def _node_check_args(python: Optional[str], fast: bool, profile: Optional[str], fail_on: str,
                     offline: bool) -> list[str]:
    """What each node's `check` is told: the same interpreter, profile and fail-on as the fleet."""
    out = ["--fail-on", fail_on]
    if python:
        out += ["--python", python]
    if fast:
        out.append("--fast")
    if profile:
        out += ["--profile", profile]
    if offline:
        out.append("--offline")
    return out


def _render(document: dict, output_format: str, verbose: bool) -> str:
    from ..fleet import render

    if output_format == "json":
        return json.dumps(document, indent=2, ensure_ascii=False)
    if output_format == "junit":
        return render.render_junit(document).rstrip("\n")
    if output_format == "markdown":
        return render.render_markdown(document).rstrip("\n")
    return render.render_terminal(document, verbose)
