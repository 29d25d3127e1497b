"""Root-only and restart steps, printed for the detected OS and container, never run."""

from __future__ import annotations

from typing import Optional

from ..i18n import is_chinese, tr
from . import compat_view as cv
from .machine import Machine
from .plan import Action
from .versions import parse

# The order in which a step is looked up: the container decides first (the driver of a
# container is the host's), then the distribution, then generic steps.
def _places(machine: Machine) -> list[str]:
    places = []
    container = (machine.container or "").lower()
    if container in ("docker", "podman"):
        places.append("docker")
    elif container in ("kubernetes", "wsl2"):
        places.append(container)
    if (machine.os or "").startswith("win"):
        places.append("windows")
    if machine.distro_id:
        places.append(machine.distro_id)
    places.append("any")
    return places


def steps_for(problem: str, machine: Machine, **values: str) -> tuple[tuple[str, ...], bool, Optional[str]]:
    """(steps, verified, where) for `problem` on this machine; () when none is recorded."""
    rows = [r for r in cv.manual_steps() if r.problem == problem]
    for place in _places(machine):
        row = next((r for r in rows if r.where == place), None)
        if row is not None:
            return tuple(_fill(s, values) for s in row.steps_in(is_chinese())), row.verified, place
    return (), True, None


def _fill(step: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        step = step.replace("{" + key + "}", value)
    return step


def manual_action(problem: str, title: str, why: str, machine: Machine, findings=(), **values: str) -> Action:
    steps, verified, where = steps_for(problem, machine, **values)
    notes = (tr("steps for: {place}", place=where),) if where and where != "any" else ()
    return Action(kind="manual", title=title, why=why, findings=tuple(findings), steps=steps, needs_root=True,
                  verified=verified, notes=notes)


def driver_values(driver_min: str) -> dict[str, str]:
    version = parse(driver_min)
    return {"driver_min": driver_min, "branch": str(version.major) if version else driver_min}
