"""Machines for the smoke tests, made of real interpreters.

`patched_python` makes a throwaway venv that sees the real torch (the
site-packages of the interpreter running the tests, a venv's included) and
misbehaves like a broken machine: a .pth file installs an import hook that,
once torch has loaded, applies a patch (a GPU whose kernels are missing, NaN
under autocast, an all-reduce that never returns).
Every process of that venv gets it, torchrun's ranks included, so the stages
run for real except where the machine is broken.

`fake_torch_python` makes a venv without site-packages whose `torch` is a
stand-in module (one that crashes, hangs or fails at import).

Both can log every non-loopback connection attempt to a file (and refuse
it), to prove that the smoke test downloads nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Optional

HOOK = '''
"""Installed by a .pth file: patches torch after it loads; optionally guards the network."""
import os
import sys

def _guard_network(log_path):
    import socket
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    local = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "", None)

    def note(target):
        with open(log_path, "a") as fh:
            fh.write("%s pid=%d\\n" % (target, os.getpid()))
        raise OSError(101, "network disabled by the test machine")

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode()
        if host not in local and not str(host).startswith("127."):
            note(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if isinstance(address, tuple) and address[0] not in local and not str(address[0]).startswith("127."):
            note(address)
        return real_connect(sock, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect

if os.environ.get("YDSTANDIN_NETLOG"):
    _guard_network(os.environ["YDSTANDIN_NETLOG"])

try:
    import ydstandin_patch
except ImportError:
    ydstandin_patch = None

if ydstandin_patch is not None:
    import importlib.abc
    import importlib.util

    class _AfterTorch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name != "torch":
                return None
            sys.meta_path.remove(self)
            try:
                spec = importlib.util.find_spec("torch")
            finally:
                sys.meta_path.insert(0, self)
            if spec is None or spec.loader is None:
                return spec
            real_exec = spec.loader.exec_module

            def exec_module(module):
                real_exec(module)
                ydstandin_patch.apply(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _AfterTorch())
'''

NO_KERNEL_IMAGE = '''
import types

ERROR = ("CUDA error: no kernel image is available for execution on the device\\n"
         "CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below "
         "might be incorrect.\\nFor debugging consider passing CUDA_LAUNCH_BLOCKING=1\\n"
         "Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.\\n")

def apply(torch):
    """One Tesla K80 (sm_37) that this torch has no kernels for: the first CUDA tensor fails."""
    props = types.SimpleNamespace(name="Tesla K80", major=3, minor=7, total_memory=12 << 30,
                                  multi_processor_count=13)
    cuda = torch.cuda
    cuda.is_available = lambda: True
    cuda.device_count = lambda: 1
    cuda.get_device_properties = lambda index=0: props
    cuda.get_device_name = lambda index=0: props.name
    cuda.get_device_capability = lambda index=0: (3, 7)
    cuda.set_device = lambda index: None
    cuda.mem_get_info = lambda index=None: (11 << 30, 12 << 30)
    cuda.synchronize = lambda index=None: None
    cuda.is_bf16_supported = lambda *args, **kwargs: False

    def lazy_init():
        raise RuntimeError(ERROR)

    cuda._lazy_init = lazy_init  # torch's C++ side calls it before the first CUDA tensor
'''

AMP_NAN = '''
def apply(torch):
    """Convolutions return NaN under autocast (as on GPUs with broken half-precision paths)."""
    conv = torch.nn.Conv2d
    real_forward = conv.forward

    def forward(self, x):
        y = real_forward(self, x)
        if torch.is_autocast_enabled(x.device.type):
            return y * float("nan")
        return y

    conv.forward = forward
'''

HANGING_ALL_REDUCE = '''
import time

def apply(torch):
    """all_reduce never returns (as NCCL does over broken P2P or a full /dev/shm)."""
    def all_reduce(*args, **kwargs):
        while True:
            time.sleep(1)

    torch.distributed.all_reduce = all_reduce
'''

FAKE_TORCH = {
    "segfault": "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
    "hang": "import time\nwhile True:\n    time.sleep(1)\n",
    "cudnn_missing": "raise OSError('libcudnn.so.9: cannot open shared object file: No such file or directory')\n",
}


def _make_venv(where: Path, system_site: bool) -> tuple[Path, Path]:
    """A venv built on this interpreter's base Python. `system_site` makes it
    see the packages *this* interpreter sees (its torch included): a .pth file
    adds each of our site-packages directories. `--system-site-packages` would
    not do: run from inside a venv, it shows the base Python's packages, not
    the venv's where the test's torch lives."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)],
                   check=True, capture_output=True, timeout=120)
    site_dir = where / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    if system_site:
        # addsitedir (not a bare path line) so that the .pth files there run
        # too (an editable install's finder, for one). Named to run before
        # ydstandin.pth, whose hook waits for torch.
        lines = [f"import site; site.addsitedir({d!r})" for d in _our_site_dirs()]
        (site_dir / "_yd_parent_site.pth").write_text("\n".join(lines) + "\n")
    return where / "bin" / "python", site_dir


def _our_site_dirs() -> list[str]:
    import site

    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        dirs.append(site.getusersitepackages())
    return dirs


def patched_python(where: Path, patch: Optional[str] = None) -> Path:
    """A venv over the real torch; `patch` is the source of a module with apply(torch)."""
    python, site = _make_venv(where, system_site=True)
    (site / "ydstandin_hook.py").write_text(HOOK)
    (site / "ydstandin.pth").write_text("import ydstandin_hook\n")
    if patch is not None:
        (site / "ydstandin_patch.py").write_text(textwrap.dedent(patch))
    return python


def fake_torch_python(where: Path, behaviour: str) -> Path:
    """A venv whose only torch is a stand-in that behaves as FAKE_TORCH[behaviour] at import."""
    python, site = _make_venv(where, system_site=False)
    package = site / "torch"
    package.mkdir()
    (package / "__init__.py").write_text(FAKE_TORCH[behaviour])
    return python


def bare_python(where: Path) -> Path:
    """A venv with no packages at all: no torch."""
    python, _ = _make_venv(where, system_site=False)
    return python
