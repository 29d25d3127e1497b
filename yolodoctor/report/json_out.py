"""JSON renderings, redacted."""

from __future__ import annotations

import json
from typing import Any

from ..facts.model import Facts, to_dict
from .redact import redact_data


def facts_dict(facts: Facts) -> dict[str, Any]:
    return redact_data(to_dict(facts))


def facts_json(facts: Facts) -> str:
    return json.dumps(facts_dict(facts), indent=2, ensure_ascii=False)
