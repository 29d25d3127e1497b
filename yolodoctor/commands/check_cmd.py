"""`yolodoctor check`: collect (or read) facts, evaluate every rule, report, exit with the verdict.

build_report() is the whole pipeline from Facts and options to a report
document and its exit code; the command only gathers options and facts and
prints. Other sources of facts (pasted reports, profiles) plug in there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional

import typer

from .. import exitcodes
from ..exitcodes import UserError
from ..i18n import tr
from ..facts.model import Facts
from .common import (FastOption, NoPolicyOption, PolicyOption, PythonOption, TimeoutOption, collect_facts,
                     load_facts_file)
from .network_options import NetworkTimeoutOption, OfflineOption, network_probe

if TYPE_CHECKING:  # the engine behind it loads on first use, not on every command's start-up
    from ..report.check_report import CheckOptions

FORMATS = ("terminal", "json", "junit", "github", "markdown")


@dataclass(frozen=True)
class CheckResult:
    document: dict[str, Any]  # the redacted report (docs/json.md)
    exit_code: int
    smoke_report: Any = None  # the SmokeReport, with --smoke


def validate_options(options: CheckOptions) -> CheckOptions:
    """Reject bad areas / --fail-on / profile / ignored ids before any probing starts."""
    from ..report.check_report import CheckOptions
    from ..diagnose.engine import FAIL_ON, checked_catalogue, resolve_areas, resolve_profile
    from ..knowledge.files import KnowledgeError
    from ..policy import unknown_ignored

    if options.policy is not None:
        try:
            problem = unknown_ignored(options.policy, set(checked_catalogue().ids()))
        except KnowledgeError as exc:
            raise UserError(tr("the knowledge files of this installation are broken: {error}", error=exc), exitcodes.INTERNAL) from None
        if problem:
            raise UserError(problem, exitcodes.USAGE)
    if options.fail_on not in FAIL_ON:
        raise UserError(tr("--fail-on must be one of {choices}, not {value}", choices=", ".join(FAIL_ON), value=repr(options.fail_on)), exitcodes.USAGE)
    try:
        areas = resolve_areas(options.areas) or ()
        if options.profile is not None:
            resolve_profile(options.profile)
    except ValueError as exc:
        raise UserError(str(exc), exitcodes.USAGE) from None
    return CheckOptions(areas=areas, fail_on=options.fail_on, profile=options.profile, offline=options.offline,
                        policy=options.policy)


def build_report(facts: Facts, options: CheckOptions) -> CheckResult:
    """Diagnose `facts` and build the report. A predicate that fails makes the exit code INTERNAL
    (unless --fail-on never), because the verdict is then incomplete; the rest is still reported."""
    from ..diagnose.engine import exit_code_for, run
    from ..knowledge.files import KnowledgeError
    from ..report.check_report import build_document

    from ..policy import Policy, effective_profile
    from ..profiles import get_profile
    from ..verdict import decide

    policy = options.policy if options.policy is not None else Policy()
    try:
        # The profile with the policy's requirements (GPUs, memory, packages) applied.
        profile = effective_profile(policy, get_profile(options.profile) if options.profile else None)
        diagnosis = run(facts, options.areas or None, profile)
    except KnowledgeError as exc:  # ProfileError included
        raise UserError(tr("the knowledge files of this installation are broken: {error}", error=exc), exitcodes.INTERNAL) from None
    # Only what matters for the profile counts; ignored rules are dropped (docs/profiles.md).
    verdict = decide(diagnosis.findings, facts, exit_code_for, options.fail_on, profile, policy.ignore,
                     options.offline, policy.path)
    code = verdict.exit_code
    if diagnosis.errors and options.fail_on != "never":
        code = exitcodes.INTERNAL
    return CheckResult(build_document(facts, diagnosis, options, code, verdict), code)


def render(document: dict[str, Any], output_format: str, verbose: bool = False) -> Optional[str]:
    """The report as text in `output_format`; None for the terminal format, which prints itself."""
    if output_format == "json":
        return json.dumps(document, indent=2, ensure_ascii=False)
    if output_format == "junit":
        from ..report.junit import render_junit

        return render_junit(document)
    if output_format == "github":
        from ..report.github import render_github

        return render_github(document).rstrip("\n")
    if output_format == "markdown":
        from ..report.markdown import render_markdown

        return render_markdown(document).rstrip("\n")
    from ..report.summary import print_report

    print_report(document, verbose=verbose)
    return None


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        areas: Optional[List[str]] = typer.Argument(None, metavar="AREA",
                                                    help="Check only these areas: driver, cuda, torch, torchvision, "
                                                         "cudnn, flash_attn, tensorrt, ultralytics, packages, system, "
                                                         "network."),
        python: Optional[str] = PythonOption,
        fast: bool = FastOption,
        timeout: float = TimeoutOption,
        facts_file: Optional[str] = typer.Option(None, "--facts", metavar="FILE",
                                                 help="Diagnose a facts document saved elsewhere (yolodoctor facts "
                                                      "--format json) instead of this machine; - reads stdin."),
        output_format: str = typer.Option("terminal", "--format", "-f", help="terminal, json, junit, github or "
                                                                             "markdown."),
        fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error: only errors fail; warning: warnings "
                                                                      "too (default); never: always exit 0."),
        profile: Optional[str] = typer.Option(None, "--profile", metavar="NAME",
                                              help="Judge against a workload profile (yolodoctor profiles lists "
                                                   "them); only what matters for it counts toward the exit code."),
        policy_file: Optional[str] = PolicyOption,
        no_policy: bool = NoPolicyOption,
        ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="ID",
                                                   help="Leave out this rule's findings (repeatable)."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Show every fact behind each area, and each "
                                                                    "finding's explanation."),
        offline: bool = OfflineOption,
        network_timeout: float = NetworkTimeoutOption,
        from_file: Optional[str] = typer.Option(None, "--from", metavar="FILE",
                                                help="Diagnose a pasted report instead of this machine: collect_env, "
                                                     "yolo checks, nvidia-smi, pip list, tracebacks, yolodoctor "
                                                     "report, or all of them together; - reads stdin."),
        smoke: bool = typer.Option(False, "--smoke", help="Then prove it: run `yolodoctor smoke --level quick` in "
                                                          "the same interpreter (terminal and json formats)."),
    ) -> int:
        """Diagnose this environment: what is wrong, why, and the exact fix."""
        if smoke and (from_file is not None or facts_file):
            raise UserError(tr("--smoke runs on this machine; it cannot be combined with --from or --facts"),
                            exitcodes.USAGE)
        if smoke and output_format not in ("terminal", "json"):
            raise UserError(tr("--smoke works with --format terminal or json"), exitcodes.USAGE)
        if output_format not in FORMATS:
            raise UserError(tr("--format must be one of {choices}, not {value}", choices=", ".join(FORMATS),
                               value=repr(output_format)), exitcodes.USAGE)
        if facts_file and python:
            raise UserError(tr("--facts reads facts collected elsewhere; it cannot be combined with --python"),
                            exitcodes.USAGE)
        from ..policy import resolve_policy
        from ..report.check_report import CheckOptions

        policy = resolve_policy(policy_file, no_policy, profile=profile, fail_on=fail_on,
                                ignore=tuple(ignore or ()), offline=True if offline else None)
        offline = bool(policy.offline)
        options = validate_options(CheckOptions(areas=tuple(areas or ()), fail_on=policy.fail_on or "warning",
                                                profile=policy.profile, offline=offline, policy=policy))
        if from_file is not None:
            return _check_pasted(from_file, facts_file, python, options, output_format, verbose)
        if not facts_file:
            _warm_up(output_format)
        network = options.areas and "network" not in options.areas  # not asked for: not probed
        only_network = options.areas == ("network",)  # `check network`: no heavy imports needed
        facts = load_facts_file(facts_file) if facts_file else collect_facts(
            python, fast or only_network, timeout, network=None if network else network_probe(offline, network_timeout))
        result = build_report(facts, options)
        if smoke:  # the stages run in the interpreter that was just inspected
            result = _with_smoke(result, facts.python.executable or python)
        text = render(result.document, output_format, verbose)
        if text is not None:
            typer.echo(text)
        if not facts_file:
            from ..fix.interrupted import interrupted_notice

            notice = interrupted_notice(facts.python.prefix)
            if notice:
                typer.echo(notice, err=True)
        if smoke and output_format == "terminal":
            from ..smoke import render as smoke_render

            smoke_render.print_report(result.smoke_report, verbose=verbose)
        if output_format == "github":
            from ..report.step_summary import write_summary

            problem = write_summary(result.document)
            if problem:
                typer.echo(tr("yolodoctor: warning: {warning}", warning=problem), err=True)
        return result.exit_code


_RENDERERS = {"terminal": "summary", "json": "json_out", "junit": "junit", "github": "github",
              "markdown": "markdown"}


def _warm_up(output_format: str) -> None:
    """Import the report builder and the renderer now, before collection: the import probes
    (started by the entry point, facts/prestart.py) are running meanwhile, so this time is
    spent beside torch's import rather than after it. (In the main thread: an import in a
    second thread could meet collection's imports in a circle and deadlock.)"""
    import importlib

    for name in ("report.check_report", "verdict", "profiles", f"report.{_RENDERERS[output_format]}"):
        importlib.import_module(f"yolodoctor.{name}")
    # The rules and the compat tables too (both memoised): 90 ms that would otherwise follow the probes.
    from ..diagnose.engine import checked_catalogue
    from ..knowledge import compat

    try:
        checked_catalogue()
        compat.validate()
    except Exception:  # broken knowledge is reported where it is used, with its own message
        pass


