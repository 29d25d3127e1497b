"""A plan installs torch only the way its platform allows (diagnose/platform_gate.py).

The one torch chooser (select.py) plans download.pytorch.org wheels, and
planner.torch_plan passes its actions through here, for check's fix texts
and fix's plans alike. On a Jetson
(NVIDIA's JetPack wheels), an AMD GPU (ROCm wheels) or
in a conda env whose torch conda installed (pytorch-cuda / cpuonly), that is
the wrong route: the torch install is replaced by the platform's own steps,
which the platform rules (YD204, YD230, YD232) already worked out for this
machine. Nothing here runs them: they are printed, like root-only steps.
"""

from __future__ import annotations

from typing import Sequence

from ..diagnose import platform_gate as P
from ..diagnose.model import Finding
from ..facts.model import Facts
from ..i18n import tr
from .plan import Action
from .requirements import requirement_name

ROUTE_TITLES = {
    P.CONDA: "Replace torch through conda (the pytorch channel), not pip",
    P.JETPACK: "Install NVIDIA's JetPack build of torch",
    P.PIP_ROCM: "Install the ROCm build of torch",
}  # macOS' route is pip itself (PyPI's wheels carry MPS): nothing to replace there


TORCH_STACK = ("torch", "torchvision", "torchaudio")


def _torch_pin(word: str) -> bool:
    try:
        return "==" in word and requirement_name(word) in TORCH_STACK
    except Exception:
        return False


def _installs_torch(action: Action) -> bool:
    """A pip install of torch, or its offline route (pip download here, pip install --no-index there)."""
    if action.kind == "install":
        return any(requirement_name(r) in TORCH_STACK for r in action.requirements if _named(r))
    if action.kind == "manual":
        return any("pip" in step and _torch_pin(word) for step in action.steps for word in step.split())
    return False


def _no_build(action: Action) -> bool:
    """The chooser found no download.pytorch.org wheel (as on this platform it cannot)."""
    return action.kind == "info" and action.title in ("No torch build to install", tr("No torch build to install"))


def _named(requirement: str) -> bool:
    try:
        requirement_name(requirement)
        return True
    except Exception:
        return False


def route_actions(facts: Facts, findings: Sequence[Finding], actions: list[Action]) -> list[Action]:
    """`actions` with pip installs of torch replaced by the platform route's own steps where pip's
    download.pytorch.org wheels are not the route."""
    gate = P.gate(facts)
    if gate.route not in ROUTE_TITLES:
        return actions
    own = [f for f in findings if f.data.get("route") == gate.route and f.fix]
    if not own and (gate.route == P.CONDA or not any(_installs_torch(a) or _no_build(a) for a in actions)):
        # conda with no CUDA package that fits: the pip wheel is the route (YD204 says to remove conda's first)
        return actions
    kept = [a for a in actions if not _installs_torch(a) and not _no_build(a)]  # the route's steps say how
    steps = tuple(line.strip() for f in own for line in f.fix.splitlines() if line.strip()) or _route_steps(facts, gate)
    kept.append(Action(kind="manual", title=_route_title(gate.route),
                       why=tr("{platform}: torch comes from the {route} route here, not from pip's "
                              "download.pytorch.org wheels", platform=gate.kind, route=gate.route),
                       findings=tuple(f.id for f in own), steps=steps,
                       notes=(tr("platform: {platform}", platform=gate.kind),)))
    return kept


def _route_steps(facts: Facts, gate: P.PlatformGate) -> tuple[str, ...]:
    """The route's own install when no platform rule fired (a torchvision to pair on a ROCm or Jetson
    machine, say): the same texts YD232 and YD230 give."""
    from ..diagnose.context import Context
    from ..diagnose.platforms import jetpack_install_text, rocm_install_text

    ctx = Context(facts)
    text = jetpack_install_text(ctx) if gate.route == P.JETPACK else rocm_install_text(ctx)
    if text:
        return tuple(line.strip() for line in text.splitlines() if line.strip())
    return (tr("This platform installs torch by another route ({route}); see docs/platforms.md.", route=gate.route),)


def _route_title(route: str) -> str:
    """ROUTE_TITLES[route] in the reader's language."""
    return {P.CONDA: tr("Replace torch through conda (the pytorch channel), not pip"),
            P.JETPACK: tr("Install NVIDIA's JetPack build of torch"),
            P.PIP_ROCM: tr("Install the ROCm build of torch")}.get(route, ROUTE_TITLES[route])
