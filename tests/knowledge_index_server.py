"""A loopback PyPI + PyTorch wheel index replaying tests/fixtures/knowledge/recorded_indexes.json.

Serves the PyPI JSON API (/pypi/<name>/json, with relative file URLs), PEP 503 simple pages
(/whl/<variant>/torch/, with data-dist-info-metadata where the recording says PEP 658 is served),
`<wheel>.metadata` files, and the wheels themselves: real zip files built here with the recorded
METADATA, a torch/version.py and a large stored library, served with HTTP Range support. It counts
the bytes it sends per file, so a test can prove that a wheel was not downloaded.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional

RECORDED = Path(__file__).parent / "fixtures" / "knowledge" / "recorded_indexes.json"
LIBRARY_BYTES = 4 * 2 ** 20  # stands in for libtorch_cuda.so: incompressible, stored


def build_wheel(filename: str, metadata: str, version_py: Optional[str]) -> bytes:
    name, version = filename.split("-")[:2]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{name}/__init__.py", "# stand-in\n", zipfile.ZIP_DEFLATED)
        zf.writestr(f"{name}/lib/lib{name}_cuda.so", os.urandom(LIBRARY_BYTES), zipfile.ZIP_STORED)
        if version_py is not None:
            zf.writestr(f"{name}/version.py", version_py, zipfile.ZIP_DEFLATED)
        info = f"{name}-{version}.dist-info"
        zf.writestr(f"{info}/METADATA", metadata, zipfile.ZIP_DEFLATED)
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n", zipfile.ZIP_DEFLATED)
        zf.writestr(f"{info}/RECORD", "", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@dataclass
class RecordedIndex:
    recorded: dict = field(default_factory=lambda: json.loads(RECORDED.read_text()))
    honour_range: bool = True
    sent: dict = field(default_factory=dict)  # path -> bytes sent
    files: dict = field(default_factory=dict)  # path -> (content type, body)
    wheel_sizes: dict = field(default_factory=dict)  # path -> size

    def __post_init__(self) -> None:
        rec = self.recorded
        for project, data in rec["pypi"].items():
            self._json(f"/pypi/{project}/json", data)  # /pypi/<name>/<version>/json is not served, as here
        for filename, wheel in rec["wheels"].items():
            self._wheel(f"/files/{filename}", filename, wheel["metadata"], None, False)
        for variant, index in rec["pytorch_index"].items():
            links = []
            for local, wheel in index["wheels"].items():
                for py in wheel["pythons"]:
                    tag = "cp" + py.replace(".", "")
                    filename = f"torch-{local}-{tag}-{tag}-manylinux_2_28_x86_64.whl"
                    meta = "Metadata-Version: 2.4\nName: torch\nVersion: %s\n" % local + \
                        "".join(f"Requires-Dist: {r}\n" for r in ["filelock"] + wheel["metadata"])
                    path = f"/whl/{variant}/{filename}"
                    self._wheel(path, filename, meta, f"__version__ = '{local}'\ncuda: Optional[str] = "
                                f"'{wheel['cuda']}'\ngit_version = 'synthetic'\n", index["pep658"])
                    attr = ' data-dist-info-metadata="sha256=0"' if index["pep658"] else ""
                    links.append(f'<a href="/whl/{variant}/{filename}#sha256=0"{attr}>{filename}</a><br/>')
            page = "<!DOCTYPE html><html><body><h1>Links for torch</h1>" + "".join(links) + "</body></html>"
            self.files[f"/whl/{variant}/torch/"] = ("text/html", page.encode())

    def _json(self, path: str, data: dict) -> None:
        self.files[path] = ("application/json", json.dumps(data).encode())

    def _wheel(self, path: str, filename: str, metadata: str, version_py: Optional[str], pep658: bool) -> None:
        body = build_wheel(filename, metadata, version_py)
        self.files[path] = ("application/octet-stream", body)
        self.wheel_sizes[path] = len(body)
        if pep658:
            self.files[path + ".metadata"] = ("text/plain", metadata.encode())

    # ------------------------------------------------------------ serving ---

    def serve(self) -> "Running":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                entry = owner.files.get(self.path.split("?", 1)[0])
                if entry is None:
                    return self._send(404, "text/plain", b"not found")
                kind, body = entry
                wanted = self.headers.get("Range")
                match = re.fullmatch(r"bytes=(\d*)-(\d*)", wanted or "")
                if wanted and owner.honour_range and match:
                    start, end = match.groups()
                    size = len(body)
                    if start == "":
                        first, last = max(0, size - int(end)), size - 1
                    else:
                        first, last = int(start), min(size - 1, int(end) if end else size - 1)
                    return self._send(206, kind, body[first:last + 1],
                                      {"Content-Range": f"bytes {first}-{last}/{size}"})
                return self._send(200, kind, body)

            def _send(self, status: int, kind: str, body: bytes, extra: Optional[dict] = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return
                owner.sent[self.path] = owner.sent.get(self.path, 0) + len(body)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return Running(server, thread, f"http://127.0.0.1:{server.server_address[1]}")


@dataclass
class Running:
    server: ThreadingHTTPServer
    thread: threading.Thread
    url: str

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _py_order(filename: str) -> tuple[int, int]:
    match = re.search(r"-cp3(\d+)-cp3\d+(t?)-", filename)
    return (int(match.group(1)), 1 if match.group(2) else 0) if match else (0, 0)
