"""Real servers on 127.0.0.1 for the network probe tests and benchmark.

Each server runs in daemon threads and behaves one way: answers properly,
answers late, never answers, trickles, stops half-way, loops redirects, or
(for proxies) tunnels or refuses. Nothing here reaches beyond loopback.
"""

from __future__ import annotations

import socket
import socketserver
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

Route = tuple[int, dict, bytes]  # status, headers, body


def _read_head(conn: socket.socket, limit: int = 65536) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < limit:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if not data[:1].isalpha():  # not HTTP (a TLS client hello): answer at once, as real servers do
            break
    return data


def _request_line(head: bytes) -> tuple[str, str]:
    first = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = first.split(" ")
    return (parts[0], parts[1]) if len(parts) >= 2 else ("", "")


def _response(status: int, headers: dict, body: bytes) -> bytes:
    reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found",
              407: "Proxy Authentication Required", 500: "Internal Server Error", 502: "Bad Gateway",
              503: "Service Unavailable"}.get(status, "Status")
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class LoopbackServer:
    """One listening socket on 127.0.0.1 whose connections are handled by `behaviour`."""

    behaviour: Callable[["LoopbackServer", socket.socket], None]
    tls: Optional[ssl.SSLContext] = None
    stop: threading.Event = field(default_factory=threading.Event)
    requests: list = field(default_factory=list)  # (method, target) seen
    heads: list = field(default_factory=list)  # the raw request heads seen
    server: Optional[_Server] = None

    def start(self) -> "LoopbackServer":
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn = self.request
                try:
                    if owner.tls is not None:
                        conn = owner.tls.wrap_socket(conn, server_side=True)
                    owner.behaviour(owner, conn)
                except (OSError, ssl.SSLError):
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.stop.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> "LoopbackServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def note(self, head: bytes) -> tuple[str, str]:
        method, target = _request_line(head)
        self.requests.append((method, target))
        self.heads.append(head.decode("latin-1"))
        return method, target


# ---------------------------------------------------------------- behaviours ---

def serve_routes(routes: dict[str, Route], delay: float = 0.0):
    """Answer each path from `routes` (404 otherwise), after `delay` seconds."""

    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        _, target = server.note(_read_head(conn))
        if delay and server.stop.wait(delay):
            return
        path = target.split("://", 1)[-1]
        path = "/" + path.split("/", 1)[1] if target.startswith("http") else target
        status, headers, body = routes.get(path, (404, {}, b"not found"))
        conn.sendall(_response(status, headers, body))

    return behaviour


def never_answer(server: LoopbackServer, conn: socket.socket) -> None:
    """Accept, read the request, say nothing until the server stops."""
    server.note(_read_head(conn))
    server.stop.wait(60)


def accept_silently(server: LoopbackServer, conn: socket.socket) -> None:
    """Accept and never read or write (for a TLS client: no server hello ever)."""
    server.stop.wait(60)


def trickle(interval: float = 0.05):
    """Valid headers, then one byte of an endless body every `interval` seconds."""

    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        server.note(_read_head(conn))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n")
        while not server.stop.wait(interval):
            conn.sendall(b"x")

    return behaviour


def header_trickle(interval: float = 0.05):
    """Headers that never end: one header byte every `interval` seconds."""

    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        server.note(_read_head(conn))
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not server.stop.wait(interval):
            conn.sendall(b"a")

    return behaviour


def half_headers(server: LoopbackServer, conn: socket.socket) -> None:
    server.note(_read_head(conn))
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Le")
    server.stop.wait(60)


def half_body(sent: int = 20000, promised: int = 100000):
    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        server.note(_read_head(conn))
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {promised}\r\nConnection: close\r\n\r\n".encode())
        conn.sendall(b"y" * sent)
        server.stop.wait(60)

    return behaviour


def cut_body(sent: int = 20000, promised: int = 100000):
    """Promise a body, send part of it, close the connection."""

    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        server.note(_read_head(conn))
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {promised}\r\nConnection: close\r\n\r\n".encode())
        conn.sendall(b"y" * sent)

    return behaviour


