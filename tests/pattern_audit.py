"""Finding every regular expression that reads user text, and trying each on hostile strings.

Discovery is generic, so a pattern added tomorrow is checked without anyone listing it:
  * every `pattern`/`*_pattern`/`*_regex` string in compat/*.toml;
  * every compiled pattern reachable from a module-level name of any module under yolodoctor/
    (including inside dicts, lists and tuples, and the compiled signature table);
  * every string literal handed to re.compile/search/match/fullmatch/finditer/findall/sub/split
    anywhere in yolodoctor/ (patterns built inside functions).

Adversarial strings are made from the pattern's own parse tree: long runs of each literal
character and of a member of each character class, its literal words repeated, repeated with the
last character dropped (so the match keeps failing late), and its literal prefix followed by a long
run of filler — the shapes that make a backtracking engine go quadratic.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

if sys.version_info >= (3, 11):
    import re._parser as sre_parse
    import re._constants as sre_constants
    import tomllib
else:  # pragma: no cover
    import sre_constants
    import sre_parse
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "yolodoctor"
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
_PATTERN_KEYS = re.compile(r"(?:^|_)(?:pattern|regex)s?$")


@dataclass(frozen=True)
class Found:
    where: str
    pattern: str
    flags: int
    anchored: bool = False  # only ever used with .match/.fullmatch: one start position per line
    line_cap: int = 0  # the longest line the code hands this pattern (0: the reader's cap)


def _only_anchored(name: str, module) -> bool:
    """Whether every use of the module-level pattern `name` is .match()/.fullmatch() on it, in its own
    module and in any module that imports it by name."""
    sources = [Path(module.__file__).read_text(encoding="utf-8")]
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path != Path(module.__file__) and re.search(rf"import[^\n]*\b{re.escape(name)}\b", text):
            sources.append(text)
    for source in sources:
        uses = re.findall(rf"\b{re.escape(name)}\.(\w+)\(", source)
        mentions = len(re.findall(rf"\b{re.escape(name)}\b", source))
        defined = len(re.findall(rf"^{re.escape(name)}\s*=|import[^\n]*\b{re.escape(name)}\b", source, re.M))
        # a mention that is not a method call (passed around, stored, returned) counts as a search
        if any(u not in ("match", "fullmatch") for u in uses) or mentions != len(uses) + defined:
            return False
    return True


def discover() -> list[Found]:
    """Every pattern once; where the same text is found several ways, it counts as searched unless
    every finding says it is only anchored."""
    seen: dict[tuple[str, int], Found] = {}
    for found in [*_from_compat(), *_retyped_signatures(), *_from_source(), *_from_modules()]:
        key = (found.pattern, 0)
        kept = seen.get(key)
        if kept is None:
            seen[key] = found
        else:
            seen[key] = Found(kept.where, kept.pattern, kept.flags, kept.anchored and found.anchored,
                              max(kept.line_cap, found.line_cap) if kept.line_cap and found.line_cap else 0)
    return sorted(seen.values(), key=lambda f: (f.where, f.pattern))


def _from_compat() -> Iterator[Found]:
    for path in sorted((REPO / "compat").glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for key_path, value in _walk_toml(data, ""):
            key = key_path.rsplit(".", 1)[-1].split("[", 1)[0]
            if not _PATTERN_KEYS.search(key):
                continue
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and _compiles(text, re.MULTILINE):
                    yield Found(f"compat/{path.name}:{key_path}", text, re.MULTILINE, line_cap=_cap_for(path.name))


def _retyped_signatures() -> Iterator[Found]:
    """The tolerant form of each signature's pattern, which the scanner's second reading runs."""
    from yolodoctor.ingest.errors import MATCH_LINE_CHARS, load_signatures
    from yolodoctor.ingest.retyped import tolerant_pattern

    for signature in load_signatures():
        tolerant = tolerant_pattern(signature.pattern.pattern)
        if tolerant.pattern != signature.pattern.pattern:
            yield Found(f"retyped {signature.id}", tolerant.pattern, tolerant.flags & ~re.UNICODE,
                        line_cap=MATCH_LINE_CHARS)


def _cap_for(file_name: str) -> int:
    """Error signatures are matched by the scanner, on lines cut to MATCH_LINE_CHARS."""
    from yolodoctor.ingest.errors import MATCH_LINE_CHARS, SIGNATURES_NAME

    return MATCH_LINE_CHARS if file_name == SIGNATURES_NAME else 0


def _walk_toml(node, prefix: str):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_toml(value, f"{prefix}.{key}" if prefix else key)
        return
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        for index, value in enumerate(node):
            label = value.get("id", index) if isinstance(value, dict) else index
            yield from _walk_toml(value, f"{prefix}[{label}]")
        return
    yield prefix, node


def _from_source() -> Iterator[Found]:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_FUNCS and node.args):
                continue
            text = _literal(node.args[0])
            if text is None:
                continue
            flags = 0
            flag_arg = next((k.value for k in node.keywords if k.arg == "flags"), None)
            if flag_arg is None and node.func.attr == "compile" and len(node.args) > 1:
                flag_arg = node.args[1]
            flags = _flags(flag_arg)
            if _compiles(text, flags):
                anchored = node.func.attr in ("match", "fullmatch") or node.func.attr == "compile"
                yield Found(f"{path.relative_to(REPO)}:{node.lineno}", text, flags, anchored)


def _literal(node) -> str | None:
    """A string literal, implicit concatenations included; f-strings with their holes as `x`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("x")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    return None


