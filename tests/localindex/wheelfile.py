"""Writing real wheel files (PEP 427): METADATA, WHEEL, RECORD with hashes, zipped."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path
from typing import Iterable, Mapping, Optional


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def escape(name: str) -> str:
    return name.replace("-", "_").replace(".", "_")


def build_wheel(out_dir: Path, name: str, version: str, files: Mapping[str, str], *, tag: str,
                requires: Iterable[str] = (), filename_version: Optional[str] = None,
                entry_points: Optional[str] = None, data_files: Mapping[str, str] = None) -> Path:
    """A wheel with `files` (path in site-packages -> text). filename_version lets the file
    name differ from METADATA's version, as flash-attn's release assets do."""
    dist_info = f"{escape(name)}-{version}.dist-info"
    data_dir = f"{escape(name)}-{version}.data"
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
            "Summary: stand-in wheel for yolodoctor tests"]
    meta += [f"Requires-Dist: {r}" for r in requires]
    contents: dict[str, bytes] = {path: text.encode() for path, text in files.items()}
    for path, text in (data_files or {}).items():
        contents[f"{data_dir}/{path}"] = text.encode()
    contents[f"{dist_info}/METADATA"] = ("\n".join(meta) + "\n").encode()
    contents[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: yolodoctor-tests\n"
                                      f"Root-Is-Purelib: {'true' if tag.endswith('none-any') else 'false'}\n"
                                      f"Tag: {tag}\n").encode()
    if entry_points:
        contents[f"{dist_info}/entry_points.txt"] = entry_points.encode()
    record = [f"{path},{_hash(data)},{len(data)}" for path, data in contents.items()]
    record.append(f"{dist_info}/RECORD,,")
    contents[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{escape(name)}-{filename_version or version}-{tag}.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in contents.items():
            zf.writestr(path, data)
    return target
