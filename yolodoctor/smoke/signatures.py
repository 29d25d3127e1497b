"""What a failed smoke stage means: its error text matched against signatures.toml."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..diagnose.model import AREAS, CATEGORIES, SEVERITIES, Finding

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SIGNATURES_FILE = Path(__file__).with_name("signatures.toml")
REQUIRED = ("id", "category", "severity", "area", "title", "patterns", "explanation", "fix")


class SignatureError(Exception):
    """signatures.toml is missing, corrupt or has a bad entry (named)."""


@dataclass(frozen=True)
class Signature:
    id: str
    category: str
    severity: str
    area: str
    title: str
    patterns: tuple[re.Pattern, ...]
    explanation: str
    fix: str
    stages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    generic: bool = False  # says how a stage failed, not why
    # The texts in Chinese (title_zh, explanation_zh, fix_zh beside the English), keyed "title" ... .
    zh: tuple[tuple[str, str], ...] = ()

    def text(self, key: str, language: str) -> str:
        """title, explanation or fix in `language` (the English where no translation is given)."""
        english = getattr(self, key)
        return dict(self.zh).get(key, english) if language == "zh-CN" else english

    def matches(self, stage: str, text: str) -> Optional[str]:
        """The matched text, or None."""
        if self.stages and stage not in self.stages:
            return None
        for pattern in self.patterns:
            found = pattern.search(text)
            if found:
                return found.group(0)
        return None


def _entry(raw: dict, index: int, where: str) -> Signature:
    label = raw.get("id") or f"#{index + 1}"
    for key in REQUIRED:
        if key not in raw:
            raise SignatureError(f"{where}: [[signature]] {label} lacks '{key}'")
    if raw["category"] not in CATEGORIES:
        raise SignatureError(f"{where}: [[signature]] {label}: unknown category {raw['category']!r}")
    if raw["severity"] not in SEVERITIES:
        raise SignatureError(f"{where}: [[signature]] {label}: unknown severity {raw['severity']!r}")
    if raw["area"] not in AREAS:
        raise SignatureError(f"{where}: [[signature]] {label}: unknown area {raw['area']!r}")
    patterns = []
    for text in raw["patterns"]:
        try:
            patterns.append(re.compile(text, re.IGNORECASE | re.DOTALL))
        except re.error as exc:
            raise SignatureError(f"{where}: [[signature]] {label}: bad pattern {text!r}: {exc}") from None
    zh = []
    for key in ("title", "explanation", "fix"):
        value = raw.get(f"{key}_zh")
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise SignatureError(f"{where}: [[signature]] {label}: {key}_zh must be a non-empty string")
        zh.append((key, value.strip()))
    return Signature(raw["id"], raw["category"], raw["severity"], raw["area"], raw["title"], tuple(patterns),
                     raw["explanation"].strip(), raw["fix"].strip(), tuple(raw.get("stages", ())),
                     tuple(raw.get("sources", ())), bool(raw.get("generic", False)), tuple(zh))


@lru_cache(maxsize=None)
def load_signatures(path: Path = SIGNATURES_FILE) -> tuple[Signature, ...]:
    where = path.name
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SignatureError(f"{where} is missing") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SignatureError(f"{where} cannot be read: {exc}") from None
    meta = data.get("tables", {}).get("signature")
    if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
        raise SignatureError(f"{where}: [[signature]] has no [tables.signature] with source and read date")
    entries = data.get("signature")
    if not isinstance(entries, list) or not entries:
        raise SignatureError(f"{where}: no [[signature]] entries")
    signatures = tuple(_entry(raw, i, where) for i, raw in enumerate(entries))
    ids = [s.id for s in signatures]
    if len(set(ids)) != len(ids):
        raise SignatureError(f"{where}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return signatures


@dataclass(frozen=True)
class Match:
    signature: Signature
    matched: str


def match(stage: str, text: str, signatures: Optional[tuple[Signature, ...]] = None) -> Optional[Match]:
    """The first signature (in file order) matching a failed stage's text."""
    for signature in signatures if signatures is not None else load_signatures():
        found = signature.matches(stage, text or "")
        if found is not None:
            return Match(signature, found)
    return None


def finding_for(match_: Match, where: str, error: str) -> Finding:
    """The Finding a matched signature makes, for the stage run `where` (e.g. "device [cuda:0]")."""
    sig = match_.signature
    first = next((line.strip() for line in (error or "").splitlines() if line.strip()), "")
    evidence = [f"smoke stage {where} failed"]
    if match_.matched.strip() and match_.matched.strip() != ".":
        evidence.append(f"error text: {match_.matched.strip()[:300]}")
    return Finding(id=sig.id, category=sig.category, severity=sig.severity, area=sig.area, title=sig.title,
                   message=f"{where}: {first[:500]}" if first else f"{where} failed", fix=sig.fix,
                   explanation=sig.explanation, evidence=tuple(evidence), references=sig.sources,
                   data={"stage": where})