def redirect_loop(server: LoopbackServer, conn: socket.socket) -> None:
    _, target = server.note(_read_head(conn))
    nxt = "/b" if target.endswith("/a") else "/a"
    conn.sendall(_response(302, {"Location": nxt}, b""))


def garbage(server: LoopbackServer, conn: socket.socket) -> None:
    server.note(_read_head(conn))
    conn.sendall(b"\x16\x03\x01 this is not HTTP at all\r\n\r\n")


def close_at_once(server: LoopbackServer, conn: socket.socket) -> None:
    server.note(_read_head(conn))


def big_body(size: int, chunk: int = 65536):
    def behaviour(server: LoopbackServer, conn: socket.socket) -> None:
        server.note(_read_head(conn))
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n".encode())
        block = b"z" * chunk
        left = size
        while left > 0 and not server.stop.is_set():
            conn.sendall(block[:left])
            left -= len(block)

    return behaviour


# ------------------------------------------------------------------- proxies ---

def tunnel_proxy(server: LoopbackServer, conn: socket.socket) -> None:
    """A forward proxy: CONNECT tunnels, absolute-form GETs relayed."""
    head = _read_head(conn)
    method, target = server.note(head)
    if method == "CONNECT":
        host, _, port = target.rpartition(":")
        try:
            upstream = socket.create_connection((host, int(port)), timeout=5)
        except OSError:
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        _pipe(server, conn, upstream)
        return
    if target.startswith("http://"):
        hostport, _, path = target[len("http://"):].partition("/")
        host, _, port = hostport.partition(":")
        try:
            upstream = socket.create_connection((host, int(port or 80)), timeout=5)
        except OSError:
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        first, _, rest = head.partition(b"\r\n")
        upstream.sendall(f"{method} /{path} HTTP/1.1".encode() + b"\r\n" + rest)
        _pipe(server, conn, upstream)
        return
    conn.sendall(_response(400, {}, b"bad proxy request"))


def refusing_proxy(server: LoopbackServer, conn: socket.socket) -> None:
    """A proxy that answers 403 to everything (a corporate proxy blocking the host)."""
    server.note(_read_head(conn))
    conn.sendall(_response(403, {}, b"blocked by policy"))


def _pipe(server: LoopbackServer, a: socket.socket, b: socket.socket) -> None:
    def copy(src: socket.socket, dst: socket.socket) -> None:
        try:
            while not server.stop.is_set():
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    other = threading.Thread(target=copy, args=(b, a), daemon=True)
    other.start()
    copy(a, b)
    other.join(5)
    b.close()


# ------------------------------------------------------------------- helpers ---

def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def self_signed(directory: Path) -> Optional[tuple[Path, Path]]:
    """(cert, key) for 127.0.0.1/localhost made with the openssl CLI; None without it."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                        "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return cert, key


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    return context


def simple_page(project: str, versions: list[str]) -> bytes:
    """A PEP 503 project page listing one wheel per version."""
    links = "".join(f'<a href="../../files/{project}-{v}-py3-none-any.whl#sha256=00">'
                    f'{project}-{v}-py3-none-any.whl</a><br/>\n' for v in versions)
    return f"<!DOCTYPE html><html><body><h1>Links for {project}</h1>\n{links}</body></html>".encode()


def mirrors_toml(endpoints: list[dict], mirrors: list[dict]) -> str:
    """A mirror list in the compat/mirrors.toml shape."""
    def table(name: str, rows: list[dict]) -> str:
        out = []
        for row in rows:
            out.append(f"[[{name}]]")
            for key, value in row.items():
                if isinstance(value, bool):
                    out.append(f"{key} = {'true' if value else 'false'}")
                else:
                    out.append(f'{key} = "{value}"')
            out.append("")
        return "\n".join(out)

    return table("endpoint", endpoints) + "\n" + table("mirror", mirrors)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
