"""How often `check --from` names the established root cause of real reports.

    python benchmarks/triage_accuracy.py [--markdown] [--signals-only]

For every report in tests/fixtures/reports/manifest.toml (each with the root
cause its public thread established), runs the same pipeline as
`yolodoctor check --from FILE` (ingest, the rules on the pasted facts, the
error signals folded in, ranking) and checks whether the first finding's
category is the established one (top-1) and whether it is among the first
three (top-3). --signals-only ranks the error signals alone, without the rules,
to show what each half contributes. Prints a summary and one row per report;
--markdown prints the table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "tests" / "fixtures" / "reports"
sys.path.insert(0, str(REPO))

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def ranked_categories(path: Path, signals_only: bool) -> list[str]:
    from yolodoctor.ingest import ingest_path
    from yolodoctor.ingest.check_from import build_pasted_report, category_areas
    from yolodoctor.ingest.triage import triage
    from yolodoctor.report.check_report import CheckOptions

    result = ingest_path(str(path))
    if signals_only:
        return [f.category for f in triage(result, [], category_areas())]
    document = build_pasted_report(result, CheckOptions()).document
    return [f["category"] for f in document["findings"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the per-report table as Markdown")
    parser.add_argument("--signals-only", action="store_true", help="rank the error signals alone (no rules)")
    args = parser.parse_args()
    manifest = tomllib.loads((REPORTS / "manifest.toml").read_text(encoding="utf-8"))["report"]
    rows, top1, top3 = [], 0, 0
    for report in manifest:
        categories = ranked_categories(REPORTS / report["file"], args.signals_only)
        first = categories[:1] == [report["category"]]
        within = report["category"] in categories[:3]
        top1 += first
        top3 += within
        rows.append((report["file"], report["category"], categories[:3], first, within))
    total = len(rows)
    mode = "error signals only" if args.signals_only else "rules + error signals (check --from)"
    print(f"{mode}: top-1 {top1}/{total} = {top1 / total:.0%}, top-3 {top3}/{total} = {top3 / total:.0%}")
    if args.markdown:
        print()
        print("| report | established | ranked first three | top-1 | top-3 |")
        print("|---|---|---|---|---|")
        for name, established, first_three, first, within in rows:
            print(f"| {name} | {established} | {', '.join(first_three) or '(none)'} | {'yes' if first else 'no'} "
                  f"| {'yes' if within else 'no'} |")
    else:
        for name, established, first_three, first, within in rows:
            mark = "ok " if first else ("top3" if within else "MISS")
            print(f"{mark:5s} {name:62s} {established:22s} -> {', '.join(first_three) or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
