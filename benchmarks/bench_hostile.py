"""Throughput and memory of `check --from` reading on hostile and error-dense inputs.

    python benchmarks/bench_hostile.py [--mb M] [--runs N]

Each shape is generated to M MB (default 32) in a file and ingested in a fresh process (the whole
reading: reader, splitter, parsers, error scan), N times (default 3); the table gives the median
throughput and the peak RSS. Shapes: the issue reports that were quadratic before (long lines full of a
signature's needle, long lines before an `...Error:` line, one error line repeated), plus lines of one
character, a long unbroken line and a log with an error every few lines. Prints a Markdown table for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
from yolodoctor.ingest import ingest_path
started = time.perf_counter()
result = ingest_path(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "signals": len(result.signals)}))
"""

SHAPES = {
    "long lines holding a signature's needle (was 466 s for 1 MB)":
        ("x" * 2000 + " is not compatible with the current PyTorch installation ") * 4 + "\n",
    "8 KB lines before an `Error:` line (traceback frames)":
        "a" * 8000 + "\nRuntimeError: CUDA error: out of memory\n",
    "one error line repeated (`yes 'RuntimeError: CUDA error: out of memory'`)":
        "RuntimeError: CUDA error: out of memory\n",
    "dense mixed errors (a traceback every 6 lines)":
        "Traceback (most recent call last):\n  File \"/x/site-packages/torch/__init__.py\", line 1, in <module>\n"
        "ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory\n"
        "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.\n"
        "Failed to initialize NVML: Driver/library version mismatch\n"
        "Could not find a version that satisfies the requirement torch==9.9 (from versions: 2.4.0, 2.5.1)\n",
    "lines of spaces and digits": " " * 500 + "7" * 500 + "\n",
    "no newline at all": "File \"" * 10,
}


def make(path: Path, unit: str, megabytes: int) -> None:
    size = megabytes * 1000 * 1000
    block = unit * max(1, (1 << 20) // len(unit))
    with open(path, "w", encoding="utf-8") as fh:
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)


def run(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=REPO,
                         check=True, timeout=1800)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| input shape ({args.mb} MB) | throughput, median of {args.runs} | peak RSS |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, unit in SHAPES.items():
            path = Path(tmp) / "input.txt"
            make(path, unit, args.mb)
            size = os.path.getsize(path)
            reports = [run(path) for _ in range(args.runs)]
            seconds = statistics.median(r["seconds"] for r in reports)
            rss = max(r["peak_rss_mib"] for r in reports)
            print(f"| {label} | {size / 1e6 / seconds:.0f} MB/s ({seconds:.2f} s) | {rss:.0f} MiB |", flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
