"""YD9xx: the interpreter and its environment (rules/python.toml)."""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlparse

from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import and_list, ev
from .model import Hit, predicate


@predicate("YD901")
def python_unsupported(ctx: Context) -> Optional[Hit]:
    python = ctx.facts.python.version
    if not python:
        return None
    mm = V.mm_text(python)
    torch = ctx.facts.torch
    torch_missing = torch.status == "missing"
    # A pasted report is judged by its own era, not by today's releases: what is installed in it and runs on
    # this Python settles the question. A live machine is judged by today's releases (its era is now).
    pasted = ctx.facts.origin == "pasted"
    for req in compat.ultralytics_requirements():
        if pasted:
            break  # a paste's own pip errors say whether its Python was refused (the error signals)
        if req.package == "python" and not V.satisfies(mm, req.specifier):
            return Hit(tr("Python {python} is too old for Ultralytics (it needs Python {needs}).",
                          python=python, needs=req.specifier),
                       fix=tr("Create an environment with a Python that Ultralytics ({needs}) and the newest "
                              "torch support.", needs=req.specifier),
                       evidence=(ev("python", python),), data={"python": python, "needs": req.specifier})
    if pasted and torch.version:
        installed = compat.torch_release(torch.version)
        if installed is None or installed.supports_python(python):
            return None
    elif pasted and not torch_missing:
        return None  # the paste says nothing about torch
    newest = compat.newest_torch_release()
    if newest is None or newest.supports_python(python):
        return None
    fitting = compat.newest_torch_release(python)
    if fitting is not None:
        message = tr("Python {python} gets no new torch releases: the newest torch with wheels for it is "
                     "{fitting}; torch {newest} supports Python {first} to {last}.", python=mm,
                     fitting=fitting.version, newest=newest.version, first=newest.python[0],
                     last=[p for p in newest.python if not p.endswith('t')][-1])
    else:
        message = tr("No torch release has wheels for Python {python} yet (torch {newest} supports {versions}).",
                     python=mm, newest=newest.version,
                     versions=', '.join(p for p in newest.python if not p.endswith('t')))
    if torch_missing:
        severity = "error"
    else:
        severity = "info"
    supported = [p for p in newest.python if not p.endswith("t")]
    return Hit(message, severity=severity,
               fix=tr("Create an environment with Python {first} to {last} (e.g. {command}).",
                      first=supported[0], last=supported[-1],
                      command=f"uv venv --python {supported[-2] if len(supported) > 1 else supported[0]}"),
               evidence=(ev("python", python), ev(f"torch {newest.version} Python versions", list(newest.python))),
               data={"python": python, "newest_torch": newest.version,
                     "newest_torch_for_python": fitting.version if fitting else None})


@predicate("YD902")
def own_interpreter_inspected(ctx: Context) -> Optional[Hit]:
    py = ctx.facts.python
    if ctx.facts.torch.status != "missing" or py.selected_by != "current":
        return None
    exe = py.executable or tr("its own interpreter")
    own = ctx.installed("yolodoctor") is not None
    where = tr("the environment yolodoctor itself is installed in") if own else \
        tr("the interpreter running yolodoctor")
    return Hit(tr("No virtualenv or conda environment was active, so yolodoctor inspected {where} ({exe}), "
                  "and torch is not installed there.", where=where, exe=exe),
               fix=tr("Activate the environment you train in and run again, or name it:") + "\n"
                   "  yolodoctor check --python /path/to/env/bin/python",
               certainty="likely", evidence=(ev("inspected interpreter", exe), ev("selected by", py.selected_by)),
               data={"python": py.executable})


def _pytorch_host() -> Optional[str]:
    endpoint = compat.endpoint("pytorch_wheels")
    return urlparse(endpoint.url).hostname if endpoint else None


@predicate("YD903")
def pytorch_index_as_index_url(ctx: Context) -> Optional[Hit]:
    host = _pytorch_host()
    config = ctx.facts.python.pip_config
    url = config.index_url or ctx.facts.env.pip_index_url
    if not host or not url or urlparse(url).hostname != host:
        return None
    return Hit(tr("pip's index-url is {url}, so every package (not only torch) must come from the PyTorch index, which "
                  "carries only torch and some of its dependencies: other installs fail with 'No matching "
                  "distribution'.", url=url),
               fix=tr("Use the PyTorch index only for the torch install, as an extra index:") + "\n"
                   f"  {ctx.pip} config unset global.index-url   " + tr("(or unset PIP_INDEX_URL)") + "\n"
                   "  " + tr("then install torch from its own variant index, as the chooser picks it: yolodoctor fix"),
               evidence=(ev("pip index-url", url), ev("set in", config.sources or None)),
               data={"index_url": url})


@predicate("YD904")
def duplicate_distributions(ctx: Context) -> Optional[Hit]:
    duplicates = ctx.facts.python.duplicates
    if not duplicates:
        return None
    parts = [tr("{name} ({versions}, in {locations})", name=d.name, versions=tr(" and ").join(d.versions),
                locations=and_list(d.locations)) for d in duplicates]
    all_names = sorted({d.name for d in duplicates})
    names = " ".join(all_names)
    # The torch stack is never reinstalled by a bare `pip install torch` (PyPI's default build): the chooser
    # reinstalls the set that fits, from its variant's own index.
    stack = [n for n in all_names if n.lower() in ("torch", "torchvision", "torchaudio")]
    others = " ".join(n for n in all_names if n not in stack)
    again = ([f"  {ctx.pip} install {others}"] if others else []) + \
        ([f"  yolodoctor fix --torch {ctx.torch_version}   "
          + tr("(reinstalls {packages} from the build's own index)", packages=tr(" and ").join(stack))]
         if stack and ctx.torch_version else [f"  yolodoctor fix"] if stack else [])
    return Hit(tr("Some distributions are installed twice: {parts}. Which copy is imported depends on "
                  "sys.path order, and pip only manages one of them.", parts=tr("; ").join(parts)),
               fix=tr("Uninstall until none is left, then install once:") + f"\n  {ctx.pip} uninstall -y {names}   "
                   + tr("(repeat until pip says it is not installed)") + "\n" + "\n".join(again),
               evidence=tuple(ev(d.name, list(d.versions)) for d in duplicates),
               data={"duplicates": [d.name for d in duplicates]})
