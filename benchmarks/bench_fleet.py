"""What `yolodoctor fleet` costs.

    python benchmarks/bench_fleet.py [--nodes 1000] [--runs 5] [--engines]

Measures, on this machine:
  1. aggregation: `fleet --from DIR` over N check reports (real documents of tests/fixtures/facts,
     diagnosed once, assigned to nodes as a fleet would look: mostly healthy, a few drifting),
     in-process, median of --runs: reading + judging + drift + groups + rendering the JSON;
  2. its peak Python memory (tracemalloc) against N, to show it stays bounded by the per-node summary
     and not the reports' size;
  3. with --engines: the per-node overhead of the engine paths on the local clusters tests/engines.py
     starts (3 Slurm nodes, 3 Ray nodes): the fleet's wall time against the slowest node's own check.
Prints Markdown tables for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "facts"
sys.path.insert(0, str(REPO))

# A fleet's usual shape: most nodes like the healthy one, a few drifting in known ways (per 1000).
MIX = (("healthy-rtx4090-cu124", 940), ("driver-535-torch-cu124-minor-compat", 30),
       ("cpu-torch-on-gpu-with-flash-attn", 15), ("docker-shm-64m-healthy-gpu", 10), ("driver-470-torch-cu124", 5))


def documents() -> dict[str, str]:
    from yolodoctor.commands.check_cmd import build_report
    from yolodoctor.facts.model import facts_from_dict
    from yolodoctor.report.check_report import CheckOptions

    out = {}
    for name, _ in MIX:
        facts = facts_from_dict(json.loads((FIXTURES / f"{name}.json").read_text()))
        out[name] = json.dumps(build_report(facts, CheckOptions(offline=True)).document, indent=2)
    return out


def write_fleet(directory: Path, nodes: int, docs: dict[str, str]) -> int:
    kinds = [name for name, share in MIX for _ in range(share)]
    size = 0
    for i in range(nodes):
        text = docs[kinds[(i * 7919) % len(kinds)]]  # spread the odd nodes through the fleet
        (directory / f"gpu{i:04d}.json").write_text(text)
        size += len(text)
    return size


def aggregate(directory: Path) -> dict:
    from yolodoctor.fleet.aggregate import build_fleet_document
    from yolodoctor.fleet.gather_files import gather
    from yolodoctor.report.check_report import CheckOptions

    doc = build_fleet_document(gather([str(directory)], CheckOptions(offline=True)), "files", "warning")
    json.dumps(doc)
    return doc


def bench_aggregation(nodes: int, runs: int, docs: dict[str, str]) -> list[str]:
    rows = ["| nodes | reports on disk | median | per node | peak Python memory |", "|---|---|---|---|---|"]
    for n in sorted({max(10, nodes // 10), nodes}):
        with tempfile.TemporaryDirectory() as tmp:
            size = write_fleet(Path(tmp), n, docs)
            aggregate(Path(tmp))  # imports and the page cache, once
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                doc = aggregate(Path(tmp))
                times.append(time.perf_counter() - t)
            tracemalloc.start()
            aggregate(Path(tmp))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert doc["summary"]["answered"] == n, doc["summary"]
        median = statistics.median(times)
        rows.append(f"| {n} | {size / 2 ** 20:.1f} MiB | {median * 1000:.0f} ms | {median / n * 1e6:.0f} µs | "
                    f"{peak / 2 ** 20:.1f} MiB |")
    return rows


def bench_engines() -> list[str]:
    import pytest

    from tests.engines import start_ray, start_slurm
    from tests.fleet_machines import build, node_env

    rows = ["| engine | nodes | fleet wall time | slowest node's own check | overhead |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        machines = {f"n{i}": node_env(build(kind, base / f"n{i}"), REPO)
                    for i, kind in enumerate(("healthy", "cpu-torch", "old-driver"), 1)}
        env = {"PYTHONPATH": str(REPO), "PATH": "/usr/local/bin:/usr/bin:/bin", "YOLODOCTOR_OFFLINE": "1"}
        import os

        env = {**os.environ, **env}
        for engine in ("slurm", "ray"):
            try:
                if engine == "slurm":
                    gen = start_slurm(base / "slurm", {f"yd{i}": e for i, e in enumerate(machines.values(), 1)})
                    cluster = next(gen)
                    argv, run_env = ["--slurm"], cluster.env()
                else:
                    gen = start_ray(machines)
                    cluster, _ = next(gen)
                    argv, run_env = ["--ray", cluster.address], env
            except (pytest.skip.Exception, pytest.fail.Exception) as exc:
                rows.append(f"| {engine} | – | not measured: {exc} | | |")
                continue
            try:
                for _ in range(2):  # the first run warms the nodes' page cache
                    t = time.perf_counter()
                    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", *argv, "--offline",
                                           "--format", "json"], capture_output=True, text=True, env=run_env,
                                          cwd=str(REPO), timeout=300)
                    wall = time.perf_counter() - t
                doc = json.loads(proc.stdout)
                slowest = doc["summary"]["node_seconds_max"] or 0.0
                rows.append(f"| {engine} | {doc['summary']['answered']} | {wall:.2f} s | {slowest:.2f} s | "
                            f"{wall - slowest:.2f} s |")
            finally:
                gen.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engines", action="store_true")
    args = parser.parse_args()
    docs = documents()
    print("\n".join(bench_aggregation(args.nodes, args.runs, docs)))
    if args.engines:
        print()
        print("\n".join(bench_engines()))


if __name__ == "__main__":
    main()
