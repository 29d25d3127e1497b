"""PEP 503 simple indexes over http.server on 127.0.0.1.

Layout under the served root: any directory holding wheels is an index:
/<index>/ lists its projects, /<index>/<project>/ links to the wheels (with
#sha256= fragments), /<index>/<file>.whl serves one. A test can hold the
download of a file until it says so (hold), to interrupt an install at a
known point.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import unquote


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class _Hold:
    def __init__(self, fragment: str) -> None:
        self.fragment = fragment
        self.requested = threading.Event()
        self.released = threading.Event()


class LocalIndex:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.requests: list[str] = []
        self._holds: list[_Hold] = []
        self._lock = threading.Lock()
        index = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802
                index._handle(self)

            def do_HEAD(self) -> None:  # noqa: N802 - uv asks before downloading
                index._handle(self, head=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "LocalIndex":
        self.thread.start()
        return self

    def stop(self) -> None:
        for hold in self._holds:
            hold.released.set()
        self.server.shutdown()
        self.server.server_close()

    def hold(self, fragment: str) -> _Hold:
        """Requests whose path contains `fragment` wait until hold.released is set."""
        hold = _Hold(fragment)
        with self._lock:
            self._holds.append(hold)
        return hold

    def clear_holds(self) -> None:
        with self._lock:
            for hold in self._holds:
                hold.released.set()
            self._holds.clear()

    def _handle(self, request: BaseHTTPRequestHandler, head: bool = False) -> None:
        path = unquote(request.path.split("?", 1)[0])
        with self._lock:
            self.requests.append(path)
            holds = [h for h in self._holds if h.fragment in path]
        for hold in holds if not head else ():
            hold.requested.set()
            hold.released.wait(120)
        target = (self.root / path.lstrip("/")).resolve()
        if not str(target).startswith(str(self.root.resolve())):
            return self._send(request, 404, b"not found")
        if target.is_file():
            return self._send(request, 200, target.read_bytes(), "application/octet-stream", head)
        if target.is_dir():
            return self._send(request, 200, self._project_list(target), head=head)
        parent, project = target.parent, target.name
        if parent.is_dir():
            page = self._project_page(parent, project)
            if page is not None:
                return self._send(request, 200, page, head=head)
        return self._send(request, 404, b"not found", head=head)

    @staticmethod
    def _wheels(folder: Path):
        return sorted(p for p in folder.iterdir() if p.suffix == ".whl")

    def _project_list(self, folder: Path) -> bytes:
        names = sorted({_normalize(p.name.split("-", 1)[0]) for p in self._wheels(folder)})
        links = "".join(f'<a href="{n}/">{n}</a>\n' for n in names)
        return f"<!DOCTYPE html><html><body>\n{links}</body></html>\n".encode()

    def _project_page(self, folder: Path, project: str) -> Optional[bytes]:
        wanted = _normalize(project)
        files = [p for p in self._wheels(folder) if _normalize(p.name.split("-", 1)[0]) == wanted]
        if not files:
            return None
        links = "".join(
            f'<a href="../{html.escape(p.name)}#sha256={hashlib.sha256(p.read_bytes()).hexdigest()}">'
            f"{html.escape(p.name)}</a>\n" for p in files)
        return f"<!DOCTYPE html><html><body>\n{links}</body></html>\n".encode()

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, code: int, body: bytes, kind: str = "text/html",
              head: bool = False) -> None:
        try:
            request.send_response(code)
            request.send_header("Content-Type", kind)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if not head:
                request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
