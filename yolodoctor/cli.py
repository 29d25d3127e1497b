"""The command line: parse options, call the pipeline, render. Nothing else.

Every command lives in yolodoctor/commands/ and registers itself here. main()
turns every way a run can end into an exit code: no traceback reaches the
user (a bug in yolodoctor prints one line and where the details were saved).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from typing import Optional, Sequence

import typer

from . import exitcodes
from .commands import (check_cmd, facts_cmd, fix_cmd, fleet_cmd, knowledge_cmd, profiles_cmd, report_cmd, rules_cmd,
                       smoke_cmd)

def _no_types_in_help() -> None:
    """typer's help shows a Python type beside options (`--fast <bool>`, `--format <str>`) as
    if a user typed Python: a flag shows nothing, an option its name (`--format FORMAT`),
    an argument only its own name."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - a typer without its own parameter classes
        return
    option_type = getattr(TyperOption, "display_type_rich", None)
    if option_type is None or getattr(option_type, "_yolodoctor", False):
        return

    def option_display(self, ctx):  # type: ignore[no-untyped-def]
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None
        shown = option_type(self, ctx)
        if self.metavar is None and isinstance(shown, str) and shown.startswith("<") and self.name:
            return self.name.upper()
        return shown

    def argument_display(self, ctx):  # type: ignore[no-untyped-def]
        return None

    option_display._yolodoctor = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = option_display  # type: ignore[method-assign]
    if hasattr(TyperArgument, "display_type_rich"):
        TyperArgument.display_type_rich = argument_display  # type: ignore[method-assign]


def _help_keeps_commands_whole() -> None:
    """Help is plain text (no box drawing to paste along) wrapped by copytext: a command
    named in a help text (`yolodoctor facts --format json`) is never split across lines."""
    import importlib

    from .copytext import wrap

    for name in ("typer._click.formatting", "click.formatting"):
        try:
            formatting = importlib.import_module(name)
        except ImportError:
            continue
        original = getattr(formatting, "wrap_text", None)
        if original is None or getattr(original, "_yolodoctor", False):
            continue

        def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
                      preserve_paragraphs: bool = False, _original=original) -> str:
            if "\b" in text:  # click's "do not rewrap this paragraph" marker
                return _original(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
            paragraphs = [p for p in text.split("\n\n")] if preserve_paragraphs else [text]
            out = []
            for paragraph in paragraphs:
                lines = wrap(paragraph, max(10, width - len(subsequent_indent))) or [""]
                out.append("\n".join([initial_indent + lines[0]] + [subsequent_indent + line for line in lines[1:]]))
            return "\n\n".join(out)

        wrap_text._yolodoctor = True  # type: ignore[attr-defined]
        formatting.wrap_text = wrap_text


_no_types_in_help()
_help_keeps_commands_whole()

app = typer.Typer(
    name="yolodoctor",
    help="Diagnose, fix and prove PyTorch / CUDA / YOLO environments.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: see _help_keeps_commands_whole
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Help lists commands in this order.
for module in (check_cmd, facts_cmd, fix_cmd, smoke_cmd, fleet_cmd, profiles_cmd, report_cmd, rules_cmd, knowledge_cmd):
    module.register(app)


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"yolodoctor {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Optional[bool] = typer.Option(None, "--version", callback=_version_callback, is_eager=True,
                                                 help="Print the version and exit."),
          lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG",
                                             help="Language of the text: en or zh-CN (any command takes it; "
                                                  "default: YOLODOCTOR_LANG, else the locale).")) -> None:
    """Diagnose, fix and prove PyTorch / CUDA / YOLO environments."""


def _kind(exc: BaseException) -> set[str]:
    # typer vendors click in newer releases: match the exception classes by name.
    return {cls.__name__ for cls in type(exc).__mro__}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from . import i18n

    try:  # --lang is every command's option: taken off here, so no command (nor the fast path) parses it
        args, lang = i18n.take_lang_option(args)
        i18n.set_language(i18n.resolve(lang))
    except i18n.LanguageError as exc:
        sys.stderr.write(f"yolodoctor: error: {exc}\n")
        return exitcodes.USAGE
    try:
        from .commands.fastpath import run_fast

        result = run_fast({c.name: c.callback for c in app.registered_commands if c.name and c.callback}, args)
        if result is None:
            if i18n.is_chinese():  # help texts are English at import; the tree is translated before parsing
                from .help_text import chinese_command

                result = chinese_command(app)(args=args, prog_name="yolodoctor", standalone_mode=False)
            else:
                result = app(args=args, prog_name="yolodoctor", standalone_mode=False)
    except KeyboardInterrupt:
        sys.stderr.write(i18n.tr("yolodoctor: interrupted") + "\n")
        return exitcodes.INTERRUPTED
    except exitcodes.UserError as exc:
        sys.stderr.write(i18n.tr("yolodoctor: error: {error}", error=i18n.tr(str(exc))) + "\n")
        return exc.code
    except BrokenPipeError:  # `yolodoctor facts | head`
        return exitcodes.HEALTHY
    except Exception as exc:
        kinds = _kind(exc)
        if "NoArgsIsHelpError" in kinds:  # bare `yolodoctor`
            exc.show()  # type: ignore[attr-defined]
            return exitcodes.HEALTHY
        if "Abort" in kinds:
            sys.stderr.write(i18n.tr("yolodoctor: interrupted") + "\n")
            return exitcodes.INTERRUPTED
        if "UsageError" in kinds and i18n.is_chinese():
            from .help_text import show_usage_error

            show_usage_error(exc)
            return exitcodes.USAGE
        if "UsageError" in kinds or "ClickException" in kinds:
            exc.show()  # type: ignore[attr-defined]
            return exitcodes.USAGE
        if "Exit" in kinds and isinstance(getattr(exc, "exit_code", None), int):
            return exc.exit_code  # type: ignore[attr-defined]
        return _internal_error(exc)  # a bug in yolodoctor: one line, details saved
    return result if isinstance(result, int) else exitcodes.HEALTHY


def _internal_error(exc: BaseException) -> int:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    where = None
    try:
        fd, where = tempfile.mkstemp(prefix="yolodoctor-crash-", suffix=".txt")
        with os.fdopen(fd, "w") as fh:
            fh.write(details)
    except OSError:
        where = None
    from .i18n import tr

    sys.stderr.write(tr("yolodoctor: internal error: {error}", error=f"{type(exc).__name__}: {exc}") + "\n")
    if where:
        sys.stderr.write(tr("yolodoctor: the details are in {path}; please attach them to a bug report",
                            path=where) + "\n")
    return exitcodes.INTERNAL
