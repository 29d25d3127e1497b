"""The torch import keeps a CPU to itself; yolodoctor's own work stays off it, then gets it back."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.harness.run import REPO
from yolodoctor.facts import cpus

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
                                reason="needs Linux CPU affinity and two CPUs")

PROBE_DIR = str(REPO / "yolodoctor" / "facts")


def _probe_affinity(has_torch: bool) -> list[int]:
    code = ("import json, os, sys; sys.path.insert(0, %r); import probe_target; "
            "probe_target._share_cpus_with_torch(%r); print(json.dumps(sorted(os.sched_getaffinity(0))))"
            % (PROBE_DIR, has_torch))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_torch_group_takes_the_last_cpu_and_the_other_group_the_rest():
    allowed = sorted(os.sched_getaffinity(0))
    assert _probe_affinity(True) == allowed[-1:]
    assert _probe_affinity(False) == allowed[:-1]


def test_this_process_stays_off_the_torch_cpu_until_restored():
    before = set(os.sched_getaffinity(0))
    try:
        assert cpus.keep_off_torch_cpu() is True
        assert set(os.sched_getaffinity(0)) == set(sorted(before)[:-1])
        assert cpus.keep_off_torch_cpu() is False  # once: the saved set is the original one
    finally:
        cpus.restore()
    assert set(os.sched_getaffinity(0)) == before
    cpus.restore()  # a second restore changes nothing
    assert set(os.sched_getaffinity(0)) == before


def test_a_check_gives_its_cpus_back_before_anything_else_runs(tmp_path):
    """After collection the command runs on every CPU it had: what it starts later (smoke) is not
    confined to fewer cores."""
    script = tmp_path / "probe_cpus.py"
    script.write_text(
        "import json, os, sys\n"
        "from yolodoctor.facts import target\n"
        "from yolodoctor.launch import main\n"
        "before = sorted(os.sched_getaffinity(0))\n"
        "seen = {}\n"
        "orig = target._run_items\n"
        "def spy(*a, **k):\n"
        "    seen.setdefault('during', sorted(os.sched_getaffinity(0)))\n"
        "    return orig(*a, **k)\n"
        "target._run_items = spy\n"
        "main(['facts', '--offline', '--format', 'json'])\n"
        "sys.stderr.write(json.dumps({'before': before, 'during': seen.get('during'),\n"
        "                             'after': sorted(os.sched_getaffinity(0))}) + '\\n')\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, cwd=str(REPO),
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    record = json.loads(proc.stderr.strip().splitlines()[-1])
    assert record["during"] == record["before"][:-1]
    assert record["after"] == record["before"]


def test_a_command_that_never_collects_still_gives_the_cpus_back():
    """The entry point sets the import's CPU aside before parsing; a usage error ends the command
    before collection, and the process (a test runner, a notebook calling main()) must not stay confined."""
    from yolodoctor.launch import main

    before = set(os.sched_getaffinity(0))
    assert main(["check", "--fail-on", "sometimes"]) == 64
    assert set(os.sched_getaffinity(0)) == before