def _flags(node) -> int:
    if node is None:
        return 0
    flags = 0
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "re":
            flags |= getattr(re, sub.attr, 0) if isinstance(getattr(re, sub.attr, 0), int) else 0
    return flags


def _from_modules() -> Iterator[Found]:
    import yolodoctor

    for info in pkgutil.walk_packages(yolodoctor.__path__, "yolodoctor."):
        if ".smoke.target" in info.name or info.name.endswith("__main__") or "._target" in info.name:
            continue  # scripts run inside the target interpreter; they read no user text
        try:
            module = importlib.import_module(info.name)
        except Exception:  # an optional dependency missing: its source literals are still checked
            continue
        for name, value in vars(module).items():
            if isinstance(value, type) or callable(value) and not isinstance(value, re.Pattern):
                continue
            direct = isinstance(value, re.Pattern)
            for pattern in _patterns_in(value, 0):
                anchored = direct and _only_anchored(name, module)
                yield Found(f"{info.name}.{name}", pattern.pattern, pattern.flags, anchored)
            for field, text in _pattern_fields_in(value, 0):
                # the splitter compiles these: `start` is matched at a line's start, the rest searched
                anchored = field == "start"
                flags = 0 if anchored else re.MULTILINE
                if _compiles(text, flags):
                    yield Found(f"{info.name}.{name}.{field}", text, flags, anchored)
    from yolodoctor.ingest.errors import load_signatures

    from yolodoctor.ingest.errors import MATCH_LINE_CHARS

    for signature in load_signatures():
        yield Found(f"signature {signature.id}", signature.pattern.pattern, signature.pattern.flags,
                    line_cap=MATCH_LINE_CHARS)


def _patterns_in(value, depth: int) -> Iterator[re.Pattern]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _patterns_in(item, depth + 1)


