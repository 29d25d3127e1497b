"""The rule catalogue: every rules/*.toml, read and checked entry by entry.

Each file holds an array of tables ``[[rule]]``; every entry has id,
category, severity, area, title, explanation and fix, and may have
references (a list of URLs) and params (a table of numbers, strings or
booleans the predicate reads), and ends with its Simplified Chinese texts
(title_zh, explanation_zh, fix_zh: same placeholders and commands as the
English; tests/test_i18n.py lists the rules that lack them). A mistake anywhere (a typo in a key, an
unknown category, an id used twice) is a KnowledgeError that names the file
and the entry.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from ..diagnose.model import AREAS, CATEGORIES, SEVERITIES, RuleMeta
from .files import KnowledgeError, data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from . import toml_cache

ID_PATTERN = re.compile(r"YD\d{3,4}")  # YD101; YD1001 for the profile requirements
REQUIRED = ("id", "category", "severity", "area", "title", "explanation", "fix")
OPTIONAL = ("references", "params", "severity_when")
# The zh-CN texts, at the end of each [[rule]] block, beside the English (one catalogue, two languages).
TRANSLATED = {"title_zh": "title", "explanation_zh": "explanation", "fix_zh": "fix"}
# ... and, for a rule whose severity depends on the context, severity_when_zh beside severity_when.
TRANSLATED_WHEN = {"severity_when_zh": "severity_when"}
MAX_TITLE = 90


@dataclass(frozen=True)
class Catalogue:
    """Every rule, ordered by id."""

    rules: tuple[RuleMeta, ...]
    files: tuple[str, ...]

    def __iter__(self) -> Iterator[RuleMeta]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(r.id == rule_id for r in self.rules)

    def get(self, rule_id: str) -> Optional[RuleMeta]:
        wanted = rule_id.strip().upper()
        for rule in self.rules:
            if rule.id == wanted:
                return rule
        return None

    def ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def in_areas(self, areas: Optional[set[str]]) -> list[RuleMeta]:
        return [r for r in self.rules if areas is None or r.area in areas]


def load_catalogue_from(directory: Path, label: str = "rules") -> Catalogue:
    """Read and check every *.toml in `directory`."""
    directory = Path(directory)
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise KnowledgeError(f"{label}/ holds no *.toml rule files")
    rules: dict[str, RuleMeta] = {}
    for path in files:
        where = f"{label}/{path.name}"
        for rule in _read_file(path, where):
            if rule.id in rules:
                raise KnowledgeError(f"{where}: rule {rule.id} is already defined in {label}/{rules[rule.id].file}")
            rules[rule.id] = rule
    # In numeric order: YD101 ... YD904, then the profile requirements YD1001 ...
    return Catalogue(tuple(rules[k] for k in sorted(rules, key=lambda k: int(k[2:]))), tuple(p.name for p in files))


def _read_file(path: Path, where: str) -> list[RuleMeta]:
    try:
        data = toml_cache.load(path)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{where} cannot be read: {exc}") from None
    extra = sorted(set(data) - {"rule"})
    if extra:
        raise KnowledgeError(f"{where}: unexpected top-level key(s) {', '.join(extra)} (only [[rule]] entries)")
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise KnowledgeError(f"{where}: expected one or more [[rule]] entries")
    return [_rule(entry, index, where, path.name) for index, entry in enumerate(entries)]


def _rule(entry: dict[str, Any], index: int, where: str, file_name: str) -> RuleMeta:
    label = entry.get("id") if isinstance(entry.get("id"), str) else f"#{index + 1}"
    at = f"{where}: rule {label}"
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL) - set(TRANSLATED) - set(TRANSLATED_WHEN))
    if unknown:
        raise KnowledgeError(f"{at}: unknown key(s) {', '.join(unknown)} "
                             f"(allowed: {', '.join(REQUIRED + OPTIONAL + tuple(TRANSLATED) + tuple(TRANSLATED_WHEN))})")
    for key in REQUIRED:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problem = "is missing" if value is None else "must be a non-empty string"
            raise KnowledgeError(f"{at}: '{key}' {problem}")
    if not ID_PATTERN.fullmatch(entry["id"]):
        raise KnowledgeError(f"{at}: id must look like YD101 (or YD1001)")
    for key, allowed in (("category", CATEGORIES), ("severity", SEVERITIES), ("area", AREAS)):
        if entry[key] not in allowed:
            raise KnowledgeError(f"{at}: {key} '{entry[key]}' is not one of {', '.join(allowed)}")
    title = entry["title"].strip()
    if "\n" in title or len(title) > MAX_TITLE:
        raise KnowledgeError(f"{at}: title must be one line of at most {MAX_TITLE} characters")
    references = entry.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, str) and r.strip() for r in references):
        raise KnowledgeError(f"{at}: references must be a list of strings")
    params = entry.get("params", {})
    if not isinstance(params, dict) or not all(isinstance(v, (int, float, str, bool)) for v in params.values()):
        raise KnowledgeError(f"{at}: params must be a table of numbers, strings or booleans")
    severity_when = entry.get("severity_when", "")
    if not isinstance(severity_when, str) or "\n" in severity_when or \
            (severity_when and not re.search(r"\b(error|warning|info) when\b", severity_when)):
        raise KnowledgeError(f"{at}: severity_when must be one line like 'error when the profile needs a GPU'")
    return RuleMeta(id=entry["id"], category=entry["category"], severity=entry["severity"], area=entry["area"],
                    severity_when=severity_when.strip(),
                    title=title, explanation=_prose(entry["explanation"]), fix=_prose(entry["fix"]),
                    references=tuple(r.strip() for r in references), params=dict(params), file=file_name,
                    translations=_translations(entry, at))


def _translations(entry: dict[str, Any], at: str) -> dict[str, dict[str, str]]:
    """{"zh-CN": {...}} from title_zh / explanation_zh / fix_zh (a rule may lack some: the
    catalogue test lists which)."""
    zh: dict[str, str] = {}
    for key, field_name in TRANSLATED.items():
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{at}: '{key}' must be a non-empty string")
        if key == "title_zh":
            value = value.strip()
            if "\n" in value or len(value) > MAX_TITLE:
                raise KnowledgeError(f"{at}: title_zh must be one line of at most {MAX_TITLE} characters")
        else:
            value = _prose(value, joiner="")
        zh[field_name] = value
    when = entry.get("severity_when_zh")
    if when is not None:
        if not entry.get("severity_when"):
            raise KnowledgeError(f"{at}: severity_when_zh without severity_when")
        if not isinstance(when, str) or "\n" in when.strip() or not re.search(r"\b(error|warning|info)\b", when):
            raise KnowledgeError(f"{at}: severity_when_zh must be one line naming the severity "
                                 f"(error, warning or info) as severity_when does")
        zh["severity_when"] = when.strip()
    return {"zh-CN": zh} if zh else {}


def severity_text(rule: RuleMeta, language: str) -> str:
    """The severity as rules/explain/docs state it, in `language`: "error when the profile needs a GPU;
    info otherwise" (rule.severity_text), or its zh-CN form from severity_when_zh."""
    when = rule.translations.get(language, {}).get("severity_when") if language != "en" else None
    if not rule.severity_when or not when:
        return rule.severity_text
    # Not tr(): the zh-CN rules page is generated whatever language the process speaks.
    return f"{when}；其他情况为 {rule.severity}"


def _prose(text: str, joiner: str = " ") -> str:
    """TOML multi-line strings keep the author's line wrapping: re-flow each paragraph into one line.
    Chinese lines join without a space (joiner ""), except between Latin text on both sides."""
    return "\n\n".join(_join_lines(p, joiner) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def _join_lines(paragraph: str, joiner: str) -> str:
    if joiner == " ":
        return " ".join(paragraph.split())
    out = ""
    for line in (" ".join(line.split()) for line in paragraph.splitlines()):
        if not line:
            continue
        if out and out[-1].isascii() and line[0].isascii():
            out += " "  # Latin text either side of the line break
        out += line
    return out


_default: Optional[Catalogue] = None
_lock = threading.Lock()


def load_catalogue() -> Catalogue:
    """The installed catalogue, read once."""
    global _default
    with _lock:
        if _default is None:
            _default = load_catalogue_from(data_dir("rules"))
        return _default
