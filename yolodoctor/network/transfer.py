"""One bounded HTTP GET, through a proxy when the environment says so.

Written on raw sockets and http.client rather than requests so that every
step can be stopped from outside: the deadline keeper calls Channel.cancel(),
which shuts the socket down and wakes a blocked read at once. Progress is
recorded as it happens, so whatever was learnt before the deadline (the
status line, the first bytes of a trickling body) is kept.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional
from urllib.parse import urljoin, urlsplit

from .proxy import Proxy, proxy_for

CHUNK = 16 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)


class Cancelled(Exception):
    """The deadline keeper stopped this request."""


class Outcome(Exception):
    """A request ended in a known way: carries the status for the facts."""

    def __init__(self, status: str, error: str, http_status: Optional[int] = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.http_status = http_status


class Channel:
    """The socket of one request, so another thread can stop it at the deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._killer: Optional[socket.socket] = None
        self.cancelled = False

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.cancelled:
                raise Cancelled()
            self._release()
            # A duplicate descriptor of the same socket: shutting it down stops the
            # original too, even after ssl has wrapped (and taken over) the original.
            self._killer = sock.dup()

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._killer is not None:
                try:
                    self._killer.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        with self._lock:
            self._release()

    def _release(self) -> None:
        if self._killer is not None:
            try:
                self._killer.close()
            except OSError:
                pass
            self._killer = None


@dataclass
class Progress:
    """How far one request got; written by its thread, read by the deadline keeper."""

    url: str
    started: float = field(default_factory=time.monotonic)
    stage: str = "pending"  # dns, connect, proxy, tls, request, headers, body, done
    current_url: Optional[str] = None
    redirects: int = 0
    proxy: Optional[str] = None  # redacted proxy URL
    status: Optional[str] = None
    http_status: Optional[int] = None
    error: Optional[str] = None
    sent_at: Optional[float] = None  # when the last request went out
    headers_at: Optional[float] = None
    body_stopped_at: Optional[float] = None
    bytes_read: int = 0
    body_end: Optional[str] = None
    body: bytearray = field(default_factory=bytearray)
    finished: bool = False


@dataclass(frozen=True)
class Request:
    url: str
    env: Mapping[str, str]  # for proxies
    deadline: float  # time.monotonic() value
    cap_bytes: int = 256 * 1024
    max_redirects: int = 5
    user_agent: str = "yolodoctor"
    tls_context: Callable[[], ssl.SSLContext] = ssl.create_default_context


def fetch(request: Request, progress: Progress, channel: Channel) -> None:
    """GET request.url, following redirects, recording into progress. Never raises."""
    try:
        _follow(request, progress, channel)
    except Outcome as outcome:
        progress.status, progress.error = outcome.status, outcome.error
        if outcome.http_status is not None:
            progress.http_status = outcome.http_status
    except Exception as exc:  # whatever the network does, it becomes a fact
        progress.status, progress.error = _classify(exc, progress, channel)
    finally:
        channel.close()
        progress.finished = True


def _follow(request: Request, progress: Progress, channel: Channel) -> None:
    url = request.url
    for hop in range(request.max_redirects + 1):
        progress.current_url = url
        progress.redirects = hop
        code, location = _exchange(url, request, progress, channel)
        if code in REDIRECT_CODES and location:
            url = urljoin(url, location)
            continue
        if 200 <= code < 300:
            progress.status = "ok"
        elif code == 407:
            raise Outcome("proxy", "the proxy requires authentication (407)", code)
        else:
            raise Outcome("http_error", f"HTTP {code}", code)
        return
    raise Outcome("redirect_loop", f"more than {request.max_redirects} redirects", progress.http_status)


def _remaining(request: Request) -> float:
    left = request.deadline - time.monotonic()
    if left <= 0:
        raise socket.timeout("deadline reached")
    return left


