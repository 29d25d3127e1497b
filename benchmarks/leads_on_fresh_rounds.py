"""How the leads do on reports no reader was written for: a round's dev reports, triaged by the code from before
that round, with the word model and the nearest-reports index learnt only from the dev reports of the earlier rounds.

    python benchmarks/leads_on_fresh_rounds.py                        # rounds 11 to 18, at their starting commits
    python benchmarks/leads_on_fresh_rounds.py --round "round 12=2e8fd59"
    python benchmarks/leads_on_fresh_rounds.py --share 0                 # the word model alone, no nearest reports

Cross-validation on dev (train_report_words.py) flatters the readers: they were written for those very reports. A
round's own dev reports, as the code before the round met them, are the closest stand-in for an unseen report that
the dev split holds; the test split stays unread. For each lead threshold it prints top-1 and top-3 with the leads
added under each of POLICIES (where nothing is proven; after proven causes; with or without the gate of a paste that
tells of trouble; after proven causes only where none is certain, or none the words resemble, as `check --from`
does). Each round's
old code runs from a temporary git worktree, in its own process. Needs git and numpy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import train_report_words as words_model  # noqa: E402
from yolodoctor.ingest import leads as leads_policy  # noqa: E402
from report_split import REPORTS  # noqa: E402
from triage_accuracy import ROUNDS  # noqa: E402

# The commit each round started from: the last one before its first merge.
ROUND_STARTS = {"round 11": "011cb11", "round 12": "2e8fd59", "round 13": "58f909c", "round 14": "4ee6a17",
                "round 15": "66d96be", "round 16": "75c91d1",
                "round 17": "328fb04", "round 18": "d102e68", "round 19": "c44ca30",
                "round 20": "cc13dd3", "round 21": "d1610bb",
                "round 22": "24af6ed", "round 23": "c5570b2"}
THRESHOLDS = (0.05, 0.1)
# Where leads are added to what the old code ranks (after it, never above). The first is what `check --from` did up to
# round 14, the fourth what it did up to round 19, the fifth what it does since (ingest.leads: a certain cause the
# words doubt gets leads too); the gate (resemblance.TROUBLE) is today's for every round. Each policy is given the
# proven causes with their certainty, whether the paste tells of trouble, and each category's probability for its words
# by the word model alone (as ingest.leads weighs a certain cause).


def _none_certain(found, trouble, probability):
    return trouble and not any(certainty == "certain" for _, certainty in found)


def _none_certain_or_doubted(found, trouble, probability):
    return trouble and all(probability.get(category, 0.0) < leads_policy.DOUBT
                           for category, certainty in found if certainty == "certain")


POLICIES = {
    "where nothing is proven and the paste tells of trouble": lambda found, trouble, probability: not found and trouble,
    "where nothing is proven": lambda found, trouble, probability: not found,
    "after the proven, where the paste tells of trouble": lambda found, trouble, probability: trouble,
    "after the proven, where none is certain and the paste tells of trouble": _none_certain,
    "after the proven, where none is certain or the words doubt the certain ones (under DOUBT), and the paste tells "
    "of trouble (check --from)": _none_certain_or_doubted,
    "always, after the proven": lambda found, trouble, probability: True,
}

# Run inside the old checkout: the categories `check --from` ranks for each paste, leads left out.
_OLD_TRIAGE = """
import json, sys
from yolodoctor.diagnose.engine import run
from yolodoctor.ingest import ingest_path
from yolodoctor.ingest.check_from import category_areas
from yolodoctor.ingest.triage import triage
areas = category_areas()
for path in sys.argv[1:]:
    result = ingest_path(path)
    findings = triage(result, run(result.facts, None, None).findings, areas)
    print(json.dumps([[f.category, f.certainty] for f in findings if not f.id.startswith("resembles:")]))
"""


def old_triage(commit: str, paths: list[Path]) -> list[list[list[str]]]:
    """The categories the code at `commit` ranks for each paste, each with its certainty."""
    with tempfile.TemporaryDirectory() as parent:
        tree = Path(parent) / "tree"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), commit],
                       check=True)
        try:
            done = subprocess.run([sys.executable, "-c", _OLD_TRIAGE, *map(str, paths)], cwd=tree,
                                  env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                                  capture_output=True, text=True, check=True)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
    return [json.loads(line) for line in done.stdout.splitlines()]


def number(file: str) -> int:
    return int(file.split("-", 1)[0])


def measure(name: str, commit: str, rows: list[dict], dump: list[dict] | None = None) -> None:
    from yolodoctor.diagnose.model import CATEGORIES
    from yolodoctor.ingest.resemblance import ranked as ranked_by

    first, last = next((lo, hi) for lo, hi, label in ROUNDS if label == name)
    fresh = [row for row in rows if first <= number(row["file"]) <= last]
    earlier = [row for row in rows if number(row["file"]) < first]
    categories = [c for c in CATEGORIES if any(row["category"] == c for row in earlier)]
    model = words_model.trained(earlier, categories)
    proven = old_triage(commit, [REPORTS / row["file"] for row in fresh])
    print(f"{name}: {len(fresh)} dev reports, triaged by {commit}; word model and nearest reports "
          f"(share {words_model.SHARE}) from {len(earlier)} earlier dev reports")
    # Each paste's leads (word model and nearest reports) and its word model's own probabilities, ranked once.
    orders = [words_model.ranked(model, row["words"]) for row in fresh]
    alone = [dict(ranked_by(model[0], None, row["words"])[0]) for row in fresh]
    if dump is not None:
        dump.extend({"round": name, "file": row["file"], "category": row["category"], "trouble": row["trouble"],
                     "found": found, "leads": order[:words_model.LIMIT], "words": probability}
                    for row, found, order, probability in zip(fresh, proven, orders, alone))
    for threshold in THRESHOLDS:
        for policy, adds_leads in POLICIES.items():
            top1 = top3 = beside_right = 0
            for row, found, order, probability in zip(fresh, proven, orders, alone):
                leads = [c for c, p in order[:words_model.LIMIT] if p >= threshold]
                shown = [category for category, *_ in found]
                if adds_leads(found, row["trouble"], probability):
                    shown = list(dict.fromkeys(shown + leads))[:max(len(found), words_model.LIMIT)]
                top1 += shown[:1] == [row["category"]]
                top3 += row["category"] in shown[:3]
                # the cost: notes after a first answer that was right already
                beside_right += bool(found) and found[0][0] == row["category"] and len(shown) > len(found)
            print(f"  leads from {threshold:.0%}, {policy}: top-1 {top1}/{len(fresh)}, top-3 {top3}/{len(fresh)}; "
                  f"leads beside a right first cause: {beside_right}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", action="append", default=[], metavar="NAME=COMMIT",
                        help="a round of triage_accuracy.ROUNDS and the commit it started from")
    parser.add_argument("--share", type=float, default=words_model.SHARE,
                        help="the nearest reports' share in a lead's probability (0: the word model alone)")
    parser.add_argument("--dump", type=Path, metavar="FILE",
                        help="also write each fresh paste's old ranking, leads and word probabilities as JSON")
    args = parser.parse_args()
    words_model.SHARE = args.share
    starts = dict(item.split("=", 1) for item in args.round) or ROUND_STARTS
    rows = words_model.read_reports()
    dump: list[dict] | None = [] if args.dump else None
    for name, commit in starts.items():
        measure(name, commit, rows, dump)
    if args.dump:
        args.dump.write_text(json.dumps(dump, indent=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