def _pattern_fields_in(value, depth: int) -> Iterator[tuple[str, str]]:
    """(field, text) for each regex held as a string field of a dataclass instance (the parser tables:
    `start`, `pattern`, `*_pattern`), inside tuples and lists as the tables keep them."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            text = getattr(value, field.name)
            if isinstance(text, str) and (field.name == "start" or _PATTERN_KEYS.search(field.name)):
                yield field.name, text
    elif depth < 2 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _pattern_fields_in(item, depth + 1)


def _compiles(text: str, flags: int) -> bool:
    try:
        re.compile(text, flags)
    except (re.error, TypeError, ValueError):
        return False
    return True


# ---- adversarial strings --------------------------------------------------------------------

def _pieces(pattern: str, flags: int) -> tuple[list[str], list[str]]:
    """(single characters the pattern names or accepts, literal words it contains)."""
    chars: list[str] = []
    words: list[str] = []
    current: list[str] = []

    def flush():
        if len(current) > 1:
            words.append("".join(current))
        current.clear()

    def walk(items):
        for op, arg in items:
            if op is sre_constants.LITERAL:
                ch = chr(arg)
                chars.append(ch)
                current.append(ch)
                continue
            flush()
            if op is sre_constants.IN:
                chars.extend(_class_members(arg))
            elif op is sre_constants.ANY:
                chars.append("a")
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants,
                                                                                   "POSSESSIVE_REPEAT", None)):
                walk(arg[2])
                flush()
            elif op is sre_constants.SUBPATTERN:
                walk(arg[-1])
                flush()
            elif op is sre_constants.BRANCH:
                for branch in arg[1]:
                    walk(branch)
                    flush()
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(arg[1])
                flush()
            elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
                walk(arg)
                flush()
        flush()

    walk(sre_parse.parse(pattern, flags))
    return list(dict.fromkeys(chars)), list(dict.fromkeys(words))


def _class_members(items) -> list[str]:
    out: list[str] = []
    negated = any(op is sre_constants.NEGATE for op, _ in items)
    if negated:
        return ["a", " ", "0", "x"]
    for op, arg in items:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.RANGE:
            out.append(chr(arg[0]))
        elif op is sre_constants.CATEGORY:
            name = str(arg)
            out.append({"CATEGORY_DIGIT": "7", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "w"}.get(
                name.split(".")[-1].replace("CATEGORY_NOT_", "X"), "x"))
    return out[:4]


def adversarial(pattern: str, flags: int, size: int) -> Iterator[tuple[str, str]]:
    """(label, text of about `size` characters) for each hostile shape."""
    chars, words = _pieces(pattern, flags)
    chars = [c for c in chars if c] or ["a"]
    for ch in chars[:24]:
        yield f"run of {ch!r}", ch * size
    for ch in chars[:8]:
        yield f"run of {ch!r} then newline", (ch * 400 + "\n") * (size // 401)
    fillers = ["a", " ", "7", "\t"]
    for word in words[:16]:
        yield f"{word[:30]!r} repeated", (word * (size // len(word) + 1))[:size]
        cut = word[:-1] or word
        yield f"{cut[:30]!r} repeated", (cut * (size // len(cut) + 1))[:size]
        yield f"{word[:30]!r} spaced", ((word + " ") * (size // (len(word) + 1) + 1))[:size]
        for filler in fillers:
            yield f"filler {filler!r} then {word[:30]!r}", filler * (size - len(word)) + word
            yield f"{word[:30]!r} then filler {filler!r}", word + filler * (size - len(word))
    if len(words) >= 2:
        joined = " ".join(words[:-1])
        yield "all words but the last, repeated", ((joined + " ") * (size // (len(joined) + 1) + 1))[:size]


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow()


def cost_per_kb(compiled: re.Pattern, text: str, anchored: bool, limit: float = 5.0) -> float:
    """Seconds per KB for the way the code uses the pattern: .match at each line start, or search and
    finditer. An exponential pattern would never return: after `limit` seconds it is stopped (the
    regex engine checks for signals) and counted as infinitely slow."""
    import signal

    if hasattr(signal, "SIGALRM"):
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return _cost_per_kb(compiled, text, anchored)
        except _TooSlow:
            return float("inf")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return _cost_per_kb(compiled, text, anchored)


def _cost_per_kb(compiled: re.Pattern, text: str, anchored: bool) -> float:
    # CPU time of this process, not the wall clock: on a busy machine a long run is preempted more often than a
    # short one, which made a linear pattern look as if its per-KB cost grew with the text.
    started = time.process_time()
    if anchored:  # line parsers match one line at a time
        for line in text.split("\n"):
            compiled.match(line)
    else:
        compiled.search(text)
        for _ in compiled.finditer(text):
            pass
    return (time.process_time() - started) / (len(text) / 1024)


def as_lines(text: str, cap: int) -> str:
    """The text as the code sees it: no line longer than `cap`."""
    if len(text) <= cap or all(len(line) <= cap for line in text.split("\n")):
        return text
    return "\n".join(line[i:i + cap] for line in text.split("\n") for i in range(0, max(len(line), 1), cap))


@dataclass(frozen=True)
class Cost:
    """The slowest hostile shape of a pattern: its seconds per KB, and how that grows with the text."""

    per_kb: float
    shape: str
    growth: float = 1.0  # per-KB cost at 16 KB over that at 4 KB: about 1 when linear, about 4 when quadratic

    def within(self, budget_per_kb: float) -> bool:
        """Under budget; or over it on a busy machine while the per-KB cost stays flat as the text grows
        four-fold (a linear pattern slowed down, not a quadratic one), up to ten times the budget."""
        if self.per_kb <= budget_per_kb:
            return True
        return self.per_kb <= 10 * budget_per_kb and self.growth < GROWTH_LIMIT


GROWTH_LIMIT = 2.0  # quadratic shapes grow about 4-fold from 4 KB to 16 KB; linear ones stay near 1


def worst(found: Found, size: int, budget_per_kb: float) -> Cost:
    """The slowest hostile shape; stops early once one is over budget and grows faster than linearly."""
    from yolodoctor.ingest.reader import MAX_LINE_CHARS

    compiled = re.compile(found.pattern, found.flags)
    slowest = Cost(0.0, "")
    cap = found.line_cap or MAX_LINE_CHARS
    shapes = [(label, text) for small in (2048, size)
              for label, text in adversarial(found.pattern, found.flags, small)]  # small first: fail fast
    for label, text in shapes:
        text = as_lines(text, cap)
        cost = cost_per_kb(compiled, text, found.anchored)
        for _ in range(2):  # over budget: measure again, a busy machine may have paused us
            if cost > budget_per_kb:
                cost = min(cost, cost_per_kb(compiled, text, found.anchored))
        measured = Cost(cost, label)
        if budget_per_kb < cost <= 10 * budget_per_kb:  # beyond that no growth excuses it: not measured
            measured = Cost(cost, label, _growth(found, compiled, label, size, cap))
        if cost > slowest.per_kb or not measured.within(budget_per_kb):
            slowest = measured
        if not measured.within(budget_per_kb):
            break
    return slowest


def _growth(found: Found, compiled: re.Pattern, label: str, size: int, cap: int) -> float:
    """How many times the per-KB cost of one shape grows from a quarter of `size` to `size` (best of three)."""
    def best(n: int) -> float:
        text = next((t for lab, t in adversarial(found.pattern, found.flags, n) if lab == label), None)
        if text is None:
            return float("inf")
        text = as_lines(text, cap)
        return min(cost_per_kb(compiled, text, found.anchored) for _ in range(3))

    small, large = best(size // 4), best(size)
    if large == float("inf"):
        return float("inf")
    return large / small if small > 0 else float("inf")
