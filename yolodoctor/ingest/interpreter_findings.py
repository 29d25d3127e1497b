"""The context's findings about which interpreter ran (context_findings.py runs them, in its order): another
Python's user site, a module there for another interpreter, pip's site-packages of another Python, an activation that
did not reach `python`, a notebook's kernel, an IDE's interpreter, an IDE and a terminal that differ, pip of another
Python, a portable build bypassed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .context import PasteContext
from .context_words import MODULE_DISTRIBUTIONS
from .model import LIKELY
from .proofs import pip_of_other_python
from .ranked import NO_LINE, Ranked

PRINTED_PATHS = "running-python-paths-differ"  # the signature that reads two printed interpreter paths

if TYPE_CHECKING:
    from .context_findings import Seen


def user_site_shadowing(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The failing code came from another Python's user site-packages (~/.local)."""
    facts, context, areas, present = seen.facts, seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    python = facts.python.version or ""
    other_python = bool(python) and context.user_site_python is not None and \
        not python.startswith(context.user_site_python + ".") and python != context.user_site_python
    if context.user_site is not None and (context.environment is not None or other_python) \
            and "wrong_interpreter" not in present:
        evidence = [tr("pasted line {line}: imported from the user site-packages of Python {python} ({path})",
                       line=context.user_site, python=context.user_site_python,
                       path=f"~/.local/lib/python{context.user_site_python}")]
        if context.environment is not None:
            evidence.append(tr("pasted line {line}: the paste names an environment it set up",
                               line=context.environment))
        if other_python:
            evidence.append(tr("python {version} is the one the paste reports", version=python))
        new.append(Ranked(Finding(
            id="user-site-shadowing", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The failing code was imported from another Python's user site-packages (~/.local), not "
                     "from the environment set up for it"),
            message=tr("A package in {path} is found before the environment's own copy (or the program ran with "
                       "the Python that owns that user site).", path="~/.local/lib/python*/site-packages"),
            fix=tr("Run the program with the environment's Python ({run}, or select its Jupyter kernel), and "
                   "remove the stale copy from the user site: {uninstall} run with that Python, or set {variable}.",
                   run="python -m ...", uninstall="python -m pip uninstall <package>", variable="PYTHONNOUSERSITE=1"),
            evidence=tuple(evidence), certainty=LIKELY,
            references=("https://docs.python.org/3/library/site.html#site.ENABLE_USER_SITE",),
            data={"lines": [context.user_site]}), corroborated=True, explains=True, line=context.user_site))
    return new


