"""The public reports nearest to a paste, by the words they share.

The word model (ingest.resemblance) weighs each word for each category over all the reports at once, so a small
family with a wording of its own (one tool's message, one project's name, a phrase few others use) is outweighed
there by the common words. The nearest reports keep such families: the paste is compared with each dev report of
the corpus by the words they share, a word counting the more the fewer reports hold it (tf-idf on word presence,
cosine), and the nearest K vote for their categories by how near they are. compat/report_neighbours.toml holds the
reports' words, category and source, written beside the word model by benchmarks/train_report_words.py --write.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge.files import KnowledgeError, load_toml

INDEX_FILE = "report_neighbours.toml"


@dataclass(frozen=True)
class Neighbour:
    category: str
    source: str  # the public report's URL
    similarity: float  # cosine of the two reports' weighted words, 0 to 1
    shared: tuple[str, ...]  # the words both hold, rarest first


@dataclass(frozen=True)
class ReportIndex:
    k: int  # how many of the nearest reports vote
    share: float  # the votes' share in a lead's probability; the word model has the rest
    idf: dict[str, float]  # word -> log(reports / reports holding it)
    postings: dict[str, tuple[int, ...]]  # word -> the reports holding it, in ascending order
    categories: tuple[str, ...]  # per report
    sources: tuple[str, ...]  # per report
    norms: tuple[float, ...]  # per report: the length of its weighted word vector


def build_index(reports: list[tuple[str, str, frozenset[str]]], k: int, share: float, min_reports: int = 2
                ) -> ReportIndex:
    """An index of (category, source, words) reports: words held by fewer than `min_reports` of them left out."""
    held: dict[str, list[int]] = defaultdict(list)
    for number, (_category, _source, words) in enumerate(reports):
        for word in words:
            held[word].append(number)
    postings = {word: tuple(numbers) for word, numbers in held.items() if len(numbers) >= min_reports}
    return _indexed([(c, s) for c, s, _ in reports], postings, k, share)


def _indexed(reports: list[tuple[str, str]], postings: dict[str, tuple[int, ...]], k: int, share: float
             ) -> ReportIndex:
    total = len(reports)
    idf = {word: math.log(total / len(numbers)) for word, numbers in postings.items()}
    squares = [0.0] * total
    for word, numbers in postings.items():
        weight = idf[word] ** 2
        for number in numbers:
            squares[number] += weight
    return ReportIndex(k, share, idf, postings, tuple(c for c, _ in reports), tuple(s for _, s in reports),
                       tuple(math.sqrt(s) for s in squares))


@lru_cache(maxsize=1)
def load_index() -> ReportIndex:
    return parse_index(load_toml("compat", INDEX_FILE))


def parse_index(data: dict) -> ReportIndex:
    """The index in compat/report_neighbours.toml; KnowledgeError where the file does not hold one. `reports` lists
    each report's category and source URL; `words` each word's reports, by their place in that list."""
    try:
        table = data["neighbours"]
        k, share = int(table["k"]), float(table["share"])
        reports = [tuple(line.split()) for line in table["reports"]]
        postings = {word: tuple(map(int, numbers.split())) for word, numbers in table["words"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnowledgeError(f"compat/{INDEX_FILE} is malformed: {exc}") from None
    if any(len(report) != 2 for report in reports):
        raise KnowledgeError(f"compat/{INDEX_FILE} is malformed: a report is not a category and a URL")
    if not 0.0 <= share <= 1.0 or k < 1:
        raise KnowledgeError(f"compat/{INDEX_FILE} is malformed: k must be at least 1 and share within 0 to 1")
    # The numbers are written in ascending order; that is not checked (out of order, they would only name the wrong
    # shared words), which keeps loading cheap. A number out of range is caught as the norms are summed.
    if any(not numbers or min(numbers) < 0 for numbers in postings.values()):
        raise KnowledgeError(f"compat/{INDEX_FILE} is malformed: a word holds no report")
    try:
        return _indexed(reports, postings, k, share)
    except IndexError:
        raise KnowledgeError(f"compat/{INDEX_FILE} is malformed: a word names a report it does not list") from None


def nearest(index: ReportIndex, words: frozenset[str]) -> list[Neighbour]:
    """The index's K reports nearest to a paste with these words, nearest first; none that shares no word."""
    known = [word for word in words if word in index.postings]
    if not known:
        return []
    dot: dict[int, float] = defaultdict(float)
    for word in known:
        weight = index.idf[word] ** 2
        for number in index.postings[word]:
            dot[number] += weight
    norm = math.sqrt(sum(index.idf[word] ** 2 for word in known))
    if norm == 0.0:
        return []
    similar = ((value / (norm * index.norms[number]), number) for number, value in dot.items()
               if value > 0.0 and index.norms[number] > 0.0)
    out = []
    for similarity, number in heapq.nlargest(index.k, similar):
        shared = sorted((word for word in known if _holds(index.postings[word], number)),
                        key=lambda word: (-index.idf[word], word))
        out.append(Neighbour(index.categories[number], index.sources[number], similarity, tuple(shared)))
    return out


def _holds(numbers: tuple[int, ...], number: int) -> bool:
    at = bisect_left(numbers, number)
    return at < len(numbers) and numbers[at] == number


def votes(neighbours: list[Neighbour]) -> dict[str, float]:
    """Each category's share of the nearest reports' similarity (summing to 1; empty where there are none)."""
    total = sum(n.similarity for n in neighbours)
    if total <= 0.0:
        return {}
    out: dict[str, float] = defaultdict(float)
    for neighbour in neighbours:
        out[neighbour.category] += neighbour.similarity / total
    return dict(out)
