"""The fake NVML library (fake_nvml.c), compiled once and placed under a
machine root as usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1 with the
machine's answers beside it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

SOURCE = Path(__file__).with_name("fake_nvml.c")
LIBRARY_DIR = "usr/lib/x86_64-linux-gnu"
_built: dict[str, Optional[Path]] = {}


def compiler() -> Optional[str]:
    return shutil.which("cc") or shutil.which("gcc")


def library() -> Optional[Path]:
    """The compiled fake, built once per source version; None without a C compiler."""
    source = SOURCE.read_bytes()
    key = hashlib.sha256(source).hexdigest()[:16]
    if key in _built:
        return _built[key]
    cc = compiler()
    out = Path(tempfile.gettempdir()) / f"yolodoctor-fake-nvml-{key}" / "libnvidia-ml.so.1"
    if cc is None:
        _built[key] = None
        return None
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".partial")
        subprocess.run([cc, "-shared", "-fPIC", "-O1", "-Wl,-soname,libnvidia-ml.so.1", "-o", str(partial),
                        str(SOURCE), "-ldl"], check=True, capture_output=True, timeout=120)
        partial.replace(out)
    _built[key] = out
    return out
