"""Names and versions out of the requirement strings a plan carries."""

from __future__ import annotations

from typing import Optional
from urllib.parse import unquote, urlsplit

from packaging.requirements import InvalidRequirement, Requirement

from ..facts.model import canonical_name


def is_url(requirement: str) -> bool:
    return "://" in requirement and " " not in requirement.strip()


def wheel_filename(url: str) -> Optional[str]:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name if name.endswith(".whl") else None


def requirement_name(requirement: str) -> Optional[str]:
    """Canonical distribution name of a PEP 508 string or a direct wheel URL."""
    if is_url(requirement):
        filename = wheel_filename(requirement)
        return canonical_name(filename.split("-", 1)[0]) if filename else None
    try:
        return canonical_name(Requirement(requirement).name)
    except InvalidRequirement:
        return None


def valid_requirement(requirement: str) -> bool:
    if is_url(requirement):
        return wheel_filename(requirement) is not None
    try:
        req = Requirement(requirement)
    except InvalidRequirement:
        return False
    return req.url is None  # "name @ url" goes through the URL form, which the allow-list checks


def pinned_version(requirement: str) -> Optional[str]:
    """The version of an exact ``name==version`` pin, else None."""
    try:
        req = Requirement(requirement)
    except InvalidRequirement:
        return None
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return specs[0].version
    return None