def module_missing_other_python(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A module missing in the Python that ran is there for another interpreter."""
    context, ranked, areas, present = seen.context, seen.ranked, seen.areas, seen.present
    new: list[Ranked] = []
    other = _module_in_other_python(context)
    if other is not None and ("wrong_interpreter" not in present or _only_printed_paths(seen)):
        evidence, strong = other
        if strong or not ranked:
            new.append(Ranked(Finding(
                id="module-missing-other-python", category="wrong_interpreter",
                severity="error" if strong else "warning", area=areas.get("wrong_interpreter", "packages"),
                title=tr("'{module}' is installed, but not in the Python that failed to import it: another "
                         "interpreter ran the program", module=context.missing_module) if strong else
                tr("'{module}' is missing in the Python that ran, which is likely not the one the packages were "
                   "installed into (sudo's, or not the portable build's own)", module=context.missing_module)
                if context.sudo_python is not None or context.portable_other_python else
                tr("'{module}' is missing in the Python that ran, though the paste says it is installed: likely in "
                   "another interpreter than the one that runs", module=context.missing_module),
                message=tr("The paste shows '{module}' missing in one run and present for another interpreter (an "
                           "interactive session, pip, another path, sudo's or a portable build's own Python).",
                           module=context.missing_module),
                fix=tr("Run the program with the Python that has the package, or install it into the one that runs "
                       "it: {install}; {show} names the interpreter each command uses.",
                       install="<that python> -m pip install <package>",
                       show="python -c \"import sys; print(sys.executable)\""),
                evidence=tuple(evidence), certainty=LIKELY,
                references=("https://packaging.python.org/en/latest/tutorials/installing-packages/"
                            "#ensure-you-can-run-python-from-the-command-line",),
                data={"lines": [context.module_missing]}), corroborated=True, explains=strong,
                line=context.module_missing))
    return new


def activation_not_first(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """An environment was activated, yet the python the shell finds lies outside it."""
    context, areas, present = seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    if context.activation_ignored is not None and "wrong_interpreter" not in present \
            and not any(r.finding.category == "wrong_interpreter" for r in out):
        # The environment was activated, yet the interpreter the shell finds is elsewhere (pyenv's shims, an alias,
        # a PATH entry placed before the environment's): the activation did not reach `python`.
        activated, shown = context.activation_ignored
        missing = context.module_missing is not None
        new.append(Ranked(Finding(
            id="activated-environment-not-first-on-path", category="wrong_interpreter",
            severity="error" if missing else "warning", area=areas.get("wrong_interpreter", "packages"),
            title=tr("An environment was activated, but the python the shell runs is not the environment's: another "
                     "interpreter comes first on PATH"),
            message=tr("After the activation the interpreter path the paste shows lies outside that environment (a "
                       "pyenv shim, an alias, a PATH entry before the environment's)."),
            fix=tr("Make the environment's python the one that runs: remove the alias or reorder the shell's start-up "
                   "lines so the activation's PATH entry comes first ({check} must name the environment), or call the "
                   "environment's python by its full path.", check="which python"),
            evidence=(tr("pasted line {line}: an environment is activated", line=activated),
                      tr("pasted line {line}: the interpreter found is outside that environment", line=shown)),
            certainty=LIKELY, references=("https://docs.conda.io/projects/conda/en/latest/user-guide/tasks/"
                                          "manage-environments.html#activating-an-environment",),
            data={"lines": [activated, shown]}), corroborated=True, explains=missing, line=shown))
    return new


def notebook_kernel(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A notebook run from an environment that may have no kernel of its own."""
    context, ranked, areas = seen.context, seen.ranked, seen.areas
    new: list[Ranked] = []
    if not ranked and not out and context.notebook is not None and context.environment is not None \
            and context.environment != context.notebook:
        new.append(Ranked(Finding(
            id="notebook-kernel-environment", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("A notebook started from an environment runs the kernel Jupyter was installed with, unless "
                     "that environment has its own kernel"),
            message=tr("The paste sets up an environment and runs a notebook; nothing else in it explains the "
                       "problem."),
            fix=tr("Register the environment as a kernel and select it: in the environment, {register}; in the "
                   "notebook, {show} shows which Python runs.",
                   register="python -m pip install ipykernel && python -m ipykernel install --user --name <env>",
                   show="import sys; print(sys.executable)"),
            evidence=(tr("pasted line {line}: an environment is set up", line=context.environment),
                      tr("pasted line {line}: a notebook is run", line=context.notebook)),
            certainty=LIKELY, references=("https://ipython.readthedocs.io/en/stable/install/kernel_install.html",),
            data={"lines": [context.environment, context.notebook]}), corroborated=False,
            line=context.notebook))
    return new


def ide_interpreter(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A failure inside an IDE, in a paste that sets up an environment."""
    context, ranked, areas = seen.context, seen.ranked, seen.areas
    new: list[Ranked] = []
    # what the IDE cannot import: a third-party module (torch's own absence has its own signals), outside a build step
    third_party_missing = context.module_missing is not None and context.missing_module not in (None, "torch") \
        and context.build_step is None
    if not ranked and not out and context.ide_failing is not None \
            and (context.environment is not None or third_party_missing):
        # An IDE runs code with the interpreter its settings name, which need not be the environment the packages
        # went into; nothing else in the paste explains the failure it reports.
        new.append(Ranked(Finding(
            id="ide-interpreter-environment", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The IDE runs another interpreter than the environment the packages were installed into"),
            message=tr("The paste sets up an environment and reports a failure inside an IDE (PyCharm, VS Code, "
                       "Spyder); nothing else in it explains the problem.") if context.environment is not None else
            tr("The paste reports a module the code run inside an IDE (PyCharm, VS Code, Spyder, an editor) cannot "
               "import; nothing else in it explains the problem."),
            fix=tr("Select the environment's Python as the IDE's interpreter (PyCharm: the project interpreter; VS "
                   "Code: Python: Select Interpreter), or install the package into the interpreter the IDE uses; "
                   "{show} run inside the IDE names it.", show="import sys; print(sys.executable)"),
            evidence=(tr("pasted line {line}: an environment is set up", line=context.environment)
                      if context.environment is not None else
                      tr("pasted line {line}: '{module}' cannot be imported", line=context.module_missing,
                         module=context.missing_module),
                      tr("pasted line {line}: the failure is reported inside an IDE", line=context.ide_failing)),
            certainty=LIKELY, references=("https://www.jetbrains.com/help/pycharm/configuring-python-interpreter.html",),
            data={"lines": [context.environment or context.module_missing, context.ide_failing]}), corroborated=False,
            line=context.ide_failing))
    return new


def ide_and_terminal_differ(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """It works in one of an IDE and a terminal and fails in the other."""
    context, areas = seen.context, seen.areas
    new: list[Ranked] = []
    places = _ide_and_terminal(context)
    # A module missing where it fails is what the other interpreter explains: it is installed where it works.
    # (An "also possible" wrong interpreter beside the missing module is the same suspicion, not a finding.)
    if places is not None and not out and _at_most_torch_missing(seen):
        # The same program works in one place and fails in the other: an IDE runs the interpreter its settings
        # name, the terminal the first python on PATH (or the activated environment); they are not the same one.
        works, fails = places
        explained = context.module_missing is not None
        new.append(Ranked(Finding(
            id="ide-and-terminal-differ", category="wrong_interpreter",
            severity="error" if explained else "warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The IDE and the terminal run different Python interpreters: the packages are in one of them"),
            message=tr("The paste says the program works in one place (an IDE or a terminal) and fails in the "
                       "other; nothing else in it explains the problem."),
            fix=tr("Run {show} in both places and make them the same: select that interpreter in the IDE "
                   "(PyCharm: the project interpreter; VS Code: Python: Select Interpreter), or install the "
                   "package into the one that fails with {install}.",
                   show="python -c \"import sys; print(sys.executable)\"",
                   install="<that python> -m pip install <package>"),
            evidence=(tr("pasted line {line}: it works there", line=works),
                      tr("pasted line {line}: it fails there", line=fails)),
            certainty=LIKELY, references=("https://www.jetbrains.com/help/pycharm/configuring-python-interpreter.html",),
            data={"lines": [works, fails]}), corroborated=explained, explains=explained, line=fails))
    return new


def import_works_elsewhere(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The paste says an import worked (in a shell, a REPL, another run) and shows the same module missing."""
    context, areas = seen.context, seen.areas
    new: list[Ranked] = []
    works, missing = context.import_works, context.module_missing
    same_module = not context.import_works_module or context.import_works_module == context.missing_module
    if works is not None and missing is not None and same_module and context.build_step is None \
            and not out and _at_most_torch_missing(seen):
        # One Python imports the module and another does not: each run (an IDE's Run button, a notebook's kernel,
        # `python` typed in a terminal, another launcher) started its own interpreter, and the module is installed
        # in only one of them.
        new.append(Ranked(Finding(
            id="import-works-in-another-run", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The same import works in one run and fails in another: they start different Pythons"),
            message=tr("The paste says importing {module} worked, and shows it missing where the program ran.",
                       module=context.missing_module or "?"),
            fix=tr("Run {show} both where the import works and where it fails, then run the program with the "
                   "interpreter that has the module (select it in the IDE or notebook), or install the module "
                   "into the other one with {install}.",
                   show="python -c \"import sys; print(sys.executable)\"",
                   install="<that python> -m pip install <package>"),
            evidence=(tr("pasted line {line}: the import works there", line=works),
                      tr("pasted line {line}: '{module}' cannot be imported", line=missing,
                         module=context.missing_module)),
            certainty=LIKELY, references=("https://docs.python.org/3/library/sys.html#sys.executable",),
            data={"lines": [works, missing]}), corroborated=True, explains=True, line=missing))
    return new


def commands_disagree(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """Prose names two interpreter (or pip) commands, the import working with one and failing with the other."""
    context, areas = seen.context, seen.areas
    new: list[Ranked] = []
    if context.commands_disagree is not None and not out and _at_most_torch_missing(seen):
        # python2 and python3, python and py, pip and pip3 are separate installations, each with its own packages:
        # what one installed (or imports) the other does not have.
        works, fails = context.commands_disagree
        new.append(Ranked(Finding(
            id="import-works-with-another-command-in-words", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The import works with one Python (or pip) command and fails with another: each starts its "
                     "own interpreter"),
            message=tr("The paste names two commands (python2 and python3, python and py, pip and pip3): the import "
                       "works with one and fails with the other."),
            fix=tr("Install with the interpreter that runs the program, {install}, and run it with that same one; "
                   "{show} shows which interpreter a command starts.",
                   install="<that python> -m pip install <package>",
                   show="python -c \"import sys; print(sys.executable)\""),
            evidence=(tr("pasted line {line}: it works there", line=works),
                      tr("pasted line {line}: it fails there", line=fails)),
            certainty=LIKELY, references=("https://packaging.python.org/en/latest/tutorials/installing-packages/",),
            data={"lines": [works, fails]}), corroborated=True, explains=True, line=fails))
    return new


def system_shebang(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A module is missing from a script whose shebang names the system Python, in a paste that uses an
    environment."""
    context, areas = seen.context, seen.areas
    new: list[Ranked] = []
    if context.system_shebang is not None and context.module_missing is not None \
            and context.environment is not None and not out and _at_most_torch_missing(seen):
        # "#!/usr/bin/python" runs the system interpreter whatever environment is activated; "#!/usr/bin/env
        # python" runs the first python on PATH, the environment's.
        new.append(Ranked(Finding(
            id="shebang-system-python", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The script's first line runs the system Python, not the environment's"),
            message=tr("Its shebang names {path}: run as a program, it bypasses the activated environment whose "
                       "packages it imports.", path="/usr/bin/python"),
            fix=tr("Start the script with {shebang}, or run it as {run} with the environment activated.",
                   shebang="#!/usr/bin/env python", run="python script.py"),
            evidence=(tr("pasted line {line}: the script's shebang names the system Python",
                         line=context.system_shebang),
                      tr("pasted line {line}: '{module}' cannot be imported", line=context.module_missing,
                         module=context.missing_module or "?")),
            certainty=LIKELY, references=("https://docs.python.org/3/using/unix.html#miscellaneous",),
            data={"lines": [context.system_shebang, context.module_missing]}), corroborated=True, explains=True,
            line=context.module_missing))
    return new


def torch_seen_other_than_environment(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The program reports another torch than the one the paste says its environment holds (ingest.seen_torch)."""
    context, areas, present = seen.context, seen.areas, seen.present
    said = context.torch_seen_other
    if said is None or "wrong_interpreter" in present or any(r.finding.category == "wrong_interpreter" for r in out):
        return []
    held_line, seen_line, held, other = said
    # Two versions of torch at once are two installs: the program ran with the Python that has the other one.
    return [Ranked(Finding(
        id="torch-seen-other-than-environment", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("The program runs another Python than the environment: it sees torch {other}, the environment "
                 "holds torch {held}", other=other, held=held),
        message=tr("The paste says the environment holds one torch and the program reports another: they are two "
                   "installs, and the program was started with the Python of the other one."),
        fix=tr("Start the program with the environment's own Python ({run}, or activate the environment first) and "
               "check {show} prints a path inside it; or install the wanted torch into the Python that runs it.",
               run="<env>/bin/python, <env>\\Scripts\\python.exe", show="python -c \"import sys; print(sys.executable)\""),
        evidence=(tr("pasted line {line}: the environment holds torch {version}", line=held_line, version=held),
                  tr("pasted line {line}: the program sees torch {version}", line=seen_line, version=other)),
        certainty=LIKELY, references=("https://docs.python.org/3/library/venv.html#how-venvs-work",),
        data={"lines": [held_line, seen_line]}), corroborated=True, explains=True, line=seen_line)]


def pip_of_another_python(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """pip belongs to another Python than the one that runs the program."""
    facts, context, areas, present = seen.facts, seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    other_pip = pip_of_other_python(facts, context)
    if other_pip is not None and "wrong_interpreter" not in present:
        line, pip_python, running = other_pip
        new.append(Ranked(Finding(
            id="pip-of-another-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("pip belongs to Python {pip}, but the program runs with Python {python}: packages go into "
                     "another interpreter than the one that runs", pip=pip_python, python=running),
            message=tr("A bare pip is the first one on PATH, which need not belong to the python that runs the "
                       "program."),
            fix=tr("Install with the interpreter that runs the program: {command}.",
                   command="python -m pip install <package>"),
            evidence=(tr("pasted line {line}: pip runs with Python {pip}", line=line, pip=pip_python),
                      tr("Python {python} runs the program", python=running)),
            certainty=LIKELY, references=("https://pip.pypa.io/en/stable/user_guide/#running-pip",),
            data={"lines": [line]}), corroborated=True, line=line))
    return new


def portable_build_other_python(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """Packages went into another Python than a portable build's own."""
    context, ranked, areas = seen.context, seen.ranked, seen.areas
    new: list[Ranked] = []
    if not ranked and not out and context.portable_other_python and context.site_packages is not None:
        new.append(Ranked(Finding(
            id="portable-build-other-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("Packages went into another Python's site-packages, not into the portable build's own Python"),
            message=tr("The paste names a portable / standalone build, and the pip or Python output shows a "
                       "site-packages outside it; nothing else in the paste explains the problem."),
            fix=tr("Install with the build's own Python: {install} (a bare pip is the first Python on PATH); check "
                   "with {show}.", install="python_embeded\\python.exe -m pip install ...",
                   show="python_embeded\\python.exe -m pip show torch"),
            evidence=(tr("pasted line {line}: a portable / standalone build", line=context.portable),
                      tr("pasted line {line}: a site-packages outside that build", line=context.site_packages)),
            certainty=LIKELY, references=("https://docs.python.org/3/installing/index.html",),
            data={"lines": [context.portable, context.site_packages]}), corroborated=False,
            line=context.site_packages))
    return new


def site_of_another_python(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """pip put the missing module (or found it) in another Python's site-packages than the one that runs."""
    context, areas, present = seen.context, seen.areas, seen.present
    new: list[Ranked] = []
    if context.module_missing is None or context.build_step is not None or not context.install_sites \
            or "wrong_interpreter" in present or any(r.finding.category == "wrong_interpreter" for r in out):
        return new
    running = _running_pythons(seen)
    other = next(((line, site) for line, site in context.install_sites if running and site not in running), None)
    if other is None:
        return new
    line, site = other
    python = ", ".join(sorted(running))
    new.append(Ranked(Finding(
        id="installed-for-another-python", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("pip installs into the site-packages of Python {site}, but the program runs with Python {python}: "
                 "the package is in another interpreter", site=site, python=python),
        message=tr("'{module}' cannot be imported by the Python that runs; the install went to (or was found in) "
                   "another Python's site-packages.", module=context.missing_module or "?"),
        fix=tr("Install with the interpreter that runs the program: {command}; {show} names it.",
               command="python -m pip install <package>", show="python -c \"import sys; print(sys.executable)\""),
        evidence=(tr("pasted line {line}: pip's site-packages belong to Python {site}", line=line, site=site),
                  tr("the paste shows Python {python} running", python=python),
                  tr("pasted line {line}: '{module}' cannot be imported", line=context.module_missing,
                     module=context.missing_module or "?")),
        certainty=LIKELY, references=("https://pip.pypa.io/en/stable/user_guide/#running-pip",),
        data={"lines": [line, context.module_missing]}), corroborated=True, explains=True, line=line))
    return new


def _running_pythons(seen: Seen) -> set[str]:
    """The Python minors the paste shows running: stated or printed versions (a banner, a label, a sentence), and
    the site-packages of tracebacks and imports; not those of the lines where pip installs or finds a package."""
    context = seen.context
    pip_lines = {line for line, _ in context.install_sites} | {line for line, _ in context.pip_pythons}
    running: set[str] = set()
    for observation in seen.result.observations:
        if observation.path != "python.version" or observation.line in pip_lines:
            continue
        parts = str(observation.value).split(".")
        if len(parts) >= 2 and parts[0] in ("2", "3"):
            running.add(f"{parts[0]}.{parts[1]}")
    return running


def _module_in_other_python(context: PasteContext) -> Optional[tuple[list[str], bool]]:
    """(evidence, strong) where a module the paste could not import is there for another interpreter: an
    interactive session imports it, pip says it is installed, the paste prints two interpreters (strong); or the
    failing run went through sudo, or a portable build's Python was bypassed (weak: where it ran, not what it has)."""
    module, line = context.missing_module, context.module_missing
    # a package's build step runs in pip's isolated environment: a module missing there is the build's (its own
    # signatures say so), whatever the user's interpreter has
    if module is None or line is None or context.build_step is not None:
        return None
    missing = tr("pasted line {line}: '{module}' cannot be imported", line=line, module=module)
    strong: list[str] = []
    for at, name in context.imported_modules:
        if name == module and at != line:
            strong.append(tr("pasted line {line}: an interactive session imports '{module}'", line=at, module=module))
            break
    distributions = MODULE_DISTRIBUTIONS.get(module, (module.replace("_", "-"),))
    # pip's word about torch is weighed by torch's own signal (a failed install, a build step)
    for at, dist in () if module == "torch" else context.satisfied:
        if dist in distributions:
            strong.append(tr("pasted line {line}: pip says {dist} is already installed", line=at, dist=dist))
            break
    # the paste's own install command put it in place, yet the import fails (pip's word about torch: see above)
    for at, dist in () if module == "torch" else context.installed:
        if dist in distributions:
            strong.append(tr("pasted line {line}: the paste installs {dist}, and the import still fails",
                             line=at, dist=dist))
            if context.bang_pip is not None:
                strong.append(tr("pasted line {line}: {command} in a notebook runs the pip on the PATH, which need "
                                 "not be the kernel's Python", line=context.bang_pip, command="!pip install"))
            break
    # two printed module search paths with no site-packages in common: two interpreters printed them
    listings = context.search_paths
    apart = next(((a, b) for i, a in enumerate(listings) for b in listings[i + 1:] if not a[1] & b[1]), None)
    if apart is not None:
        strong.append(tr("pasted lines {first} and {second}: two module search paths (sys.path) with no "
                         "site-packages in common", first=apart[0][0], second=apart[1][0]))
    paths = {path for _, path in context.executables}
    if len(paths) > 1:
        strong.append(tr("pasted lines {first} and {second}: two Python interpreters",
                         first=context.executables[0][0], second=context.executables[-1][0]))
    if strong:
        return [missing, *strong], True
    if context.sudo_python is not None:
        return [missing, tr("pasted line {line}: Python (or pip) is run through sudo", line=context.sudo_python)], False
    if module != "torch" and context.package_said_installed is not None:
        # a third-party module the reporter says is installed, yet the run cannot import it: the install went into
        # another interpreter (torch's own word is weighed by torch's signals)
        return [missing, tr("pasted line {line}: the paste says the package is installed",
                            line=context.package_said_installed)], False
    if context.portable_other_python:
        return [missing, tr("pasted line {line}: the paste runs a portable / standalone build",
                            line=context.portable)], False
    return None



def _only_printed_paths(seen: Seen) -> bool:
    """The only other interpreter found before is the two printed interpreter paths (a signature): the module missing
    in one of them and present for the other says more."""
    return all(r.finding.id == PRINTED_PATHS for r in seen.ranked if r.finding.category == "wrong_interpreter")


def _ide_and_terminal(context: PasteContext) -> Optional[tuple[int, int]]:
    """(line where it works, line where it fails) when an IDE and a terminal disagree, else None."""
    if context.ide_failing is not None and context.terminal_works is not None:
        return context.terminal_works, context.ide_failing
    if context.ide_works is not None and context.terminal_failing is not None:
        return context.ide_works, context.terminal_failing
    return None


def _wrong_interpreter_ranked(seen: Seen) -> bool:
    """A wrong interpreter already ranked as a cause of its own (not as another message's alternative)."""
    return any(r.finding.category == "wrong_interpreter" and not r.alternative for r in seen.ranked)


def _at_most_torch_missing(seen: Seen) -> bool:
    """Nothing ranked so far is a cause of its own but a missing torch (alternatives of other messages aside)."""
    return {r.finding.category for r in seen.ranked if not r.alternative} <= {"torch_missing"}


def _only_missing_module(seen: Seen) -> bool:
    """A module is missing and nothing else failed: the ranked causes are at most a missing torch."""
    return _at_most_torch_missing(seen) and (seen.context.module_missing is not None or any(
        r.finding.category == "torch_missing" and not r.alternative for r in seen.ranked))


def py_launcher_outside_environment(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """The Windows py launcher ran the program in a paste that sets up a conda or virtual environment."""
    context, areas = seen.context, seen.areas
    if context.py_launcher is None or context.environment is None or out or _wrong_interpreter_ranked(seen) \
            or not _only_missing_module(seen):
        return []
    # py starts the newest Python registered on the machine (or the -X.Y it names), whatever conda environment is
    # active; a module installed into that environment is missing there.
    return [Ranked(Finding(
        id="py-launcher-outside-environment", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("The program was started with the Windows {py} launcher, which runs another Python than the "
                 "environment the packages were installed into", py="py"),
        message=tr("{py} starts the newest Python registered on the machine (or the version its option names), not "
                   "the activated conda environment's; the module missing there is in the environment.", py="py"),
        fix=tr("Run the program with the environment's own Python ({run} after activating it, or its full path), "
               "and check {show} names a path inside the environment.",
               run="python main.py", show="python -c \"import sys; print(sys.executable)\""),
        evidence=(tr("pasted line {line}: the program is started with the py launcher", line=context.py_launcher),
                  tr("pasted line {line}: the paste names an environment it set up", line=context.environment)),
        certainty=LIKELY, references=("https://docs.python.org/3/using/windows.html#python-launcher-for-windows",),
        data={"lines": [context.py_launcher, context.environment]}), corroborated=True, explains=True,
        line=context.py_launcher)]


def python2_ran_not_python3(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """Python 2's own import message in a paste that names a Python 3."""
    context, areas = seen.context, seen.areas
    python = seen.facts.python.version or ""
    python3 = context.python3_named is not None or python.startswith("3.")
    if context.python2_import is None or not python3 or out or _wrong_interpreter_ranked(seen) \
            or not _only_missing_module(seen):
        return []
    evidence = [tr("pasted line {line}: the import error is worded as Python 2 words it (the module name unquoted)",
                   line=context.python2_import)]
    if context.python3_named is not None:
        evidence.append(tr("pasted line {line}: the paste names a Python 3", line=context.python3_named))
    else:
        evidence.append(tr("python {version} is the one the paste reports", version=python))
    # "No module named x" unquoted is Python 2's wording; the packages the paste installed went into the Python 3.
    return [Ranked(Finding(
        id="python2-ran-not-python3", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("Python 2 ran the program (its import message), while the paste works with a Python 3: the "
                 "packages are in the Python 3"),
        message=tr("Only Python 2 words the error {message} with the module name unquoted; the paste names a Python "
                   "3, which is where the packages were installed.", message="ImportError: No module named <module>"),
        fix=tr("Start the program (and any script it calls, such as a recipe's stage) with Python 3: {run}, or make "
               "the script's interpreter line and its calls of {python} name {python3}.",
               run="python3 <script>.py", python="python", python3="python3"),
        evidence=tuple(evidence), certainty=LIKELY,
        references=("https://docs.python.org/3/library/exceptions.html#ModuleNotFoundError",),
        data={"lines": [context.python2_import]}), corroborated=True, explains=True, line=context.python2_import)]


def pip_site_of_another_python(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """pip installs into (or finds a package in) another Python's site-packages than the Python the paste shows
    running, and nothing else is ranked: the install goes to another interpreter (no import failure needed)."""
    context, areas = seen.context, seen.areas
    if context.module_missing is not None or context.build_step is not None or not context.install_sites \
            or seen.ranked or out:
        return []
    running = _running_pythons(seen)
    other = next(((line, site) for line, site in context.install_sites if running and site not in running), None)
    if other is None:
        return []
    line, site = other
    python = ", ".join(sorted(running))
    # "python --version" says 3.6 while pip answers "already satisfied ... in /usr/local/lib/python2.7/dist-packages":
    # a bare pip (or sudo's) is another Python's, and what it installs the program's Python never sees.
    return [Ranked(Finding(
        id="pip-installs-for-another-python", category="wrong_interpreter", severity="warning",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("pip installs into the site-packages of Python {site}, but the paste shows Python {python} "
                 "running: the packages go to another interpreter", site=site, python=python),
        message=tr("The pip that ran belongs to another Python than the one the paste reports; what it installs "
                   "(or finds already installed) is not where the program's Python looks."),
        fix=tr("Install with the interpreter that runs the program: {command}; {show} names it.",
               command="python -m pip install <package>", show="python -c \"import sys; print(sys.executable)\""),
        evidence=(tr("pasted line {line}: pip's site-packages belong to Python {site}", line=line, site=site),
                  tr("the paste shows Python {python} running", python=python)),
        certainty=LIKELY, references=("https://pip.pypa.io/en/stable/user_guide/#running-pip",),
        data={"lines": [line]}), corroborated=True, line=line)]


def _reinstall_refused_after(seen: Seen) -> bool:
    """Besides the missing module (and a missing torch), only pip's "no matching version" (an index or a Python
    release that the package does not support) is ranked, and pip said it below the failing import: the reinstall
    tried after the failure, refused for the new Python, not the cause of it."""
    missing = seen.context.module_missing
    if missing is None:
        return False
    causes = [r for r in seen.ranked if not r.alternative and r.finding.category != "torch_missing"]
    # a rule's finding on the paste's facts has no line: it is not pip's answer below the import
    return bool(causes) and all(r.finding.category in ("pip_index", "python_unsupported")
                                and missing < r.line < NO_LINE for r in causes)


def python_upgraded_module_missing(seen: Seen, out: list[Ranked]) -> list[Ranked]:
    """A module is missing after the paste says Python was upgraded from one 3.x release to a later one."""
    from ..knowledge.compat_platforms import stdlib_removal

    context, areas = seen.context, seen.areas
    upgraded, missing = context.python_upgraded, context.module_missing
    if upgraded is None or missing is None or context.build_step is not None or out \
            or _wrong_interpreter_ranked(seen) or not (_only_missing_module(seen) or _reinstall_refused_after(seen)) \
            or stdlib_removal(context.missing_module or "") is not None:
        return []
    # Packages live in one Python's site-packages (and a venv, pipx's included, runs the Python it was made with):
    # after an upgrade the scripts and environments made for the old Python run the new one, which has none of them.
    # (A standard-library module the new release removed is the package's age, not this.)
    return [Ranked(Finding(
        id="module-missing-after-python-upgrade", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("Python was upgraded, and '{module}' was installed for the old Python: the new one that runs does "
                 "not have it", module=context.missing_module or "?"),
        message=tr("Each Python release has its own site-packages; programs, user installs and virtual "
                   "environments (pipx's too) made with the old Python find nothing in the new one."),
        fix=tr("Install the packages again with the new Python ({install}); recreate virtual environments made with "
               "the old one ({venv}; for pipx: {pipx}).", install="python -m pip install <package>",
               venv="python -m venv --clear <venv>", pipx="pipx reinstall-all"),
        evidence=(tr("pasted line {line}: Python was upgraded", line=upgraded),
                  tr("pasted line {line}: '{module}' cannot be imported", line=missing,
                     module=context.missing_module or "?")),
        certainty=LIKELY, references=("https://docs.python.org/3/library/venv.html#how-venvs-work",),
        data={"lines": [upgraded, missing]}), corroborated=True, explains=True, line=missing)]