def _with_smoke(result: CheckResult, python: Optional[str]) -> CheckResult:
    """Run the quick smoke stages. The JSON document carries them under "smoke"; the exit code is
    the worse of the two verdicts (yolodoctor's own failure stays as it is)."""
    from ..smoke import render as smoke_render
    from .smoke_cmd import exit_code as smoke_exit_code, smoke_report

    report = smoke_report(python=python)
    code = result.exit_code
    if code != exitcodes.INTERNAL:
        code = max(code, smoke_exit_code(report))
    document = dict(result.document)
    document["smoke"] = smoke_render.report_dict(report)
    document["exit_code"] = code
    return CheckResult(document, code, report)


def _check_pasted(path: str, facts_file: Optional[str], python: Optional[str], options: CheckOptions,
                  output_format: str, verbose: bool) -> int:
    from ..ingest.check_from import build_pasted_report, read_paste

    if facts_file or python:
        raise UserError(tr("--from reads facts from the paste; it cannot be combined with --facts or --python"),
                        exitcodes.USAGE)
    if path == "-" and typer.get_text_stream("stdin").isatty():
        typer.echo(tr("Reading the report from standard input; end it with Ctrl-D (Ctrl-Z Enter on Windows)."), err=True)
    result = build_pasted_report(read_paste(path), options)
    text = render(result.document, output_format, verbose)
    if text is not None:
        typer.echo(text)
    elif output_format == "terminal":
        from ..report.triage_summary import print_triage

        print_triage(result.document["triage"])
    return result.exit_code
