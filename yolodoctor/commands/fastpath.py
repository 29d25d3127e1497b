"""Run a command without building typer's command tree, when that is safe.

typer builds a pydantic TypeAdapter for every parameter it parses; on a
small machine that is about 0.2 s, most of the budget of `yolodoctor facts
--fast`. For the commands listed in FAST_COMMANDS, the options declared for
typer are read back from the command function's signature and parsed with
argparse. Whatever is not plainly understood (help, a value out of range,
an unknown option, an option type or feature this does not handle) is left
to typer, which parses it and gives the usual messages: there is one
declaration of each option, and typer stays the authority.
"""

from __future__ import annotations

import argparse
import inspect
import typing
from typing import Any, Callable, Optional, Sequence

FAST_COMMANDS = ("facts", "check")
_SIMPLE = (str, int, float)


class _Fallback(Exception):
    """This command line is typer's to parse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:  # never print or exit: let typer speak
        raise _Fallback(message)


def _base(tp: Any) -> Any:
    if typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return tp


def _list_of_str(tp: Any) -> bool:
    return typing.get_origin(tp) in (list, typing.List) and typing.get_args(tp) in ((str,), ())


def _parser_for(func: Callable[..., Any]) -> tuple[_Parser, dict[str, Any]]:
    from typer.models import ArgumentInfo, OptionInfo

    hints = typing.get_type_hints(func)
    parser = _Parser(add_help=False, allow_abbrev=False)
    infos = {}
    for name, param in inspect.signature(func).parameters.items():
        info = param.default
        tp = _base(hints.get(name))
        if isinstance(info, ArgumentInfo) and info.default is None and _list_of_str(tp) and not info.callback:
            parser.add_argument(name, nargs="*", default=None)  # variadic positionals (check's areas)
            infos[name] = info
            continue
        if not isinstance(info, OptionInfo) or info.callback or info.envvar or info.parser or info.count \
                or info.clamp or info.default_factory or info.prompt or info.is_eager:
            raise _Fallback(name)
        decls = [d for d in info.param_decls if d.startswith("-")] or ["--" + name.replace("_", "-")]
        if any("/" in d for d in decls):
            raise _Fallback(name)
        if tp is bool and info.default is False:
            parser.add_argument(*decls, dest=name, action="store_true", default=False)
        elif tp in _SIMPLE:
            parser.add_argument(*decls, dest=name, type=tp, default=info.default)
        elif _list_of_str(tp) and info.default is None:
            parser.add_argument(*decls, dest=name, action="append", default=None)
        else:
            raise _Fallback(name)
        infos[name] = info
    return parser, infos


def run_fast(callbacks: dict[str, Callable[..., Any]], args: Sequence[str]) -> Optional[Any]:
    """The command's result, or None when typer must handle this command line."""
    if not args or args[0] not in FAST_COMMANDS or args[0] not in callbacks:
        return None
    func = callbacks[args[0]]
    try:
        parser, infos = _parser_for(func)
        values = vars(parser.parse_args(list(args[1:])))
    except (_Fallback, argparse.ArgumentError, ValueError, TypeError):
        return None
    for name, value in values.items():
        if isinstance(value, list) and not value:
            values[name] = None  # no positionals given: what the declaration's default says
            continue
        if isinstance(value, list) and any(v.startswith("-") for v in value):
            return None  # an option argparse did not know ended up as a positional: typer's to judge
        info = infos[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
                return None
    return func(**values)
