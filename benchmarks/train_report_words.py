"""Train the word model of ingest.resemblance on the dev split of the report corpus; write compat/report_words.toml.

    python benchmarks/train_report_words.py            # train, print the cross-validated figures
    python benchmarks/train_report_words.py --write    # ... and write compat/report_words.toml

Only dev reports are read (benchmarks/report_split.py): the test split stays unseen. Each report's words are
read the way `check --from` reads a paste (ingest, then resemblance.words_of on its sample). The model is a
multinomial logistic regression on which words a paste contains (each word 1, scaled by 1/sqrt(number of known
words)), fitted by full-batch gradient descent from zero with a small L2 penalty: deterministic, no seed. Words
that fewer than MIN_REPORTS dev reports contain are left out, and weights smaller than PRUNE are dropped, which
keeps the table small. Five-fold cross-validation on dev (folds by a hash of the file name) gives the figures it
prints: over all dev reports, and over those in which nothing else is found (where a lead is shown).

Needs numpy (installed with the test extras).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from report_split import REPORTS, load_manifest, split_of  # noqa: E402

OUT = REPO / "compat" / "report_words.toml"
NEIGHBOURS_OUT = REPO / "compat" / "report_neighbours.toml"
MIN_REPORTS = 2
L2 = 1e-4
EPOCHS = 400
STEP = 20.0
PRUNE = 0.3
MIN_PROBABILITY = 0.05  # chosen by cross-validation on dev: 0.1 -> 0.05 put the right category among the leads more often
LIMIT = 3
THRESHOLDS = (0.03, 0.05, 0.1, 0.15)  # the cross-validation reports each, to show the choice of MIN_PROBABILITY
FOLDS = 5
# The nearest reports (ingest.neighbours): how many vote, and their votes' share in a lead's probability. Chosen on
# the fresh rounds (benchmarks/leads_on_fresh_rounds.py, dev only): 25 and 0.3 of 10-50 and 0.2-0.5 put the right
# category among the first three most often; the neighbours alone did worse than the word model alone.
NEIGHBOURS = 25
SHARE = 0.3


def read_reports() -> list[dict]:
    """Every dev report: file, category, words, whether anything but a lead is found in it, and whether it tells
    of trouble (the gate before any lead)."""
    from yolodoctor.diagnose.engine import run
    from yolodoctor.ingest import ingest_path
    from yolodoctor.ingest.check_from import category_areas
    from yolodoctor.ingest.leads import LEAD_PREFIX
    from yolodoctor.ingest.resemblance import shows_trouble, words_of
    from yolodoctor.ingest.triage import triage

    areas = category_areas()
    rows = []
    for report in load_manifest():
        if split_of(report["source"]) != "dev":
            continue
        result = ingest_path(str(REPORTS / report["file"]))
        findings = triage(result, run(result.facts, None, None).findings, areas)
        rows.append({"file": report["file"], "category": report["category"], "source": report["source"],
                     "words": words_of(result.sample),
                     "found": any(not f.id.startswith(LEAD_PREFIX) for f in findings),
                     "trouble": shows_trouble(result.sample)})
    return rows


def fit(rows: list[dict], categories: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    counts = Counter(word for row in rows for word in row["words"])
    vocabulary = sorted(word for word, n in counts.items() if n >= MIN_REPORTS)
    column = {word: i for i, word in enumerate(vocabulary)}
    x = np.zeros((len(rows), len(vocabulary)), dtype=np.float64)
    for r, row in enumerate(rows):
        for word in row["words"]:
            if word in column:
                x[r, column[word]] = 1.0
    x /= np.maximum(1.0, np.sqrt(x.sum(axis=1, keepdims=True)))
    y = np.eye(len(categories))[[categories.index(row["category"]) for row in rows]]
    w = np.zeros((len(vocabulary), len(categories)))
    b = np.zeros(len(categories))
    for _ in range(EPOCHS):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        gradient = (p - y) / len(rows)
        w -= STEP * (x.T @ gradient + L2 * w)
        b -= STEP * gradient.sum(axis=0)
    w = np.where(np.abs(w) > PRUNE, np.round(w, 2), 0.0)
    return vocabulary, w, np.round(b, 3)


def as_model(categories: list[str], vocabulary: list[str], w: np.ndarray, b: np.ndarray):
    from yolodoctor.ingest.resemblance import WordModel

    weights = {}
    for i, word in enumerate(vocabulary):
        row = tuple((int(j), float(w[i, j])) for j in np.nonzero(w[i])[0])
        if row:
            weights[word] = row
    return WordModel(tuple(categories), tuple(float(v) for v in b), weights, MIN_PROBABILITY, LIMIT)


def index_of(rows: list[dict]):
    """The nearest-reports index of ingest.neighbours over these reports."""
    from yolodoctor.ingest.neighbours import build_index

    return build_index([(row["category"], row["source"], row["words"]) for row in rows], NEIGHBOURS, SHARE,
                       MIN_REPORTS)


def trained(rows: list[dict], categories: list[str]):
    """What the leads rank with, learnt from these reports: the word model and the nearest-reports index."""
    return as_model(categories, *fit(rows, categories)), index_of(rows)


def ranked(leads, words: frozenset[str]) -> list[tuple[str, float]]:
    """Every category with its probability for a paste with these words, as `check --from` ranks the leads."""
    from yolodoctor.ingest.resemblance import ranked as ranked_by

    model, index = leads
    return ranked_by(model, index, words)[0]


def cross_validate(rows: list[dict], categories: list[str]) -> None:
    fold = {row["file"]: int(hashlib.sha256(row["file"].encode()).hexdigest()[:8], 16) % FOLDS for row in rows}
    tally = Counter()
    for k in range(FOLDS):
        leads = trained([r for r in rows if fold[r["file"]] != k], categories)
        for row in (r for r in rows if fold[r["file"]] == k):
            order = ranked(leads, row["words"])
            for subset in ("all", "nothing found") if not row["found"] else ("all",):
                tally[subset, "n"] += 1
                tally[subset, "top1"] += order[0][0] == row["category"]
                for threshold in THRESHOLDS:
                    shown = [c for c, p in order[:LIMIT] if p >= threshold]
                    tally[subset, "shown1", threshold] += shown[:1] == [row["category"]]
                    tally[subset, "shown", threshold] += row["category"] in shown
                    tally[subset, "count", threshold] += len(shown)
    for subset in ("all", "nothing found"):
        n = tally[subset, "n"]
        print(f"{FOLDS}-fold on dev, {subset} ({n}): model's first {tally[subset, 'top1']}/{n}")
        for threshold in THRESHOLDS:
            mark = " (in use)" if threshold == MIN_PROBABILITY else ""
            print(f"  leads of at least {threshold:.0%}{mark}: first right {tally[subset, 'shown1', threshold]}/{n}; "
                  f"among the leads shown {tally[subset, 'shown', threshold]}/{n}; "
                  f"leads per paste {tally[subset, 'count', threshold] / max(1, n):.2f}")


def write(rows: list[dict], categories: list[str]) -> None:
    vocabulary, w, b = fit(rows, categories)
    model = as_model(categories, vocabulary, w, b)
    files = sorted(row["file"] for row in rows)
    numbers = " ".join(f.split("-", 1)[0] for f in files)
    lines = [
        "# The word model of ingest.resemblance: which words of a paste go with which root cause. Generated by",
        "# benchmarks/train_report_words.py --write from the dev split of tests/fixtures/reports; do not edit by hand.",
        "",
        "[tables.model]",
        'source = ["tests/fixtures/reports (dev split, benchmarks/report_split.py): real public reports, each with '
        'the root cause its thread established; the URL of each is in manifest.toml"]',
        f'read = "{datetime.date.today().isoformat()}"',
        f'note = "multinomial logistic regression on word presence, L2 {L2}, {EPOCHS} steps of {STEP}; words in at '
        f'least {MIN_REPORTS} reports; weights under {PRUNE} dropped"',
        "",
        "[model]",
        f"min_probability = {MIN_PROBABILITY}",
        f"limit = {LIMIT}",
        "categories = [" + ", ".join(f'"{c}"' for c in categories) + "]",
        "bias = [" + ", ".join(f"{v:g}" for v in model.bias) + "]",
        f'trained_on_sha256 = "{hashlib.sha256(chr(10).join(files).encode()).hexdigest()}"',
        f'trained_on = "{numbers}"  # the file numbers of the dev reports it was fitted on',
        "",
        "[weights]",
    ]
    for word in sorted(model.weights):
        lines.append(f'"{word}" = "' + " ".join(f"{i}:{v:g}" for i, v in model.weights[word]) + '"')
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(model.weights)} words, {len(files)} reports")
    write_neighbours(rows)


def write_neighbours(rows: list[dict]) -> None:
    """compat/report_neighbours.toml: each dev report's category and source, and for each word held by MIN_REPORTS
    of them, the reports that hold it."""
    index = index_of(rows)
    vocabulary = sorted(index.postings)
    files_of = {word: [rows[n]["file"] for n in index.postings[word]] for word in vocabulary}
    ordered = sorted(rows, key=lambda row: row["file"])
    lines = [
        "# The nearest-reports index of ingest.neighbours: the words of each dev report of the corpus, "
        "its root cause and",
        "# its URL. Generated by benchmarks/train_report_words.py --write beside report_words.toml; "
        "do not edit by hand.",
        "",
        "[tables.neighbours]",
        'source = ["tests/fixtures/reports (dev split, benchmarks/report_split.py): real public reports, each with '
        'the root cause its thread established"]',
        f'read = "{datetime.date.today().isoformat()}"',
        f'note = "words held by at least {MIN_REPORTS} reports; the {NEIGHBOURS} nearest vote, with {SHARE} of a '
        'lead\'s probability"',
        "",
        "[neighbours]",
        f"k = {NEIGHBOURS}",
        f"share = {SHARE}",
        "reports = [",
    ]
    place = {row["file"]: i for i, row in enumerate(ordered)}
    lines += [f'  "{row["category"]} {row["source"]}",' for row in ordered]
    lines += ["]", "", "[neighbours.words]"]
    for word in vocabulary:
        holding = sorted(place[file] for file in files_of[word])
        lines.append(f"{_quoted(word)} = " + '"' + " ".join(map(str, holding)) + '"')
    NEIGHBOURS_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {NEIGHBOURS_OUT.relative_to(REPO)}: {len(vocabulary)} words, {len(ordered)} reports")


def _quoted(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write compat/report_words.toml")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args()
    from yolodoctor.diagnose.model import CATEGORIES

    rows = read_reports()
    categories = [c for c in CATEGORIES if any(r["category"] == c for r in rows)]
    if not args.no_cv:
        cross_validate(rows, categories)
    if args.write:
        write(rows, categories)
    return 0


if __name__ == "__main__":
    sys.exit(main())
