"""How often `check --from` names the established root cause of real reports.

    python benchmarks/triage_accuracy.py [--split dev|test|all] [--markdown] [--signals-only] [--misses] [--by-round]

For every report in tests/fixtures/reports/manifest.toml (each with the root
cause its public thread established), runs the same pipeline as
`yolodoctor check --from FILE` (ingest, the rules on the pasted facts, the
error signals folded in, ranking) and checks whether the first finding's
category is the established one (top-1) and whether it is among the first
three (top-3). Reports are scored per split of the locked dev/test split
(benchmarks/report_split.py): tune on dev, read test. --signals-only ranks the
error signals alone, without the rules, to show what each half contributes.
--markdown prints the per-category table and the confusion table (established
category -> first-ranked category, misses only) for docs/performance.md;
--misses lists every report whose first finding is wrong; --by-round splits each
split's figure by the round of collection its file number belongs to (ROUNDS), so
reports that no mechanism was written beside can be read apart.

Where nothing in a report proves a cause, or only likely causes fewer than three, `check --from` shows leads after
them: what the paste's words resemble (ingest.resemblance, a word model trained on the dev split). Each figure is given with them, as the command shows
them, and without them; on dev the model has seen the reports, so its honest dev figure is the cross-validated one
that benchmarks/train_report_words.py prints. --misses marks a report whose findings include leads with "L".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "tests" / "fixtures" / "reports"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from report_split import load_manifest, split_of  # noqa: E402


def ranked_findings(path: Path, signals_only: bool) -> list[tuple[str, bool]]:
    """(category, is a lead) of each finding, in rank order."""
    from yolodoctor.ingest import ingest_path
    from yolodoctor.ingest.check_from import build_pasted_report, category_areas
    from yolodoctor.ingest.leads import LEAD_PREFIX
    from yolodoctor.ingest.triage import triage
    from yolodoctor.report.check_report import CheckOptions

    result = ingest_path(str(path))
    if signals_only:
        return [(f.category, f.id.startswith(LEAD_PREFIX)) for f in triage(result, [], category_areas())]
    document = build_pasted_report(result, CheckOptions()).document
    return [(f["category"], f["id"].startswith(LEAD_PREFIX)) for f in document["findings"]]


def ranked_categories(path: Path, signals_only: bool) -> list[str]:
    return [category for category, _lead in ranked_findings(path, signals_only)]


def score(manifest: list[dict], signals_only: bool) -> list[dict]:
    rows = []
    for report in manifest:
        findings = ranked_findings(REPORTS / report["file"], signals_only)
        ranked = [category for category, _lead in findings]
        proven = [category for category, lead in findings if not lead]
        rows.append({
            "file": report["file"], "split": split_of(report["source"]), "established": report["category"],
            "ranked": ranked[:3], "top1": ranked[:1] == [report["category"]],
            "top3": report["category"] in ranked[:3], "confirmed": report.get("confirmed", True),
            "lead": len(proven) < len(ranked), "proven_top1": proven[:1] == [report["category"]],
            "proven_top3": report["category"] in proven[:3],
        })
    return rows


# The collection rounds, by fixture number: (first, last, name). Each round's mechanisms were written from its
# own dev reports; its test reports are the first unseen measure of them.
ROUNDS = ((0, 499, "rounds 1-3"), (500, 999, "round 4"), (1000, 1399, "round 5"), (1400, 1899, "round 6"),
          (1900, 2999, "round 7"), (3000, 3999, "round 8"), (4000, 4999, "round 9"),
          (5000, 5999, "round 10"), (6000, 6999, "round 11"), (7000, 7999, "round 12"),
          (8000, 8999, "round 13"), (9000, 9999, "round 14"),
          (10000, 10999, "round 15"), (11000, 11999, "round 16"),
          (12000, 12999, "round 17"), (13000, 13999, "round 18"),
          (14000, 14999, "round 19"), (15000, 15999, "round 20"),
          (16000, 17999, "round 21"), (18000, 19999, "round 22"),
          (20000, 21999, "round 23"))


def round_of(file_name: str) -> str:
    number = int(file_name.split("-", 1)[0])
    return next(name for first, last, name in ROUNDS if first <= number <= last)


def summary_line(name: str, rows: list[dict]) -> str:
    n = len(rows) or 1
    t1 = sum(r["top1"] for r in rows)
    t3 = sum(r["top3"] for r in rows)
    line = f"{name}: top-1 {t1}/{len(rows)} = {t1 / n:.0%}, top-3 {t3}/{len(rows)} = {t3 / n:.0%}"
    leads = [r for r in rows if r["lead"]]
    if not leads:
        return line
    p1 = sum(r["proven_top1"] for r in rows)
    p3 = sum(r["proven_top3"] for r in rows)
    return (line + f"; without the {len(leads)} word-model leads: top-1 {p1}/{len(rows)} = {p1 / n:.0%}, "
            f"top-3 {p3}/{len(rows)} = {p3 / n:.0%}")


def per_category(rows: list[dict]) -> dict[str, tuple[int, int, int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        entry = table[r["established"]]
        entry[0] += 1
        entry[1] += r["top1"]
        entry[2] += r["top3"]
    return {k: tuple(v) for k, v in sorted(table.items())}


def markdown(rows_by_split: dict[str, list[dict]]) -> list[str]:
    """The per-category and confusion tables of the splits given (`--split dev` shows dev alone:
    tuning must never see the test split's columns)."""
    names = [name for name in ("dev", "test") if name in rows_by_split]
    header = "| category | " + " | ".join(f"{n} n | {n} top-1 | {n} top-3" for n in names) + " |"
    out = [header, "|---|" + "---|---|---|" * len(names)]
    tables = {name: per_category(rows_by_split[name]) for name in names}
    for category in sorted(set().union(*(tables[n] for n in names))):
        cells = []
        for name in names:
            n, t1, t3 = tables[name].get(category, (0, 0, 0))
            cells += [str(n), f"{t1 / n:.0%}" if n else "-", f"{t3 / n:.0%}" if n else "-"]
        out.append(f"| {category} | " + " | ".join(cells) + " |")
    out += ["", "Confusion (misses only: established -> ranked first), per split:", "",
            "| split | established | ranked first | reports |", "|---|---|---|---|"]
    for name in names:
        pairs = Counter((r["established"], r["ranked"][0] if r["ranked"] else "(none)")
                        for r in rows_by_split[name] if not r["top1"])
        for (established, first), count in sorted(pairs.items()):
            out.append(f"| {name} | {established} | {first} | {count} |")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--markdown", action="store_true", help="print the per-category and confusion tables")
    parser.add_argument("--signals-only", action="store_true", help="rank the error signals alone (no rules)")
    parser.add_argument("--misses", action="store_true", help="list the reports whose first finding is wrong")
    parser.add_argument("--by-round", action="store_true", help="each split's figure per round of collection")
    args = parser.parse_args()
    rows = score(load_manifest(), args.signals_only)
    by_split = {"dev": [r for r in rows if r["split"] == "dev"], "test": [r for r in rows if r["split"] == "test"]}
    mode = "error signals only" if args.signals_only else "rules + error signals (check --from)"
    print(mode)
    for name in ("dev", "test"):
        if args.split in (name, "all"):
            print("  " + summary_line(name, by_split[name]))
            if args.by_round:
                for _first, _last, round_name in ROUNDS:
                    part = [r for r in by_split[name] if round_of(r["file"]) == round_name]
                    if part:
                        print("    " + summary_line(f"{name}, {round_name}", part))
    if args.markdown:
        print()
        shown = {name: rows for name, rows in by_split.items() if args.split in (name, "all")}
        print("\n".join(markdown(shown)))
    if args.misses:
        for r in rows:
            if args.split in (r["split"], "all") and not r["top1"]:
                mark = ("top3" if r["top3"] else "MISS") + ("L" if r["lead"] else " ")
                print(f"{r['split']:4s} {mark:5s} {r['file']:58s} {r['established']:22s} -> "
                      f"{', '.join(r['ranked']) or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
