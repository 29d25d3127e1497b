"""Registers the profile requirement checks (YD10xx, yolodoctor/profiles/requirements.py) as predicates.

They only speak when `check` has a profile (chosen with --profile, or by a team policy).
"""

from __future__ import annotations

from typing import Any

from ..facts.model import Facts
from ..profiles.requirements import CHECKS, Check
from .model import predicate


def _predicate(check: Check):
    def run(facts: Facts, profile: Any = None):
        return None if profile is None else check(facts, profile)

    run.__name__ = check.__name__
    run.__doc__ = check.__doc__
    return run


for _rule_id, _check in sorted(CHECKS.items()):
    predicate(_rule_id)(_predicate(_check))
