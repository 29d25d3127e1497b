"""What a paste resembles when nothing in it proves a cause.

A paste that names no message, fact or context yolodoctor can judge ("it says module not found", "my GPU is not
used") still has words, and the public reports it was built on show which words go with which root cause. A word
model (compat/report_words.toml: a multinomial logistic regression on which words a paste contains, trained on
the dev split of the report corpus by benchmarks/train_report_words.py) turns the paste's words into a probability
per category, blended with the votes of the public reports nearest to the paste (ingest.neighbours). Its leads
are findings of severity info, never certain, never above or beside a certain finding that rests on the paste
itself (ingest.leads says where they are shown), and they say which words weighed most and the nearest public report
of their cause: a place to start, not a diagnosis.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..knowledge.files import KnowledgeError, load_toml
from .neighbours import Neighbour, ReportIndex, load_index, nearest, votes

MODEL_FILE = "report_words.toml"
# The words are read from the start of the paste: a report states its problem first, and a long log's repeats
# add nothing (the model was trained on the same cut).
SAMPLE_CHARS = 20_000
WORD = re.compile(r"[a-z][a-z0-9_]+|[\u4e00-\u9fff]+")
# The letter runs inside an identifier ("libcudnn", "ops" and "infer" of libcudnn_ops_infer64, "cuda" of cuda118): a
# library named by one of its files, or a name with a version glued to it, then meets the same name elsewhere. Chosen
# on the dev split: read with them, the leads put the right cause first for 11 more of 1,649 reports of the fresh
# rounds and among the first three for 4 fewer (benchmarks/leads_on_fresh_rounds.py, dev only).
PART = re.compile(r"[a-z]{3,}")
MAX_WORD_CHARS = 30
SHOWN_WORDS = 6
MIN_SHOWN_CHARS = 3  # "it", "to": counted, but no help to a reader as the words that weighed most
# A paste that says nothing failed (a healthy collect_env, a training log that ran) gets no lead: only a report
# of trouble resembles the reports of trouble the model knows. collect_env's "Could not collect" is no trouble. A
# negation, a question, something too slow or too large, a bug or a fix are: pastes of trouble that named no error
# word ("still not finished", "taking too long", "is this normal?", "不允许") lost their leads to a narrower gate. So
# are a lack, a mismatch, a shortage said in words ("mismatches", "insufficient", "goes OOM", "慢得出奇"), and torch's
# is_available() answered False in prose (collect_env's "Is CUDA available: False" has no parentheses). So is what a
# resolver or an index could not give ("No solution found", "unsatisfiable", "no wheels for", "out of sync") and a
# quiet fall back ("falls back to the CPU"): reports of the corpus's dev split said only that and got no lead.
TROUBLE = re.compile(
    r"error|exception|traceback|fail|cannot|can'?t|could ?n[o']?t(?! collect)|unable|doesn'?t|"
    r"did ?n'?t|won'?t|isn'?t|(?<!could )\bnot\b|no longer|no matching|"
    r"\bkill|\bstall|forbidden|denied|refused|time[sd]? ?out|\bbug\b|\bbroke|\bfix|"
    r"crash|\bdie[sd]\b|\bstop(?:s|ped)\b|hang|hung|stuck|freez|slow|wrong|instead of|problem|issue|"
    r"\btoo (?:long|large|much|many|big|old|new)\b|[a-z)]\?(?:\s|$)|"
    r"mismatch|insufficient|\bmissing\b|\black(?:s|ing)?\b|unsupported|out of memory|\boom\b|no module|"
    r"available\(\)[^\n]{0,20}false|no solution found|unsatisfiable|out of sync|\bf(?:alls?|ell|alling) back\b|"
    r"\bno (?:versions?|wheels?|builds?|releases?) (?:of|for|is|are|can|available|found|match)|"
    r"报错|错误|失败|无法|不|没|异常|卡|崩溃|出错|慢|杀死|怎么办|为什么|求助|吗|？",
    re.IGNORECASE)


@dataclass(frozen=True)
class Resemblance:
    category: str
    probability: float
    words: tuple[str, ...]  # the paste's words that weighed most for this category, heaviest first
    nearest: str = ""  # the URL of the public report of this category nearest to the paste, where one is near


@dataclass(frozen=True)
class WordModel:
    categories: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # word -> (category index, weight) of its non-zero weights
    min_probability: float
    limit: int


def words_of(sample: str) -> frozenset[str]:
    """The words of a paste as the model reads them: lower-cased runs of letters, digits and underscores starting
    with a letter, the runs of three or more letters inside those that hold a digit or an underscore, and each pair
    of neighbouring characters of a run of Chinese."""
    found: set[str] = set()
    for match in WORD.finditer(sample[:SAMPLE_CHARS].lower()):
        word = match.group()
        if "\u4e00" <= word[0] <= "\u9fff":
            found.update(word[i:i + 2] for i in range(max(1, len(word) - 1)))
            continue
        if len(word) <= MAX_WORD_CHARS:
            found.add(word)
        if not word.isalpha():
            found.update(part for part in PART.findall(word) if part != word)
    return frozenset(found)


def sample_of(lines: Iterable[tuple[int, str]]) -> str:
    """The first SAMPLE_CHARS characters of the paste's lines."""
    kept: list[str] = []
    size = 0
    for _, line in lines:
        kept.append(line)
        size += len(line) + 1
        if size > SAMPLE_CHARS:
            break
    return "\n".join(kept)[:SAMPLE_CHARS]


