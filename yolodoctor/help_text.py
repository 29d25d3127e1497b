"""`--help` in the chosen language.

typer reads help strings when the commands are declared (at import), before main()
knows the language, so they are written in English and translated here, on the click
command tree, just before it parses the command line. Only a zh-CN run comes here:
the English run neither walks the tree nor loads a catalogue. The Chinese texts are
yolodoctor/messages/zh-CN/help.toml, keyed by the English help; an English text with
no entry stays English (a test lists any that lack one). Option and command names,
metavars and defaults never change.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

# What click prints around the help texts (section titles, the help option's own text).
# They live in typer's code, not in ours; translated by the same catalogue.
FRAME = ("Usage: ", "Arguments", "Options", "Commands", "Show this message and exit.", "default: {default}",
         "required")


def walk(command: Any, path: str = "yolodoctor") -> Iterator[tuple[str, Any, str]]:
    """(where, owner, attribute) of every help text of `command` and everything under it: the
    command's help, short_help and epilog, each parameter's help."""
    for attribute in ("help", "short_help", "epilog"):
        if getattr(command, attribute, None):
            yield path, command, attribute
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            name = param.opts[0] if getattr(param, "opts", None) else param.name
            yield f"{path} {name}", param, "help"
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, f"{path} {name}")


def help_texts(command: Any) -> list[tuple[str, str]]:
    """(where, English text) of every help text of the command tree."""
    return [(where, getattr(owner, attribute)) for where, owner, attribute in walk(command)]


def translate(command: Any, lookup: Callable[[str], str]) -> Any:
    """Replace every help text of the tree by lookup(text), in place; returns the command."""
    for _where, owner, attribute in list(walk(command)):
        setattr(owner, attribute, lookup(getattr(owner, attribute)))
    return command


def chinese_command(app: Any) -> Any:
    """The click command of `app` with its help, and click's frame around it, in Chinese."""
    import typer.main

    from .i18n import catalogue

    messages = catalogue()
    command = translate(typer.main.get_command(app), lambda text: messages.get(text, text))
    _translate_frame(messages)
    return command


def _translate_frame(messages: dict[str, str]) -> None:
    """typer titles the sections with gettext (`_("Options")`) and click writes "Usage: " and the help
    option's text as literals: hand both the catalogue's words (this process speaks zh-CN)."""
    import importlib
    import sys

    def gettext(text: str) -> str:
        return messages.get(text, text)

    # typer.core titles the plain help; typer.rich_utils (rich help, not used: rich_markup_mode=None) only if
    # something already imported it - importing it would load rich's markdown and syntax modules (0.2 s).
    for module in (importlib.import_module("typer.core"), sys.modules.get("typer.rich_utils")):
        if module is not None and hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
    for name in ("typer._click.formatting", "click.formatting"):
        try:
            formatting = importlib.import_module(name)
        except ImportError:
            continue
        formatter = getattr(formatting, "HelpFormatter", None)
        original = getattr(formatter, "write_usage", None)
        if original is None or getattr(original, "_yolodoctor", False):
            continue

        def write_usage(self, prog: str, args: str = "", prefix: Any = None, _original=original) -> None:  # type: ignore[no-untyped-def]
            _original(self, prog, args, gettext("Usage: ") if prefix is None else prefix)

        write_usage._yolodoctor = True  # type: ignore[attr-defined]
        formatter.write_usage = write_usage  # type: ignore[union-attr]

        def write_heading(self, heading: str) -> None:  # type: ignore[no-untyped-def]
            # "选项：" with a full-width colon after a Chinese title (click writes "Options:")
            colon = ":" if heading.isascii() else "："
            self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

        formatter.write_heading = write_heading  # type: ignore[union-attr]
    for name in ("typer._click.decorators", "click.decorators"):
        try:
            decorators = importlib.import_module(name)
        except ImportError:
            continue
        original_option = getattr(decorators, "help_option", None)
        if original_option is None or getattr(original_option, "_yolodoctor", False):
            continue

        def help_option(*args: Any, _original=original_option, **kwargs: Any) -> Any:
            decorate = _original(*args, **kwargs)

            def apply(command: Any) -> Any:
                result = decorate(command)
                for param in getattr(command, "params", [])[-1:]:
                    if getattr(param, "help", None):
                        param.help = gettext(param.help)
                return result

            return apply

        help_option._yolodoctor = True  # type: ignore[attr-defined]
        decorators.help_option = help_option


def show_usage_error(exc: Any) -> None:
    """A click usage error (`check --bogus`, `chek`) on stderr as click shows it, in the current language: the
    usage line, the hint, the message (click's common messages translated; any other as click wrote it)."""
    import sys

    from .i18n import tr

    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            sys.stderr.write(tr("Try '{command}' for help.", command=f"{ctx.command_path} {ctx.help_option_names[0]}")
                             + "\n")
        sys.stderr.write("\n")
    sys.stderr.write(tr("Error: {message}", message=usage_message(exc.format_message())) + "\n")


def usage_message(message: str) -> str:
    """click's message of a usage error in the current language, where it is one of the common ones."""
    import re

    from .i18n import tr

    found = re.fullmatch(r"No such option: (\S+)(?: \(Possible options: (.+)\))?", message, re.S)
    if found:
        return tr("No such option: {option}", option=found[1]) + (
            tr(" (possible options: {options})", options=found[2]) if found[2] else "")
    found = re.fullmatch(r"No such command '(.+?)'\.(?: Did you mean '(.+)'\?)?", message, re.S)
    if found:
        return tr("No such command '{name}'.", name=found[1]) + (
            tr(" Did you mean '{name}'?", name=found[2]) if found[2] else "")
    found = re.fullmatch(r"Option '(.+)' requires an argument\.", message, re.S)
    if found:
        return tr("Option '{option}' requires an argument.", option=found[1])
    found = re.fullmatch(r"Missing argument '(.+)'\.", message, re.S)
    if found:
        return tr("Missing argument '{name}'.", name=found[1])
    found = re.fullmatch(r"Missing option '(.+)'\.", message, re.S)
    if found:
        return tr("Missing option '{name}'.", name=found[1])
    found = re.fullmatch(r"Got unexpected extra arguments? \((.+)\)", message, re.S)
    if found:
        return tr("Got unexpected extra arguments ({arguments})", arguments=found[1])
    found = re.fullmatch(r"Invalid value for (.+?): (.+)", message, re.S)
    if found:
        return tr("Invalid value for {parameter}: {reason}", parameter=found[1], reason=found[2])
    return message
