"""A module the run cannot import, installed with the system's package manager: the install went into another Python
than the one that runs.

`brew install rich`, `sudo apt install python3-rich`, `dnf install python3-tqdm`, `pacman -S python-rich` put the
package into the Python that manager owns (the system's, or Homebrew's). A run that still cannot import it runs
another interpreter (a venv, a conda environment, a launcher's or a portable build's own Python): wrong_interpreter.
Read only where the command names the missing module (or its distribution, with the distribution's "python3-" /
"python-" prefix), in what was done rather than in advice or a question: pip's "To install Python packages
system-wide, try brew install xyz" and "you can try apt install python3-rich" are not read, nor a build step's missing
module (the isolated build's own). Words saying the install went outside the environment ("installed globally and not
in the venv") are read by the signature installed-into-another-environment-words.
"""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .context_words import INSTALL_ADVICE_WORDS, MODULE_DISTRIBUTIONS
from .model import LIKELY
from .ranked import Ranked

# The system's package managers installing Python packages: `brew install rich`, `sudo apt install python3-rich`,
# `apt-get install -y python3-torch`, `dnf install python3-numpy`, `pacman -S python-rich`.
_SYSTEM_INSTALL = re.compile(r"(?:\b(brew|apt|apt-get|dnf|yum|zypper)[ \t]{1,3}install|\b(pacman)[ \t]{1,3}-s\w{0,4})"
                             r"\b([^\n`;&|]{1,200})")
# The prefix a distribution's Python packages carry ("python3-rich", "python-rich", "py3-rich", "py311-rich").
_PYTHON_PREFIX = re.compile(r"^(?:python3?|py3?\d{0,3})-")
# Words that end a command retold in a sentence ("brew install rich but ..."): what follows is prose.
_STOP = frozenset({"but", "and", "then", "it", "which", "that", "to", "in", "on", "from", "for", "with", "installs",
                   "works", "worked", "succeeded", "fine"})


# How far a sentence is looked at around a command (the words before it, the mark that ends it), and how many commands
# are read: a paste of many lines costs no more than these.
_REACH = 240
_COMMANDS_READ = 16


def _sentence_before(low: str, at: int) -> str:
    near = max(0, at - _REACH)
    start = max(low.rfind(stop, near, at) for stop in (". ", "? ", "! ", "\n", "。", "？"))
    return low[max(start + 1, near):at]


def _advice(low: str, at: int, end: int) -> bool:
    """The words at `at` stand in advice, a request or a question, not in what happened."""
    if any(w in _sentence_before(low, at) for w in INSTALL_ADVICE_WORDS):
        return True
    tail = low[end:end + _REACH]
    stops = [i for i in (tail.find(s) for s in (". ", "! ", "\n", "?", "？")) if i >= 0]
    return bool(stops) and tail[min(stops)] in "?？"


def _system_installed(low: str, module: str) -> Optional[tuple[int, str]]:
    """(offset, tool) where the system's package manager installs `module`, else None."""
    if "install" not in low and "pacman" not in low:
        return None
    wanted = {module, module.replace("_", "-"), *MODULE_DISTRIBUTIONS.get(module, ())}
    for read, found in enumerate(_SYSTEM_INSTALL.finditer(low)):
        if read >= _COMMANDS_READ:
            break
        if _advice(low, found.start(), found.end()):
            continue
        for token in found.group(3).split():
            token = token.strip("'\"(),")
            if token in _STOP:
                break
            if token.startswith("-") or not token:
                continue
            name = _PYTHON_PREFIX.sub("", token.split("=", 1)[0].split("@", 1)[0]).replace("_", "-")
            if name in wanted:
                return found.start(), found.group(1) or found.group(2)
    return None


def _line(low: str, at: int) -> int:
    return low.count("\n", 0, at) + 1


def module_installed_by_system_manager(seen, out: list[Ranked]) -> list[Ranked]:
    """A module the run cannot import, installed with the system's package manager (see the module docstring)."""
    if "wrong_interpreter" in seen.present or any(r.finding.category == "wrong_interpreter" for r in out):
        return []
    context, areas = seen.context, seen.areas
    module = context.missing_module
    if module is not None and context.module_missing is not None and context.build_step is None:
        low = seen.result.sample.lower()
        system = _system_installed(low, module)
        if system is not None:
            at, tool = system
            line = _line(low, at)
            return [Ranked(Finding(
                id="missing-module-installed-by-system-package-manager", category="wrong_interpreter",
                severity="error", area=areas.get("wrong_interpreter", "packages"),
                title=tr("'{module}' was installed with the system's package manager ({tool}), which puts it into "
                         "the system's Python; the Python that runs the program is another one", module=module,
                         tool=tool),
                message=tr("{tool} installs Python packages for the Python it manages (the system's, or "
                           "Homebrew's); the program still cannot import '{module}', so it runs another interpreter "
                           "(a venv, a conda environment, a portable build).", tool=tool, module=module),
                fix=tr("Install the package with the Python that runs the program: {install} (for a venv or a "
                       "launcher's own environment, its python by full path); {show} names that interpreter.",
                       install="python -m pip install <package>",
                       show="python -c \"import sys; print(sys.executable)\""),
                evidence=(tr("pasted line {line}: '{module}' cannot be imported", line=context.module_missing,
                             module=module),
                          tr("pasted line {line}: {tool} installs it", line=line, tool=tool)),
                certainty=LIKELY,
                references=("https://packaging.python.org/en/latest/tutorials/installing-packages/"
                            "#ensure-you-can-run-python-from-the-command-line",),
                data={"lines": [context.module_missing, line]}), corroborated=True, explains=True,
                line=context.module_missing)]
    return []