def shows_trouble(sample: str) -> bool:
    return TROUBLE.search(sample) is not None


@lru_cache(maxsize=1)
def load_model() -> WordModel:
    return parse_model(load_toml("compat", MODEL_FILE))


def parse_model(data: dict) -> WordModel:
    """The model in compat/report_words.toml; KnowledgeError where the file does not hold one."""
    try:
        model = data["model"]
        categories = tuple(model["categories"])
        bias = tuple(float(b) for b in model["bias"])
        weights = {word: tuple((int(i), float(w)) for i, w in (pair.split(":") for pair in packed.split()))
                   for word, packed in data["weights"].items()}
        min_probability, limit = float(model["min_probability"]), int(model["limit"])
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"compat/{MODEL_FILE} is malformed: {exc}") from None
    if len(bias) != len(categories) or any(i >= len(categories) for row in weights.values() for i, _ in row):
        raise KnowledgeError(f"compat/{MODEL_FILE} is malformed: weights name categories it does not list")
    return WordModel(categories, bias, weights, min_probability, limit)


def scores(model: WordModel, words: frozenset[str]) -> list[float]:
    """The model's score of each category (before the softmax) for a paste with these words."""
    known = [w for w in words if w in model.weights]
    scale = 1 / math.sqrt(len(known)) if known else 0.0  # as in training: a long paste is not more certain
    out = list(model.bias)
    for word in known:
        for index, weight in model.weights[word]:
            out[index] += weight * scale
    return out


def ranked(model: WordModel, index: ReportIndex | None, words: frozenset[str]
           ) -> tuple[list[tuple[str, float]], list[Neighbour]]:
    """Every category with its probability, most probable first: the word model's, blended with the votes of the
    nearest reports (their share is the index's), and those nearest reports."""
    raw = scores(model, words)
    top = max(raw)
    exp = [math.exp(s - top) for s in raw]
    total = sum(exp)
    probability = {category: value / total for category, value in zip(model.categories, exp)}
    neighbours = nearest(index, words) if index is not None else []
    if neighbours:
        vote = votes(neighbours)
        probability = {category: (1 - index.share) * probability.get(category, 0.0)
                       + index.share * vote.get(category, 0.0)
                       for category in dict.fromkeys([*model.categories, *vote])}
    order = sorted(probability.items(), key=lambda item: (-item[1], item[0]))
    return order, neighbours


def word_probabilities(sample: str, model: WordModel | None = None) -> dict[str, float]:
    """Each category's probability for the paste's words by the word model alone: without the nearest reports,
    whose search is most of a lead's cost."""
    return dict(ranked(model or load_model(), None, words_of(sample))[0])


def resemblances(sample: str, model: WordModel | None = None, index: ReportIndex | None = None
                 ) -> list[Resemblance]:
    """The categories the paste's words resemble, most probable first: at most `limit`, each at least
    `min_probability`; none for a paste that tells of no trouble."""
    if not shows_trouble(sample):
        return []
    if model is None:
        model, index = load_model(), load_index()
    words = words_of(sample)
    order, neighbours = ranked(model, index, words)
    column = {category: i for i, category in enumerate(model.categories)}
    out = []
    for category, probability in order[:model.limit]:
        if probability < model.min_probability:
            break
        near = next((n for n in neighbours if n.category == category), None)
        out.append(Resemblance(category, probability, _heaviest(model, column.get(category), words, near),
                               near.source if near else ""))
    return out


def _heaviest(model: WordModel, index: int | None, words: frozenset[str], near: Neighbour | None) -> tuple[str, ...]:
    """The paste's words that weighed most for a category: the word model's, heaviest first, or where it weighs none
    for it, the rarest words the paste shares with the nearest report of that category."""
    shown = [word for word in words if len(word) >= MIN_SHOWN_CHARS or not word.isascii()]
    heaviest = sorted(((weight, word) for word in shown for i, weight in model.weights.get(word, ())
                       if i == index and weight > 0), reverse=True)
    if heaviest:
        return tuple(word for _, word in heaviest[:SHOWN_WORDS])
    if near is None:
        return ()
    return tuple(word for word in near.shared if len(word) >= MIN_SHOWN_CHARS or not word.isascii())[:SHOWN_WORDS]
