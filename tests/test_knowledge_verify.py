"""`yolodoctor knowledge verify`: recorded index responses replayed by a loopback server (PyPI JSON API,
PEP 503 pages with and without PEP 658, wheels read with HTTP Range only), the diff, and --write."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge_index_server import RecordedIndex

from yolodoctor.knowledge import compat
from yolodoctor.knowledge.files import data_dir
from yolodoctor.knowledge.remote import Http, RemoteError, read_zip_members
from yolodoctor.knowledge.tables import CompatSource
from yolodoctor.knowledge.verify import Verifier, write

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def index():
    recorded = RecordedIndex()
    running = recorded.serve()
    yield recorded, running.url
    running.close()


def _compat_copy(tmp_path: Path) -> Path:
    target = tmp_path / "compat"
    shutil.copytree(data_dir("compat"), target)
    return target


def _run(url: str, compat_dir: Path, *torch: str) -> "Report":
    verifier = Verifier(Http(timeout=5), CompatSource(compat_dir, "compat"), pypi=url, pytorch_index=f"{url}/whl")
    return verifier.run(list(torch))


def _by_what(report) -> dict:
    return {d.what: d for d in report.differences}


def test_range_reads_take_metadata_without_the_wheel(index):
    recorded, url = index
    path = "/whl/cu130/torch-2.14.1+cu130-cp312-cp312-manylinux_2_28_x86_64.whl"
    http = Http(timeout=5)
    members = read_zip_members(http, url + path, lambda n: n.endswith("METADATA") or n == "torch/version.py")
    assert b"nvidia-cudnn-cu13==9.24.0.43" in members["torch-2.14.1+cu130.dist-info/METADATA"]
    assert b"cuda: Optional[str] = '13.0'" in members["torch/version.py"]
    # The 4 MiB library was never sent: only the tail, the directory and two small members.
    assert recorded.sent[path] < 100_000 < recorded.wheel_sizes[path]


def test_a_server_that_ignores_range_is_refused_not_downloaded(index):
    recorded, url = index
    recorded.honour_range = False
    path = "/whl/cu132/torch-2.14.1+cu132-cp312-cp312-manylinux_2_28_x86_64.whl"
    with pytest.raises(RemoteError, match="ignores Range"):
        read_zip_members(Http(timeout=5), url + path, lambda n: True)


def test_current_tables_agree_with_the_recorded_indexes(index, tmp_path):
    _, url = index
    report = _run(url, _compat_copy(tmp_path), "2.14.1")
    found = _by_what(report)
    assert found["torch 2.14.1 cu132: cuDNN"].kind == "confirmed"
    assert found["torch 2.14.1 cu126: CUDA of the build"].found == "12.6"
    assert found["torch 2.14.1: cuDNN of the PyPI wheel"].kind == "confirmed"
    # The real torchvision 0.29.1 wheel accepts torch>=2.14.0 rather than pinning one release.
    assert found["torchvision 0.29.1: the torch range it accepts"].found == "torch>=2.14.0"
    assert found["torch 2.14.1: Python versions"].kind == "confirmed"
    assert found["torch: newest release"].found == "2.15.0"
    # What the captured PyPI listing knows and the tables (read 2026-11-22) do not:
    new = {d.what: d.found for d in report.problems() if d.kind == "new"}
    assert new == {"flash-attn: releases newer than the tables": "2.8.3.post2",
                   "nvidia-cudnn-cu13: releases newer than the tables": "9.27.0.42, 9.28.0.42, 9.28.1.4"}
    assert [d.line() for d in report.problems() if d.kind != "new"] == []


def test_the_old_tables_are_caught_and_written(index, tmp_path):
    """compat/cudnn.toml as it was before the audit lacked the 2.14 CUDA 13 rows: verify finds them
    missing, --write adds them with their source and date, and a second run confirms them."""
    _, url = index
    compat_dir = _compat_copy(tmp_path)
    old = subprocess.run(["git", "-C", str(ROOT), "show", "7285001:compat/cudnn.toml"], capture_output=True, text=True)
    if old.returncode != 0:
        pytest.skip("git history not available")
    (compat_dir / "cudnn.toml").write_text(old.stdout)
    report = _run(url, compat_dir, "2.14.1")
    found = _by_what(report)
    assert found["torch 2.14.1 cu132: cuDNN"].kind == "missing"
    assert found["torch 2.14.1 cu132: cuDNN"].found == "9.24.0.43"
    written = write(report, compat_dir, today="2030-01-02")
    assert any("cu132" in line for line in written)
    src = CompatSource(compat_dir, "compat")
    assert compat.validate(src) == []
    assert compat.cudnn_bundled("2.14.1", "cu132", src) == "9.24.0.43"
    text = (compat_dir / "cudnn.toml").read_text()
    assert 'read = "2030-01-02"' in text and "read by yolodoctor knowledge verify" in text
    assert "# cuDNN facts for yolodoctor" in text  # comments and the rest of the file kept
    again = _by_what(_run(url, compat_dir, "2.14.1"))
    assert again["torch 2.14.1 cu132: cuDNN"].kind == "confirmed"


def test_a_changed_value_in_a_single_release_row_is_rewritten(index, tmp_path):
    _, url = index
    compat_dir = _compat_copy(tmp_path)
    torch_toml = compat_dir / "torch.toml"
    text = torch_toml.read_text()
    text = text.replace('cudnn = "9.19.0.56"\nnote = "PyPI default switched',
                        'cudnn = "9.17.1.4"\nnote = "PyPI default switched')
    torch_toml.write_text(text)
    report = _run(url, compat_dir, "2.11.0")
    diff = _by_what(report)["torch 2.11.0: cuDNN of the PyPI wheel"]
    assert (diff.kind, diff.known, diff.found) == ("changed", "9.17.1.4", "9.19.0.56")
    assert "HTTP range reads" in diff.source and "/files/torch-2.11.0-cp314-cp314t-" in diff.source
    assert any(note.startswith("torchaudio 2.11.0 declares no torch requirement") for note in report.notes)
    assert _by_what(report)["torchvision 0.26.0: the torch it pins"].kind == "confirmed"  # torch==2.11.0
    write(report, compat_dir, today="2030-01-02")
    assert compat.torch_release("2.11.0", CompatSource(compat_dir, "compat")).cudnn == "9.19.0.56"


def test_the_newest_release_against_its_captured_wheels(index, tmp_path):
    _, url = index
    found = _by_what(_run(url, _compat_copy(tmp_path), "2.15.0"))
    assert found["torch 2.15.0: PyPI default CUDA variant"].found == "cu132"  # cuda-toolkit==13.2.2
    assert found["torch 2.15.0: cuDNN of the PyPI wheel"].kind == "confirmed"
    assert found["torch 2.15.0: Python versions"].kind == "confirmed"
    assert not any(what.startswith("torchaudio") for what in found)  # 2.15.0 records no torchaudio pair


def test_pep658_metadata_is_one_small_request(index):
    recorded, url = index
    from yolodoctor.knowledge.remote import IndexFile, wheel_metadata

    http = Http(timeout=5)
    path = "/whl/cu126/torch-2.14.1+cu126-cp313-cp313-manylinux_2_28_x86_64.whl"
    metadata, _, how = wheel_metadata(http, IndexFile(path.rsplit("/", 1)[1], url + path, True))
    assert how == "PEP 658 metadata file" and "nvidia-cudnn-cu12==9.10.2.21" in metadata
    assert http.requests == 1 and path not in recorded.sent


def test_an_unreachable_index_is_said_and_the_rest_verified(index, tmp_path):
    _, url = index
    compat_dir = _compat_copy(tmp_path)
    report = Verifier(Http(timeout=2), CompatSource(compat_dir, "compat"), pypi=url,
                      pytorch_index="http://127.0.0.1:9/whl").run(["2.14.1"])
    assert report.unreachable and "127.0.0.1:9" in report.unreachable[0]
    assert len(report.unreachable) == 1  # said once, not once per variant
    assert _by_what(report)["torch 2.14.1: cuDNN of the PyPI wheel"].kind == "confirmed"


def test_new_releases_are_listed(index, tmp_path):
    recorded, url = index
    data = json.loads(recorded.files["/pypi/torch/json"][1])
    # The world moves on: a release after the capture (added here, not recorded).
    data["releases"]["2.16.0"] = [{"filename": "torch-2.16.0-cp313-cp313-manylinux_2_28_x86_64.whl", "yanked": False}]
    data["releases"]["2.17.0rc1"] = [{"filename": "x.whl", "yanked": False}]  # a pre-release is not a release
    recorded.files["/pypi/torch/json"] = ("application/json", json.dumps(data).encode())
    report = _run(url, _compat_copy(tmp_path), "none")
    diff = _by_what(report)["torch: releases newer than the tables"]
    assert (diff.kind, diff.known, diff.found) == ("new", "2.15.0", "2.16.0")


def test_cli_verify_json_and_exit_code(index, tmp_path):
    _, url = index
    compat_dir = _compat_copy(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "knowledge", "verify", "--compat", str(compat_dir),
                           "--pypi", url, "--pytorch-index", f"{url}/whl", "--torch", "2.11.0", "--format", "json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_PROXY": "*"})
    data = json.loads(proc.stdout)
    # cu128 has no recorded index page (HTTP 404): said, and the rest is verified; exit 1 (warnings).
    assert proc.returncode == 1, proc.stderr
    assert any("/whl/cu128/torch/" in line for line in data["unreachable"])
    assert data["checked"] > 5 and data["bytes_received"] < 1_000_000
    assert any("fatbinaries" in note for note in data["notes"])


def test_cli_knowledge_show(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "knowledge", "--format", "json"], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["newest"]["torch"]["version"] == compat.torch_releases()[-1].version
    assert data["knowledge_date"] <= min(t["read"] for t in data["tables"] if t["file"] == "torch.toml")
    bad = subprocess.run([sys.executable, "-m", "yolodoctor", "knowledge", "--write"], capture_output=True,
                         text=True, timeout=60, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert bad.returncode == 64 and "verify" in bad.stderr and "Traceback" not in bad.stderr


def test_row_edits_keep_the_rest_of_the_file():
    from yolodoctor.knowledge.files import tomllib
    from yolodoctor.knowledge.toml_rows import TomlRows

    text = '''# header comment
[tables.release]
source = ["a"]
read = "2026-01-01"
note = """two
lines"""

[[release]]
version = "1.0"
python = ["3.9"]  # kept? replaced: the line is rewritten
verified = false

[[release]]
version = "2.0"
python = ["3.10"]
'''
    rows = TomlRows(text)
    assert rows.set("release", {"version": "1.0"}, "python", ["3.9", "3.10"])
    assert rows.drop("release", {"version": "1.0"}, "verified")
    assert not rows.set("release", {"version": "9.9"}, "python", [])
    rows.set_meta("release", "read", "2030-01-01")
    rows.add_source("release", "https://example.invalid/index")
    rows.append_row("release", {"version": "3.0", "python": ["3.12"]})
    data = tomllib.loads(rows.text)
    assert data["tables"]["release"] == {"source": ["a", "https://example.invalid/index"], "read": "2030-01-01",
                                         "note": "two\nlines"}
    assert [r["python"] for r in data["release"]] == [["3.9", "3.10"], ["3.10"], ["3.12"]]
    assert "verified" not in data["release"][0] and rows.text.startswith("# header comment\n")


def test_cli_nothing_reachable_is_exit_2_with_one_line_per_index(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "knowledge", "verify", "--compat",
                           str(_compat_copy(tmp_path)), "--pypi", "http://127.0.0.1:9", "--pytorch-index",
                           "http://127.0.0.1:9/whl", "--timeout", "2"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_PROXY": "*"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    unreachable = [line for line in proc.stdout.splitlines() if line.startswith("! unreachable")]
    assert len(unreachable) == 2 and "Traceback" not in proc.stderr
