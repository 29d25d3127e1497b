"""`yolodoctor knowledge verify`: compare compat/ with what the indexes and the wheels themselves say.

For every torch release in compat/torch.toml (or those asked for):
- the PyPI release: Python tags of its Linux x86_64 wheels, and from one wheel's METADATA the CUDA it
  pins (cuda-toolkit / nvidia-cuda-runtime) and the cuDNN (nvidia-cudnn-cuXX);
- each CUDA variant on the PyTorch index: that a Linux x86_64 wheel exists, its torch/version.py CUDA,
  and its cuDNN pin;
- the paired torchvision and torchaudio: the torch they pin (or the range they accept).
Release lists of the other packages come from the PyPI JSON API. GPU arch lists are not read: the
fatbinaries sit deflate-compressed inside libtorch_cuda.so, so reading them would need most of a
wheel; they keep their documented sources (compat/torch.toml [tables.arch]).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urljoin, urlsplit

from . import versions as V
from .compat_libs import cudnn_bundled, cudnn_bundled_rows
from .compat_torch import TorchRelease, torch_releases
from .coverage import newest_known
from .remote import (Http, IndexFile, RemoteError, pinned, project_files, requires_dist, torch_version_py_cuda,
                     wheel_metadata, wheel_tags)
from .tables import CompatSource

PYPI = "https://pypi.org"
PYTORCH_INDEX = "https://download.pytorch.org/whl"
# PyPI projects whose newest release is compared with the newest the tables know.
RELEASE_LISTS = (("torch", "torch"), ("flash-attn", "flash_attn"), ("tensorrt", "tensorrt"),
                 ("ultralytics", "ultralytics"), ("nvidia-cudnn-cu13", "cudnn"))
ARCH_NOTE = ("GPU arch lists were not read from the wheels (the fatbinaries are deflate-compressed inside "
             "libtorch_cuda.so); compat/torch.toml [[arch]] keeps its documented sources")


@dataclass(frozen=True)
class Edit:
    """How --write applies a difference: set `key` in the row of `table` (file) matching `match`,
    or append a row (match empty)."""

    file: str
    table: str
    match: tuple[tuple[str, Any], ...]
    values: tuple[tuple[str, Any], ...]
    confirm: bool = False  # the value is the row's only claim: reading it confirms the row (drop verified = false)


@dataclass(frozen=True)
class Difference:
    kind: str  # new | changed | missing | confirmed
    what: str  # "torch 2.11.0 cu128: cuDNN"
    known: Optional[str]
    found: Optional[str]
    source: str
    edit: Optional[Edit] = None  # None: a person decides (range rows, new releases)

    def line(self) -> str:
        sign = {"new": "+", "changed": "~", "missing": "+", "confirmed": "="}[self.kind]
        known = "" if self.known is None else f" tables: {self.known};"
        return f"{sign} {self.kind:9} {self.what}:{known} found: {self.found}  ({self.source})"


@dataclass
class Report:
    differences: list[Difference] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    checked: int = 0  # values compared
    requests: int = 0
    bytes_received: int = 0
    notes: list[str] = field(default_factory=list)

    def problems(self) -> list[Difference]:
        return [d for d in self.differences if d.kind != "confirmed"]

    def as_data(self) -> dict[str, Any]:
        return {"checked": self.checked, "requests": self.requests, "bytes_received": self.bytes_received,
                "unreachable": self.unreachable, "notes": self.notes,
                "differences": [{"kind": d.kind, "what": d.what, "known": d.known, "found": d.found,
                                 "source": d.source, "writable": d.edit is not None} for d in self.differences]}


class _Unreachable(Exception):
    pass


class Verifier:
    def __init__(self, http: Http, src: CompatSource, pypi: str = PYPI, pytorch_index: str = PYTORCH_INDEX) -> None:
        self.http, self.src = http, src
        self.pypi, self.pytorch_index = pypi.rstrip("/"), pytorch_index.rstrip("/")
        self.report = Report()
        self._down: set[str] = set()  # base URLs found unreachable: not asked again
        self._pypi_json: dict[str, Optional[dict]] = {}
        self._variant_files: dict[str, Optional[list[IndexFile]]] = {}

    # --------------------------------------------------------- access ---

    def _note_down(self, base: str, error: RemoteError) -> None:
        if base not in self._down:
            self._down.add(base)
            self.report.unreachable.append(str(error))

    def pypi_files(self, name: str, version: str) -> Optional[tuple[list[dict], str]]:
        """(files, URL read) of one release: from the project document when it lists the release (one request
        for all releases; some mirrors serve only that one), else /pypi/<name>/<version>/json."""
        project = self.pypi_project(name, report_missing=False)
        files = [f for f in ((project or {}).get("releases") or {}).get(version) or ()
                 if isinstance(f, dict) and f.get("url") and f.get("filename")]
        if files:
            return files, f"{self.pypi}/pypi/{name}/json"
        data = self.pypi_project(name, version)
        if data is None:
            return None
        return list(data.get("urls") or []), f"{self.pypi}/pypi/{name}/{version}/json"

    def pypi_project(self, name: str, version: Optional[str] = None, report_missing: bool = True) -> Optional[dict]:
        key = f"{name}/{version or ''}"
        if key not in self._pypi_json:
            self._pypi_json[key] = None
            if self.pypi not in self._down:
                url = f"{self.pypi}/pypi/{name}/{version}/json" if version else f"{self.pypi}/pypi/{name}/json"
                try:
                    self._pypi_json[key] = self.http.json(url)
                except RemoteError as exc:
                    if "HTTP 404" not in str(exc):
                        self._note_down(self.pypi, exc)
                    elif report_missing:
                        self.report.unreachable.append(str(exc))
        return self._pypi_json[key]

    def variant_files(self, variant: str) -> Optional[list[IndexFile]]:
        if variant not in self._variant_files:
            self._variant_files[variant] = None
            if self.pytorch_index not in self._down:
                try:
                    self._variant_files[variant] = project_files(self.http, f"{self.pytorch_index}/{variant}", "torch")
                except RemoteError as exc:
                    if "HTTP 404" in str(exc):
                        self.report.unreachable.append(str(exc))
                    else:
                        self._note_down(self.pytorch_index, exc)
        return self._variant_files[variant]

    def _add(self, kind: str, what: str, known: Any, found: Any, source: str, edit: Optional[Edit] = None) -> None:
        self.report.checked += 1
        text = lambda v: None if v is None else (", ".join(v) if isinstance(v, (list, tuple)) else str(v))
        self.report.differences.append(Difference(kind, what, text(known), text(found), source, edit))

    # ------------------------------------------------------- the runs ---

    def run(self, only: Optional[list[str]] = None, release_lists: bool = True) -> Report:
        if release_lists:
            self.release_lists()
        for release in torch_releases(self.src):
            if only and release.version not in only and release.minor not in only:
                continue
            self.pypi_release(release)
            for variant in release.cuda_variants:
                self.variant_wheel(release, variant)
            self.paired_pins(release)
        self.report.notes.append(ARCH_NOTE)
        self.report.requests, self.report.bytes_received = self.http.requests, self.http.received
        return self.report

    def release_lists(self) -> None:
        newest = {n.kind: n.version for n in newest_known(self.src)}
        for project, kind in RELEASE_LISTS:
            data = self.pypi_project(project)
            if data is None:
                continue
            versions = [v for v, files in (data.get("releases") or {}).items()
                        if files and not all(f.get("yanked") for f in files) and _final(v)]
            if not versions:
                continue
            top = max(versions, key=V.pep440)
            known = newest.get(kind)
            url = f"{self.pypi}/pypi/{project}/json"
            if known is None or V.pep440(top) > V.pep440(known):
                newer = sorted((v for v in versions if known is None or V.pep440(v) > V.pep440(known)), key=V.pep440)
                self._add("new", f"{project}: releases newer than the tables", known, newer, url)
            else:
                self._add("confirmed", f"{project}: newest release", known, top, url)

    def pypi_release(self, release: TorchRelease) -> None:
        listed = self.pypi_files("torch", release.version)
        if listed is None:
            return
        files, url = listed
        wheels = [f for f in files if _linux_x86(f.get("filename", ""))]
        if not wheels:
            self._add("changed", f"torch {release.version}: PyPI Linux x86_64 wheels", "published", "none", url)
            return
        pythons = sorted({_python_of(f["filename"]) for f in wheels} - {None}, key=_py_key)
        match = (("version", release.version),)
        if set(pythons) == set(release.python):
            self._add("confirmed", f"torch {release.version}: Python versions", release.python, pythons, url)
        else:
            self._add("changed", f"torch {release.version}: Python versions", release.python, pythons, url,
                      Edit("torch.toml", "release", match, (("python", pythons),)))
        wheel = max(wheels, key=lambda f: _py_key(_python_of(f["filename"]) or "0"))
        file = _index_file(wheel, url)
        try:
            metadata, _, how = wheel_metadata(self.http, file)
        except RemoteError as exc:
            self.report.unreachable.append(str(exc))
            return
        source = f"{file.url} ({how})"
        cuda = _pinned_cuda(metadata)
        default = V.cuda_variant(cuda) if cuda else None
        if default or release.pypi_default_cuda:
            self._compare(f"torch {release.version}: PyPI default CUDA variant", release.pypi_default_cuda, default,
                          source, Edit("torch.toml", "release", match, (("pypi_default_cuda", default),)))
        cudnn = pinned(metadata, r"nvidia-cudnn-cu\d+")
        if cudnn:
            self._compare(f"torch {release.version}: cuDNN of the PyPI wheel", release.cudnn, cudnn[1], source,
                          Edit("torch.toml", "release", match, (("cudnn", cudnn[1]),)))

    def variant_wheel(self, release: TorchRelease, variant: str) -> None:
        files = self.variant_files(variant)
        if files is None:
            return
        local = f"{release.version}+{variant}"
        wheels = [f for f in files if (wheel_tags(f.filename) or {}).get("version") == local
                  and _linux_x86(f.filename)]
        what = f"torch {release.version} {variant}"
        index = f"{self.pytorch_index}/{variant}/torch/"
        if not wheels:
            self._add("changed", f"{what}: Linux x86_64 wheel", "published", "none on the index", index)
            return
        wheel = max(wheels, key=lambda f: _py_key(_python_of(f.filename) or "0"))
        try:
            metadata, members, how = wheel_metadata(self.http, wheel, also=("torch/version.py",))
        except RemoteError as exc:
            if not wheel.metadata:
                self.report.unreachable.append(str(exc))
                return
            metadata, members, how = wheel_metadata(self.http, wheel)
        source = f"{wheel.url} ({how})"
        cuda = torch_version_py_cuda(members.get("torch/version.py", b"")) or _pinned_cuda(metadata)
        if cuda:
            self._compare(f"{what}: CUDA of the build", V.variant_cuda(variant), V.mm_text(cuda), source)
        cudnn = pinned(metadata, r"nvidia-cudnn-cu\d+")
        if cudnn:
            self._cudnn_row(release, variant, cudnn[1], source)

    def _cudnn_row(self, release: TorchRelease, variant: str, found: str, source: str) -> None:
        what = f"torch {release.version} {variant}: cuDNN"
        known = cudnn_bundled(release.version, variant, self.src)
        rows = [r for r in cudnn_bundled_rows(self.src) if r.applies(release.version, variant)]
        exact = next((r for r in rows if r.variant == variant and r.torch == release.minor), None)
        if known is None:
            note = f"Read from the wheel's METADATA ({source}) on {_today()}."
            self._add("missing", what, None, found, source,
                      Edit("cudnn.toml", "torch_bundled", (),
                           (("torch", release.minor), ("variant", variant), ("cudnn", found), ("note", note))))
            return
        edit = Edit("cudnn.toml", "torch_bundled", (("torch", exact.torch), ("variant", variant)),
                    (("cudnn", found),), confirm=True) if exact is not None else None
        if release.pypi_default_cuda == variant and release.cudnn:
            edit = None  # the torch.toml value wins for the PyPI variant; compared in pypi_release
        self._compare(what, known, found, source, edit)

    def paired_pins(self, release: TorchRelease) -> None:
        """The torch that the paired torchvision and torchaudio wheels require."""
        for project, version in (("torchvision", release.torchvision), ("torchaudio", release.torchaudio)):
            if version:
                self._paired_pin(release, project, version)

    def _paired_pin(self, release: TorchRelease, project: str, version: str) -> None:
        listed = self.pypi_files(project, version)
        if listed is None:
            return
        wheels = [f for f in listed[0] if _linux_x86(f.get("filename", ""))]
        if not wheels:
            return
        file = _index_file(max(wheels, key=lambda f: _py_key(_python_of(f["filename"]) or "0")), listed[1])
        try:
            metadata, _, how = wheel_metadata(self.http, file)
        except RemoteError as exc:
            self.report.unreachable.append(str(exc))
            return
        what, source = f"{project} {version}: the torch it pins", f"{file.url} ({how})"
        pin = pinned(metadata, "torch")
        if pin:
            self._compare(what, release.version, V.base_release(pin[1]), source)
            return
        spec = _torch_requirement(metadata)
        if spec is None:  # nothing to compare: the pairing rests on the release dates
            self.report.notes.append(f"{project} {version} declares no torch requirement ({source}); "
                                     f"paired with torch {release.version} by release date")
        elif V.satisfies(release.version, spec):  # a range, not a pin: the pairing stays by release date
            self._add("confirmed", f"{project} {version}: the torch range it accepts", release.version,
                      f"torch{spec}", source)
        else:
            self._add("changed", what, release.version, f"torch{spec}", source)

    def _compare(self, what: str, known: Optional[str], found: Optional[str], source: str,
                 edit: Optional[Edit] = None) -> None:
        if found is None:
            return
        if known is not None and _same(known, found):
            self._add("confirmed", what, known, found, source, edit if edit and edit.confirm else None)
        else:
            self._add("changed" if known is not None else "missing", what, known, found, source, edit)


# ----------------------------------------------------------- writing ---

def write(report: Report, compat_dir: Path, today: Optional[str] = None) -> list[str]:
    """Apply the writable differences to the compat files in `compat_dir`; the lines changed, one per edit.
    Confirmed values lose their `verified = false`; each table touched gets today's read date."""
    from .toml_rows import TomlRows

    today = today or _today()
    files: dict[str, TomlRows] = {}
    done, touched = [], set()
    for diff in report.differences:
        edit = diff.edit
        if edit is None or (diff.kind == "confirmed" and not edit.confirm):
            continue
        rows = files.setdefault(edit.file, TomlRows((compat_dir / edit.file).read_text(encoding="utf-8")))
        match = dict(edit.match)
        if not match:
            rows.append_row(edit.table, dict(edit.values))
            done.append(f"{edit.file} [[{edit.table}]]: added {diff.what} = {diff.found}")
        elif diff.kind == "confirmed":
            if rows.drop(edit.table, match, "verified"):
                done.append(f"{edit.file} [[{edit.table}]]: {diff.what} confirmed ({diff.found}), "
                            f"verified = false dropped")
            else:
                continue
        else:
            for key, value in edit.values:
                rows.set(edit.table, match, key, value)
            if edit.confirm:  # the row's one claim is now read from the source
                rows.drop(edit.table, match, "verified")
            done.append(f"{edit.file} [[{edit.table}]]: {diff.what}: {diff.known} -> {diff.found}")
        touched.add((edit.file, edit.table, _index_of(diff.source)))
    for file, table, source in sorted(touched):
        rows = files[file]
        rows.set_meta(table, "read", today)
        rows.add_source(table, f"{source} (wheel metadata, read by yolodoctor knowledge verify)")
    for file, rows in files.items():
        (compat_dir / file).write_text(rows.text, encoding="utf-8")
    return done


