"""pip found no release at all of a package that publishes Linux wheels only, and the paste never says where it ran.

compat/package_platforms.toml lists packages whose wheels exist for Linux alone (triton: manylinux x86_64 and aarch64).
On Linux, pip is offered their releases for every Python they support; "(from versions: none)", nothing at all, is what
pip prints on Windows or macOS, where no index carries them. ingest.index_gaps decides it when the paste names the
platform; this reads the same message when it does not, with nothing on offer.

Set aside: a paste whose printed facts name an operating system, or that runs in a container or notebook; Linux named
on pip's own lines or the lines that name platforms (a distribution, WSL, Colab, a manylinux wheel, a Linux path);
pip's lines setting releases aside for requiring another Python; a list of versions that is not empty; and packages
with any non-Linux wheels. Parsing is str.find on the paste's lines: linear.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from ..facts.model import Facts
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY, Signal
from .proofs import Proof

# Words that place the run on Linux (x86_64 or aarch64), where the package's wheels exist.
_LINUX_WORDS = ("linux", "ubuntu", "debian", "centos", "fedora", "rocky", "almalinux", "red hat", "rhel", "arch linux",
                "manjaro", "opensuse", "wsl", "colab", "kaggle", "/home/", "/usr/", "/opt/conda", "manylinux",
                "docker", "container", "jetson", "raspberry")


def judge(facts: Facts, context: Any, row: dict[str, Any], name: str,
          signal: Signal) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when `row` (the package's compat/package_platforms.toml row) lists Linux platforms only,
    pip was offered nothing at all, and nothing in the paste places it on Linux; None otherwise."""
    from .pip_offer import empty_offer

    if facts.host.os or getattr(context, "container", None) is not None \
            or getattr(context, "notebook", None) is not None:
        return None  # the platform is known (ingest.index_gaps judges it), or a container or notebook runs Linux
    pip_lines: Sequence[tuple[int, str]] = getattr(context, "pip_lines", ()) or ()
    lines = list(pip_lines) + list(getattr(context, "platform_lines", ()) or ()) + [(signal.line, signal.text)]
    platforms = tuple(row.get("platforms", ()))
    if not platforms or any(not p.startswith("linux") for p in platforms):
        return None
    if empty_offer(pip_lines, signal.line) is None:
        return None
    for _, line in pip_lines:
        if PIP_OTHER_PYTHON in line.lower():
            return None
    for _, line in lines:
        low = line.lower()
        if any(word in low for word in _LINUX_WORDS):
            return None
    return "pip_index", Proof(
        tr("{name} publishes wheels for Linux only, and pip was offered no release of it at all: that is what pip "
           "prints on Windows or macOS, where no index carries it, whatever the Python", name=name),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]),
         tr("{name}: wheels for {platforms} (compat/package_platforms.toml)", name=name,
            platforms=", ".join(platforms))),
        tr("Run it on Linux (a Linux machine, WSL or a container), or drop {name} where the project does not need it "
           "there (a platform marker: {marker}); some projects publish separate Windows builds.", name=name,
           marker=f'{name}; platform_system == "Linux"'), LIKELY)
