"""The locked dev/test split of the real-report corpus (tests/fixtures/reports).

The rule is fixed and independent of the diagnosis: a report belongs to the test
split when the first eight hex digits of sha256(its source URL), read as an
integer, modulo 100 are below TEST_PERCENT. The resulting test list is frozen in
tests/fixtures/reports/split.toml with a checksum; tests keep the rule, the frozen
list and the manifest in agreement, so a report can never move between splits.

    python benchmarks/report_split.py          # print the split
    python benchmarks/report_split.py --write  # (re)write split.toml from the manifest
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "tests" / "fixtures" / "reports"
SPLIT_FILE = REPORTS / "split.toml"
TEST_PERCENT = 35  # fixed before any measurement; gives >= 30 % test on this corpus

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def split_of(source: str) -> str:
    bucket = int(hashlib.sha256(source.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_PERCENT else "dev"


def load_manifest() -> list[dict]:
    return tomllib.loads((REPORTS / "manifest.toml").read_text(encoding="utf-8"))["report"]


def list_checksum(files: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(files)).encode("utf-8")).hexdigest()


def frozen_test_files() -> tuple[list[str], str]:
    data = tomllib.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    return list(data["test"]["files"]), data["test"]["sha256"]


def write_split(manifest: list[dict]) -> None:
    test = sorted(r["file"] for r in manifest if split_of(r["source"]) == "test")
    lines = [
        "# The locked test split of the real-report corpus: written once by benchmarks/report_split.py --write,",
        "# from the rule there (sha256 of the source URL). Tuning uses the dev split only; the test split is",
        "# measured, never tuned to. sha256 is the checksum of the sorted file list joined by newlines.",
        "",
        "[test]",
        f'rule = "int(sha256(source)[:8], 16) % 100 < {TEST_PERCENT}"',
        f'sha256 = "{list_checksum(test)}"',
        "files = [",
        *[f'  "{name}",' for name in test],
        "]",
        "",
    ]
    SPLIT_FILE.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write split.toml from the manifest")
    args = parser.parse_args()
    manifest = load_manifest()
    if args.write:
        write_split(manifest)
    test = [r for r in manifest if split_of(r["source"]) == "test"]
    print(f"{len(manifest)} reports: {len(manifest) - len(test)} dev, {len(test)} test "
          f"({len(test) / len(manifest):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
