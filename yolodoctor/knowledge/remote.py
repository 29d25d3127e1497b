"""Reading what package indexes say about a wheel without downloading it (`yolodoctor knowledge verify`).

- release lists: the PyPI JSON API (/pypi/<name>/json);
- the files of a project on a simple index: PEP 691 JSON when served, else the PEP 503 HTML page
  (which marks PEP 658 metadata with data-core-metadata / data-dist-info-metadata);
- a wheel's METADATA: the PEP 658 `<wheel>.metadata` file where served, else HTTP range requests:
  the zip's end record and central directory from the tail, then each wanted member alone.

Every request has a timeout and a size limit; a server that ignores Range is refused rather than
allowed to send a whole wheel.
"""

from __future__ import annotations

import json
import re
import struct
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable, Optional
from urllib.parse import unquote, urljoin, urlsplit

PAGE_LIMIT = 32 * 2 ** 20  # an index page or JSON document
RANGE_LIMIT = 64 * 2 ** 20  # one range answer (a wheel's central directory is a few MiB)
TAIL = 65536 + 22  # the end record and the largest zip comment
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


class RemoteError(Exception):
    """A request failed; the message names the URL and why."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


class Http:
    """GET with a timeout and a size limit; counts the body bytes it received."""

    def __init__(self, timeout: float = 20.0, opener: Optional[urllib.request.OpenerDirector] = None) -> None:
        self.timeout = timeout
        self.opener = opener or urllib.request.build_opener()
        self.received = 0
        self.requests = 0

    def get(self, url: str, headers: Optional[dict[str, str]] = None, limit: int = PAGE_LIMIT) -> Answer:
        self.requests += 1
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "yolodoctor-knowledge-verify",
                                                           **(headers or {})})
            with self.opener.open(request, timeout=self.timeout) as response:
                status = response.status
                head = {k.lower(): v for k, v in response.headers.items()}
                wanted_range = "Range" in (headers or {})
                if wanted_range and status == 200:
                    raise RemoteError(f"{url}: the server ignores Range requests (answered 200 with the whole "
                                      f"file); not downloading it")
                body = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            raise RemoteError(f"{url}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"{url}: {reason}") from None
        self.received += len(body)
        if len(body) > limit:
            raise RemoteError(f"{url}: answer larger than {limit} bytes")
        return Answer(status, head, body)

    def json(self, url: str) -> dict:
        answer = self.get(url, {"Accept": "application/json"})
        try:
            data = json.loads(answer.body)
        except ValueError:
            raise RemoteError(f"{url}: not JSON") from None
        if not isinstance(data, dict):
            raise RemoteError(f"{url}: not a JSON object")
        return data


# ------------------------------------------------------------- indexes ---

@dataclass(frozen=True)
class IndexFile:
    filename: str
    url: str
    metadata: bool  # PEP 658: <url>.metadata is served


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, Optional[str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if tag == "a":
            values = dict(attrs)
            if values.get("href"):
                self.found.append((values["href"] or "", values))


def project_files(http: Http, index: str, project: str) -> list[IndexFile]:
    """The files a simple index lists for `project` (index: ".../whl/cu128" or ".../simple")."""
    url = f"{index.rstrip('/')}/{project}/"
    answer = http.get(url, {"Accept": f"{SIMPLE_JSON}, text/html;q=0.1"})
    if answer.headers.get("content-type", "").startswith(SIMPLE_JSON):
        data = json.loads(answer.body)
        return [IndexFile(f["filename"], urljoin(url, f["url"]),
                          bool(f.get("core-metadata") or f.get("dist-info-metadata")))
                for f in data.get("files", []) if isinstance(f, dict) and f.get("filename") and f.get("url")]
    parser = _Anchors()
    parser.feed(answer.body.decode("utf-8", "replace"))
    files = []
    for href, attrs in parser.found:
        target = urljoin(url, href)
        name = unquote(urlsplit(target).path.rsplit("/", 1)[-1])
        meta = attrs.get("data-core-metadata") or attrs.get("data-dist-info-metadata")
        files.append(IndexFile(name, target.split("#", 1)[0], bool(meta) and meta != "false"))
    return files


# ----------------------------------------------------- wheel metadata ---

_WHEEL = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)"
                    r"-(?P<plat>[^-]+)\.whl$")


def wheel_tags(filename: str) -> Optional[dict[str, str]]:
    match = _WHEEL.match(filename)
    return match.groupdict() if match else None


def wheel_metadata(http: Http, file: IndexFile, also: tuple[str, ...] = ()) -> tuple[str, dict[str, bytes], str]:
    """(METADATA text, {member: bytes} for the members in `also`, how it was read).

    PEP 658 metadata when the index serves it and nothing else is wanted; else range reads."""
    if file.metadata and not also:
        answer = http.get(file.url + ".metadata")
        return answer.body.decode("utf-8", "replace"), {}, "PEP 658 metadata file"
    members = read_zip_members(http, file.url, lambda n: n.endswith(".dist-info/METADATA") or n in also)
    meta = next((v for k, v in members.items() if k.endswith(".dist-info/METADATA")), None)
    if meta is None:
        raise RemoteError(f"{file.url}: no *.dist-info/METADATA in the wheel")
    return meta.decode("utf-8", "replace"), {k: v for k, v in members.items() if k in also}, "HTTP range reads"


def _range(http: Http, url: str, spec: str) -> tuple[bytes, int, int]:
    """(bytes, offset of the first byte, total size) of one range request."""
    answer = http.get(url, {"Range": f"bytes={spec}"}, limit=RANGE_LIMIT)
    match = re.match(r"bytes (\d+)-(\d+)/(\d+)", answer.headers.get("content-range", ""))
    if answer.status != 206 or not match:
        raise RemoteError(f"{url}: no usable partial content for bytes={spec}")
    return answer.body, int(match.group(1)), int(match.group(3))


def read_zip_members(http: Http, url: str, wanted: Callable[[str], bool]) -> dict[str, bytes]:
    """The members of a remote zip for which `wanted(name)` holds, read with range requests only."""
    tail, tail_start, total = _range(http, url, f"-{TAIL}")
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) - end < 22:
        raise RemoteError(f"{url}: not a zip file (no end of central directory)")
    _, _, _, _, count, cd_size, cd_offset, _ = struct.unpack("<4sHHHHIIH", tail[end:end + 22])
    if 0xFFFFFFFF in (cd_size, cd_offset) or count == 0xFFFF:
        locator = tail.rfind(b"PK\x06\x07", 0, end)
        if locator < 0:
            raise RemoteError(f"{url}: zip64 locator missing")
        (z64_offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
        record = _slice(http, url, tail, tail_start, z64_offset, 56)
        cd_size, cd_offset = struct.unpack("<QQ", record[40:56])
    directory = _slice(http, url, tail, tail_start, cd_offset, cd_size)
    found = {}
    for name, method, comp_size, local_offset in _entries(directory, url):
        if not wanted(name):
            continue
        # The local header repeats the name and has its own extra field: read a little more than needed.
        chunk, _, _ = _range(http, url, f"{local_offset}-{local_offset + 30 + len(name.encode()) + 1024 + comp_size}")
        if chunk[:4] != b"PK\x03\x04":
            raise RemoteError(f"{url}: bad local header for {name}")
        name_len, extra_len = struct.unpack("<HH", chunk[26:30])
        start = 30 + name_len + extra_len
        data = chunk[start:start + comp_size]
        if method == 8:
            data = zlib.decompressobj(-15).decompress(data)
        elif method != 0:
            raise RemoteError(f"{url}: {name} uses zip compression method {method}")
        found[name] = data
    return found


def _slice(http: Http, url: str, tail: bytes, tail_start: int, offset: int, size: int) -> bytes:
    if offset >= tail_start and offset + size <= tail_start + len(tail):
        return tail[offset - tail_start:offset - tail_start + size]
    data, _, _ = _range(http, url, f"{offset}-{offset + size - 1}")
    return data


def _entries(directory: bytes, url: str):
    pos = 0
    while pos + 46 <= len(directory) and directory[pos:pos + 4] == b"PK\x01\x02":
        (_, _, _, _, method, _, _, _, comp_size, size, name_len, extra_len, comment_len, _, _, _,
         local_offset) = struct.unpack("<4sHHHHHHIIIHHHHHII", directory[pos:pos + 46])
        name = directory[pos + 46:pos + 46 + name_len].decode("utf-8", "replace")
        extra = directory[pos + 46 + name_len:pos + 46 + name_len + extra_len]
        if 0xFFFFFFFF in (comp_size, size, local_offset):
            comp_size, local_offset = _zip64_extra(extra, size, comp_size, local_offset)
        yield name, method, comp_size, local_offset
        pos += 46 + name_len + extra_len + comment_len
    if pos == 0:
        raise RemoteError(f"{url}: central directory unreadable")


def _zip64_extra(extra: bytes, size: int, comp_size: int, local_offset: int) -> tuple[int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[pos:pos + 4])
        if tag == 1:
            values = list(struct.unpack(f"<{length // 8}Q", extra[pos + 4:pos + 4 + (length // 8) * 8]))
            if size == 0xFFFFFFFF and values:
                values.pop(0)
            if comp_size == 0xFFFFFFFF and values:
                comp_size = values.pop(0)
            if local_offset == 0xFFFFFFFF and values:
                local_offset = values.pop(0)
        pos += 4 + length
    return comp_size, local_offset


# ------------------------------------------------------ what it says ---

def requires_dist(metadata: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]


def pinned(metadata: str, name_pattern: str) -> Optional[tuple[str, str]]:
    """(distribution, version) of the first `name==version` requirement whose name matches."""
    for req in requires_dist(metadata):
        match = re.match(rf"^(?P<name>{name_pattern})(?:\[[^\]]*\])?\s*\(?==\s*(?P<version>[0-9][^;,\s)]*)", req,
                         re.IGNORECASE)
        if match:
            return match.group("name"), match.group("version")
    return None


def torch_version_py_cuda(text: bytes) -> Optional[str]:
    """`cuda = '12.8'` of torch/version.py."""
    match = re.search(rb"^cuda(?::\s*[^=]+)?\s*=\s*['\"]([0-9.]+)['\"]", text, re.MULTILINE)
    return match.group(1).decode() if match else None
