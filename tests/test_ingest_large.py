"""A 100 MB training log (made once per test session) is read in bounded time and memory:
the head and tail in full, the middle scanned for error messages only."""

import json
import os
import subprocess
import sys

import pytest

from yolodoctor.ingest import ingest_path

SIZE = 100 * 1000 * 1000
PROGRESS = "      {}/300      7.85G      1.234      2.345      1.111        123        640: 100%|██████████| 500/500\n"
# Peak memory from VmHWM: getrusage's ru_maxrss keeps the pre-exec high-water mark of the
# forking parent on Linux, so it reports pytest's size, not the child's.
CHILD = """
import json, re, resource, sys, time
from yolodoctor.ingest import ingest_path
started = time.perf_counter()
result = ingest_path(sys.argv[1])
def peak_mib():
    try:
        with open("/proc/self/status") as fh:
            return int(re.search(r"VmHWM:\\s+(\\d+) kB", fh.read()).group(1)) / 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_rss_mib": peak_mib(),
    "signals": [[s.id, s.line, s.count] for s in result.signals],
    "lines": result.summary.lines, "notes": list(result.summary.notes),
    "torch": result.facts.torch.version, "driver": result.facts.nvidia.driver_version,
}))
"""


@pytest.fixture(scope="session")
def big_log(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "train.log"
    header = ("| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
              "Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.1.0+cu121 CUDA:0 (NVIDIA GeForce RTX 3090, 24135MiB)\n")
    block = "".join(PROGRESS.format(epoch % 300 + 1) for epoch in range(10000))
    written, line, oom_line = 0, 3, None
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header)
        while written < SIZE:
            fh.write(block)
            written += len(block.encode("utf-8"))
            line += block.count("\n")
            if oom_line is None and written > SIZE // 2:
                fh.write("RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 23.69 GiB total)\n")
                oom_line, line = line, line + 1
        fh.write("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error.\n")
    return path, oom_line, line


def test_a_100_mb_log_in_bounded_time_and_memory(big_log):
    path, oom_line, last_line = big_log
    assert os.path.getsize(path) >= SIZE
    # The timeout only guards against a hang; speed is measured in benchmarks/bench_ingest.py.
    run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=600,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["peak_rss_mib"] < 300, report["peak_rss_mib"]  # streamed: far below the size of the input
    assert report["lines"] == last_line
    assert ["cuda-out-of-memory", oom_line, 1] in report["signals"]  # found in the skipped middle
    assert ["dataloader-bus-error", last_line, 1] in report["signals"]  # at the very end
    assert (report["torch"], report["driver"]) == ("2.1.0+cu121", "535.104.05")  # the head is read in full
    assert any("only scanned for error messages" in note for note in report["notes"])


def test_megabytes_of_binary_junk_without_a_single_newline(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(os.urandom(5 * 1000 * 1000).replace(b"\n", b"x").replace(b"\r", b"y"))
    result = ingest_path(str(path))
    assert result.facts.origin == "pasted"
    assert any("cut at" in note for note in result.summary.notes)