def _exchange(url: str, request: Request, progress: Progress, channel: Channel) -> tuple[int, Optional[str]]:
    """One request/response on a fresh connection; reads the body of a 2xx answer."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise Outcome("unsupported", f"cannot probe {scheme or 'this'} URL")
    host = parts.hostname
    port = parts.port or (443 if scheme == "https" else 80)
    proxy = proxy_for(url, request.env)
    progress.proxy = proxy.display if proxy else None
    if proxy is not None and not proxy.supported:
        raise Outcome("unsupported", f"{proxy.scheme} proxies are not supported by the probe ({proxy.display})")
    connect_host, connect_port = (proxy.host, proxy.port) if proxy else (host, port)
    sock = _connect(connect_host, connect_port, request, progress, channel, via_proxy=proxy is not None)
    try:
        if proxy is not None and scheme == "https":
            _tunnel(sock, host, port, proxy, request, progress, channel)
        if scheme == "https":
            progress.stage = "tls"
            sock.settimeout(_remaining(request))
            sock = request.tls_context().wrap_socket(sock, server_hostname=host)
        progress.stage = "request"
        target = url if (proxy is not None and scheme == "http") else (parts.path or "/") + (
            "?" + parts.query if parts.query else "")
        lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc.rpartition('@')[2]}",
                 f"User-Agent: {request.user_agent}", "Accept: */*", "Accept-Encoding: identity",
                 "Connection: close"]
        if proxy is not None and scheme == "http" and proxy.authorization:
            lines.append(f"Proxy-Authorization: {proxy.authorization}")
        sock.settimeout(_remaining(request))
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        progress.sent_at = time.monotonic()
        progress.stage = "headers"
        response = http.client.HTTPResponse(sock, method="GET")
        try:
            response.begin()
            if channel.cancelled:  # the shutdown at the deadline looks like the end of the headers
                raise Cancelled()
            progress.headers_at = time.monotonic()
            progress.http_status = response.status
            if 200 <= response.status < 300:
                progress.stage = "body"
                _read_body(response, sock, request, progress, channel)
            return response.status, response.getheader("Location")
        finally:
            response.close()
    finally:
        try:
            sock.close()
        except OSError:
            pass


def _connect(host: str, port: int, request: Request, progress: Progress, channel: Channel,
             via_proxy: bool) -> socket.socket:
    progress.stage = "dns"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if via_proxy:
            raise Outcome("proxy", f"proxy host {host} does not resolve: {exc.strerror or exc}") from None
        raise Outcome("dns", f"{host} does not resolve: {exc.strerror or exc}") from None
    progress.stage = "connect"
    last: Optional[BaseException] = None
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            channel.watch(sock)
            sock.settimeout(_remaining(request))
            sock.connect(address)
            return sock
        except Cancelled:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            last = exc
            if isinstance(exc, socket.timeout):
                break
    if via_proxy and not isinstance(last, socket.timeout):
        raise Outcome("proxy", f"cannot connect to the proxy {host}:{port}: {_os_text(last)}")
    raise last if last is not None else OSError(f"no address for {host}")


def _tunnel(sock: socket.socket, host: str, port: int, proxy: Proxy, request: Request, progress: Progress,
            channel: Channel) -> None:
    """HTTP CONNECT through the proxy, as pip/requests do for https:// URLs."""
    progress.stage = "proxy"
    lines = [f"CONNECT {host}:{port} HTTP/1.1", f"Host: {host}:{port}", f"User-Agent: {request.user_agent}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    sock.settimeout(_remaining(request))
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    reply = http.client.HTTPResponse(sock, method="CONNECT")
    try:
        reply.begin()
    except http.client.HTTPException as exc:
        if channel.cancelled:
            raise Cancelled() from None
        raise Outcome("proxy", f"the proxy gave no valid answer to CONNECT: {type(exc).__name__}") from None
    finally:
        # The buffered reader may not have consumed past the header block: the
        # proxy sends nothing more until the TLS client hello.
        reply.fp = None
    if reply.status != 200:
        raise Outcome("proxy", f"the proxy refused CONNECT {host}:{port} with HTTP {reply.status}", reply.status)


def _read_body(response: http.client.HTTPResponse, sock: socket.socket, request: Request, progress: Progress,
               channel: Channel) -> None:
    try:
        while progress.bytes_read < request.cap_bytes:
            sock.settimeout(_remaining(request))
            chunk = response.read1(min(CHUNK, request.cap_bytes - progress.bytes_read))
            if not chunk:
                if channel.cancelled:
                    raise socket.timeout("deadline reached")
                # A chunked body cut short raises IncompleteRead; a sized one ends early.
                progress.body_end = "closed" if response.length not in (None, 0) else "eof"
                break
            progress.body += chunk
            progress.bytes_read += len(chunk)
        else:
            progress.body_end = "eof" if response.length == 0 else "cap"
    except (socket.timeout, TimeoutError, Cancelled):
        progress.body_end = "deadline"
        progress.error = f"deadline reached after {progress.bytes_read} bytes of the body"
    except http.client.IncompleteRead:
        progress.body_end = "closed"
    except OSError:
        progress.body_end = "deadline" if channel.cancelled else "closed"
    finally:
        progress.body_stopped_at = time.monotonic()
    if progress.body_end == "closed" and not progress.error:
        progress.error = f"the server closed the connection after {progress.bytes_read} bytes of the body"


def _os_text(exc: Optional[BaseException]) -> str:
    if exc is None:
        return "no address"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _classify(exc: BaseException, progress: Progress, channel: Channel) -> tuple[str, str]:
    """(status, error) for an exception raised at progress.stage."""
    stage = progress.stage
    if channel.cancelled or isinstance(exc, (socket.timeout, TimeoutError, Cancelled)):
        return "timeout", f"no answer in time (stopped while waiting for {_STAGE_WORDS.get(stage, stage)})"
    if isinstance(exc, ssl.SSLError):  # includes certificate verification failures
        reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)
        return "tls", f"TLS handshake failed: {reason}"
    if isinstance(exc, ConnectionRefusedError):
        return "refused", "connection refused"
    if isinstance(exc, http.client.HTTPException):
        if stage == "tls":
            return "tls", f"TLS handshake failed: {type(exc).__name__}"
        return "protocol", f"not a valid HTTP answer: {type(exc).__name__}"
    if isinstance(exc, OSError):
        if stage == "tls":  # a plain-HTTP server or a middlebox cut the handshake
            return "tls", f"TLS handshake failed: {_os_text(exc)}"
        if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable", _os_text(exc)
        if stage == "headers":
            return "protocol", f"connection ended before an HTTP answer: {_os_text(exc)}"
        return "error", _os_text(exc)
    return "error", f"{type(exc).__name__}: {exc}"


_STAGE_WORDS = {
    "pending": "a free thread",
    "dns": "name resolution",
    "connect": "the TCP connection",
    "proxy": "the proxy to open a tunnel",
    "tls": "the TLS handshake",
    "request": "the request to be sent",
    "headers": "the response headers",
    "body": "the body",
}
