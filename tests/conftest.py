from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env: dict | None = None, timeout: float = 120, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "yolodoctor", *args], capture_output=True, text=True,
                          env=env if env is not None else dict(os.environ), timeout=timeout, input=input,
                          cwd=str(REPO))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """No test reaches the internet: the network probes stay off unless a test points them at
    loopback servers (it then passes its own environment, without YOLODOCTOR_OFFLINE)."""
    monkeypatch.setenv("YOLODOCTOR_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Tests read English unless they ask for another language (whatever the machine's locale)."""
    from yolodoctor import i18n

    monkeypatch.setenv("YOLODOCTOR_LANG", "en")
    yield
    i18n.set_language(None)
