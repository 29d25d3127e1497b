"""The network time bound under hostile servers on 127.0.0.1.

Runs the endpoint probes against every kind of bad server at once (never
answers, answers late, trickles headers or body, stops half-way, loops
redirects, refuses, a proxy that refuses CONNECT, a name that does not
resolve, TLS to a plain-HTTP port) and measures how long the caller waits,
for several deadlines. Then runs `yolodoctor facts --fast` end to end with
those servers as the mirror list, against `--offline`.

    python benchmarks/bench_network.py [--rounds N] [--json FILE]

Exits 1 when any run waited longer than its deadline plus --allowance.
Nothing leaves the machine: every address is on loopback or under .invalid.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import network_servers as ns  # noqa: E402
from yolodoctor.network.endpoints import Target  # noqa: E402
from yolodoctor.network.probe import probe_targets  # noqa: E402


def hostile_servers() -> list[ns.LoopbackServer]:
    behaviours = [ns.never_answer, ns.serve_routes({}, delay=120), ns.trickle(0.05), ns.header_trickle(0.05),
                  ns.half_headers, ns.half_body(), ns.redirect_loop, ns.accept_silently, ns.garbage,
                  ns.serve_routes({"/probe": (200, {}, b"ok" * 20000)}),  # one good server among them
                  ns.serve_routes({"/probe": (503, {}, b"busy")})]
    return [ns.LoopbackServer(b).start() for b in behaviours]


def targets_for(servers: list[ns.LoopbackServer], refusing_proxy: ns.LoopbackServer) -> tuple[list[Target], dict]:
    targets = [Target(kind="huggingface", name=f"s{i}", url=s.url, probe_path="/probe", role="mirror")
               for i, s in enumerate(servers)]
    targets.append(Target(kind="pypi", name="closed", url=f"http://127.0.0.1:{ns.closed_port()}", probe_path="/",
                          role="mirror"))
    targets.append(Target(kind="pypi", name="dns", url="https://nowhere.yolodoctor.invalid", probe_path="/",
                          role="mirror"))
    targets.append(Target(kind="pypi", name="tls", url=f"https://127.0.0.1:{servers[-1].port}", probe_path="/",
                          role="mirror"))
    # Through a proxy that refuses everything: NO_PROXY keeps the others direct.
    targets.append(Target(kind="github_releases", name="proxied", url="https://github.yolodoctor.test",
                          probe_path="/x", role="default"))
    env = {"HTTPS_PROXY": refusing_proxy.url, "NO_PROXY": "127.0.0.1,.invalid"}
    return targets, env


def bench_probes(rounds: int, deadlines: list[float]) -> list[dict]:
    servers = hostile_servers()
    proxy = ns.LoopbackServer(ns.refusing_proxy).start()
    rows = []
    try:
        targets, env = targets_for(servers, proxy)
        for deadline in deadlines:
            waits, statuses = [], {}
            for _ in range(rounds):
                started = time.monotonic()
                results = probe_targets(targets, env, deadline)
                waits.append(time.monotonic() - started)
                for r in results:
                    statuses[r.status] = statuses.get(r.status, 0) + 1
            rows.append({"what": f"probe_targets, {len(targets)} hostile endpoints", "deadline_s": deadline,
                         "rounds": rounds, "median_s": round(statistics.median(waits), 3),
                         "max_s": round(max(waits), 3), "statuses": statuses})
    finally:
        for server in servers + [proxy]:
            server.close()
    return rows


def bench_cli(rounds: int, deadline: float) -> list[dict]:
    servers = hostile_servers()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mirrors.toml"
            path.write_text(ns.mirrors_toml(
                endpoints=[{"kind": "huggingface", "name": f"s{i}", "url": s.url, "probe_path": "/probe"}
                           for i, s in enumerate(servers)],
                mirrors=[{"kind": "pypi", "name": "dns", "url": "https://nowhere.yolodoctor.invalid",
                          "probe_path": "/"}]))
            env = dict(os.environ, YOLODOCTOR_MIRRORS_FILE=str(path))
            for proxy_var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
                env.pop(proxy_var, None)
            rows = []
            for label, extra in (("facts --fast (network probed)", []), ("facts --fast --offline", ["--offline"])):
                waits = []
                for _ in range(rounds):
                    started = time.monotonic()
                    subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--fast", "--format", "json",
                                    "--network-timeout", str(deadline), *extra], cwd=str(ROOT), env=env,
                                   capture_output=True, timeout=120, check=True)
                    waits.append(time.monotonic() - started)
                rows.append({"what": label, "deadline_s": deadline, "rounds": rounds,
                             "median_s": round(statistics.median(waits), 3), "max_s": round(max(waits), 3)})
            return rows
    finally:
        for server in servers:
            server.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deadlines", default="0.5,1,3")
    parser.add_argument("--allowance", type=float, default=0.05, help="seconds a run may exceed its deadline")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    deadlines = [float(d) for d in args.deadlines.split(",")]
    rows = bench_probes(args.rounds, deadlines) + bench_cli(max(1, args.rounds // 2), 1.0)
    failed = False
    for row in rows:
        over = row["max_s"] - row["deadline_s"] if "statuses" in row else None
        verdict = "" if over is None else ("  OK" if over <= args.allowance else "  OVER THE BOUND")
        failed |= over is not None and over > args.allowance
        print(f"{row['what']:<45} deadline {row['deadline_s']:>4}s  median {row['median_s']:.3f}s  "
              f"max {row['max_s']:.3f}s{verdict}")
        if "statuses" in row:
            print(f"    outcomes over {row['rounds']} rounds: {row['statuses']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