# ----------------------------------------------------------- helpers ---

def _index_file(entry: dict, document: str) -> IndexFile:
    """A file of the PyPI JSON API (its URL may be relative to the document, as some mirrors serve it);
    PEP 658 metadata is flagged by core_metadata (or its older names)."""
    meta = next((entry[k] for k in ("core-metadata", "core_metadata", "data-dist-info-metadata",
                                     "data_dist_info_metadata") if k in entry), None)
    return IndexFile(entry["filename"], urljoin(document, entry["url"]), bool(meta))


def _index_of(source: str) -> str:
    """The index a value was read from: "https://download.pytorch.org/whl/cu128" for one of its wheels,
    the host for anything else (PyPI's files live on their own host)."""
    parts = urlsplit(source.split(" (")[0])
    path = parts.path.rsplit("/", 1)[0] if "/whl/" in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


def _today() -> str:
    return datetime.date.today().isoformat()


def _final(version: str) -> bool:
    try:
        parsed = V.pep440(version)
    except ValueError:
        return False
    return not (parsed.is_prerelease or parsed.is_devrelease)


def _linux_x86(filename: str) -> bool:
    tags = wheel_tags(filename)
    return bool(tags) and "x86_64" in tags["plat"] and "linux" in tags["plat"]


def _python_of(filename: str) -> Optional[str]:
    """ "3.13t" for cp313t, "3.12" for cp312."""
    tags = wheel_tags(filename) or {}
    abi, py = tags.get("abi", ""), tags.get("py", "")
    if not py.startswith("cp") or not py[2:].isdigit():
        return None
    text = f"{py[2]}.{py[3:]}"
    return text + "t" if abi.endswith("t") else text


def _py_key(text: str) -> tuple[int, int, int]:
    free = text.endswith("t")
    major, _, minor = text.rstrip("t").partition(".")
    return int(major or 0), int(minor or 0), int(free)


def _torch_requirement(metadata: str) -> Optional[str]:
    """The version specifier of the torch requirement (">=2.14.0"), without markers."""
    for req in requires_dist(metadata):
        # String methods, not a regex: a requirement line is text from an index (linear time on any input).
        head = req.split(";", 1)[0].strip()
        if not head.startswith("torch"):
            continue
        rest = head[len("torch"):].strip()
        if rest.startswith("(") and rest.endswith(")"):
            rest = rest[1:-1].strip()
        if rest[:1] in ("<", ">", "=", "!", "~") and rest:
            return rest.replace(" ", "")
    return None


def _pinned_cuda(metadata: str) -> Optional[str]:
    pin = pinned(metadata, r"cuda-toolkit") or pinned(metadata, r"nvidia-cuda-runtime(-cu\d+)?")
    return V.mm_text(pin[1]) if pin else None


def _same(known: str, found: str) -> bool:
    if known == found:
        return True
    try:
        return V.pep440(known) == V.pep440(found)
    except ValueError:
        return False
