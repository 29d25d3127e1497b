"""Shell text for persistent environment variables: marked blocks and conda hook scripts.

Values are restricted (see check_value) so that one simple quoting rule is
safe in every shell written here; a mirror URL never needs more.
"""

from __future__ import annotations

import json
import re
from typing import Optional

from ..i18n import tr

BEGIN = ">>> yolodoctor >>>"
END = "<<< yolodoctor <<<"
STATE = "yolodoctor-settings:"
NOTE = "Set by `yolodoctor fix`; `yolodoctor rollback` (or deleting this block) undoes it."
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
FORBIDDEN = set("'\"`$\\%!\n\r\0;&|<>")


class ScriptError(ValueError):
    """A name, value or existing file that cannot be written safely."""


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise ScriptError(f"{name!r} is not a valid environment variable name")


def check_value(name: str, value: str) -> None:
    bad = sorted(set(value) & FORBIDDEN)
    if bad or not value.isprintable():
        shown = ", ".join(repr(c) for c in bad) or "non-printable characters"
        raise ScriptError(f"the value for {name} contains {shown}; set it by hand")


def dialect_of(path: str) -> str:
    """sh, fish or csh, from the file name."""
    if path.endswith(".fish"):
        return "fish"
    if path.endswith(".csh"):
        return "csh"
    return "sh"


def assignment(dialect: str, name: str, value: str) -> str:
    if dialect == "fish":
        return f"set -gx {name} '{value}'"
    if dialect == "csh":
        return f"setenv {name} '{value}'"
    return f"export {name}='{value}'"


def render_block(dialect: str, settings: dict[str, str]) -> str:
    lines = [f"# {BEGIN}", f"# {NOTE}", f"# {STATE} {json.dumps(settings, sort_keys=True)}"]
    lines += [assignment(dialect, name, value) for name, value in sorted(settings.items())]
    lines.append(f"# {END}")
    return "\n".join(lines) + "\n"


def find_block(text: str, where: str) -> Optional[tuple[int, int, dict[str, str]]]:
    """(start, end, settings) of the marked block in text; None when there is none."""
    starts = [m.start() for m in re.finditer(rf"^# {re.escape(BEGIN)}[^\n]*\n?", text, re.M)]
    ends = [m.end() for m in re.finditer(rf"^# {re.escape(END)}[^\n]*(\n|\Z)", text, re.M)]
    if not starts and not ends:
        return None
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ScriptError(tr("{where}: the yolodoctor block markers are damaged; fix or remove them by hand",
                             where=where))
    block = text[starts[0]:ends[0]]
    match = re.search(rf"^# {re.escape(STATE)} (.*)$", block, re.M)
    settings: dict[str, str] = {}
    if match:
        try:
            loaded = json.loads(match.group(1))
            if isinstance(loaded, dict):
                settings = {str(k): str(v) for k, v in loaded.items()}
        except ValueError:
            raise ScriptError(tr("{where}: the yolodoctor block is damaged; fix or remove it by hand",
                                 where=where)) from None
    return starts[0], ends[0], settings


def with_settings(text: str, dialect: str, new: dict[str, str], where: str) -> str:
    """text with its yolodoctor block holding the old settings updated by `new` (appended when absent)."""
    found = find_block(text, where)
    if found is None:
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return text + separator + render_block(dialect, new)
    start, end, old = found
    merged = dict(old)
    merged.update(new)
    return text[:start] + render_block(dialect, merged) + text[end:]


def conda_scripts(settings: dict[str, str]) -> dict[str, str]:
    """The activate.d / deactivate.d scripts (relative to etc/conda) for these settings.

    Activation saves a value already set and deactivation puts it back, as conda
    does for `conda env config vars`."""
    state = f"# {STATE} {json.dumps(settings, sort_keys=True)}"
    head = f"# {NOTE}"
    sh_on, sh_off, fish_on, fish_off = [head, state], [head], [head, state], [head]
    for name, value in sorted(settings.items()):
        saved = f"_YOLODOCTOR_SAVED_{name}"
        sh_on += [f'if [ -n "${{{name}+x}}" ]; then export {saved}="${name}"; fi', assignment("sh", name, value)]
        sh_off += [f'if [ -n "${{{saved}+x}}" ]; then export {name}="${saved}"; unset {saved}; '
                   f'else unset {name}; fi']
        fish_on += [f"if set -q {name}; set -gx {saved} ${name}; end", assignment("fish", name, value)]
        fish_off += [f"if set -q {saved}; set -gx {name} ${saved}; set -e {saved}; else; set -e {name}; end"]
    return {
        "activate.d/yolodoctor-env.sh": "\n".join(sh_on) + "\n",
        "deactivate.d/yolodoctor-env.sh": "\n".join(sh_off) + "\n",
        "activate.d/yolodoctor-env.fish": "\n".join(fish_on) + "\n",
        "deactivate.d/yolodoctor-env.fish": "\n".join(fish_off) + "\n",
    }


def conda_state(text: str) -> dict[str, str]:
    """The settings recorded in an activate.d script written by conda_scripts."""
    match = re.search(rf"^# {re.escape(STATE)} (.*)$", text, re.M)
    if not match:
        return {}
    try:
        loaded = json.loads(match.group(1))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
