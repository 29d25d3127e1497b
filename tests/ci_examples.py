"""Reading the examples out of docs/ci.md and checking the yolodoctor command lines inside them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Iterator

import typer

from yolodoctor.cli import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "ci.md"
_EXAMPLE = re.compile(r"<!-- example: ([a-z0-9-]+) -->\s*\n```([a-z]+)\n(.*?)\n```", re.S)
_SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "\n"}
_REDIRECTS = {">", ">>", "<", ">&", "<&", ">|"}


def examples(path: Path = DOC) -> dict[str, tuple[str, str]]:
    """name -> (language, code) for every `<!-- example: NAME -->` fenced block."""
    out: dict[str, tuple[str, str]] = {}
    for match in _EXAMPLE.finditer(path.read_text(encoding="utf-8")):
        name, language, code = match.groups()
        assert name not in out, f"example {name} appears twice"
        out[name] = (language, code)
    return out


def shell_commands(script: str) -> Iterator[list[str]]:
    """The simple commands of a shell script, as argv lists with redirections removed (one line at a time,
    after joining backslash continuations; enough for the examples, which keep quotes on one line)."""
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        current: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token in _SEPARATORS or token == ";;":
                if current:
                    yield current
                current = []
            elif token in _REDIRECTS:
                i += 1  # skip the target
            elif token.isdigit() and i + 1 < len(tokens) and tokens[i + 1] in _REDIRECTS:
                pass  # the 2 of 2>&1
            else:
                current.append(token)
            i += 1
        if current:
            yield current


_LAUNCHERS = {"docker", "podman", "srun", "exec", "env", "sudo", "timeout", "kubectl"}


def _is_yolodoctor(token: str) -> bool:
    return token == "yolodoctor" or (token.endswith("/yolodoctor") and "=" not in token)


def yolodoctor_argvs(argvs) -> list[list[str]]:
    """The yolodoctor command lines in argv lists (from shell_commands or exec forms), including those run
    through another program (`docker run IMAGE yolodoctor ...`, `srun yolodoctor ...`)."""
    found = []
    for argv in argvs:
        if not argv:
            continue
        if _is_yolodoctor(argv[0]):
            found.append(argv)
        elif Path(argv[0]).name in _LAUNCHERS:
            start = next((i for i, token in enumerate(argv) if _is_yolodoctor(token)), None)
            if start is not None:
                found.append(argv[start:])
    return found


def check_invocation(argv: list[str]) -> list[str]:
    """Problems with one `yolodoctor ...` command line, judged against the real CLI definition."""
    group = typer.main.get_command(app)
    if len(argv) < 2:
        return [f"{argv}: no subcommand"]
    command = group.commands.get(argv[1])  # type: ignore[attr-defined]
    if command is None:
        return [f"{' '.join(argv)}: unknown command {argv[1]!r}"]
    options = {}
    for param in command.params:
        for opt in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())):
            options[opt] = param
    problems = []
    args = argv[2:]
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":  # the rest belongs to another program (`fleet --slurm -- SRUN OPTIONS`)
            break
        if argv[1] == "check" and not token.startswith("-"):
            problems += _check_area(argv, token)
        if token.startswith("-"):
            name, eq, value = token.partition("=")
            param = options.get(name)
            if param is None:
                problems.append(f"{' '.join(argv)}: {argv[1]} has no option {name}")
            elif not getattr(param, "is_flag", False) and not eq:
                i += 1
                value = args[i] if i < len(args) else ""
                if not value:
                    problems.append(f"{' '.join(argv)}: {name} needs a value")
            if param is not None and value and not value.startswith("$"):
                problems += _check_value(argv, name, value)
        i += 1
    return problems


def _check_value(argv: list[str], name: str, value: str) -> list[str]:
    from yolodoctor.policy import FAIL_ON
    from yolodoctor.profiles import profile_names

    allowed = {"--profile": profile_names(), "--fail-on": FAIL_ON}.get(name)
    if allowed and value not in allowed:
        return [f"{' '.join(argv)}: {name} {value!r} is not one of {', '.join(allowed)}"]
    return []


def _check_area(argv: list[str], name: str) -> list[str]:
    from yolodoctor.diagnose.engine import resolve_areas

    try:
        resolve_areas([name])
    except ValueError as exc:
        return [f"{' '.join(argv)}: {exc}"]
    return []
