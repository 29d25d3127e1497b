"""pip's (or uv's, Poetry's) "no matching version" where the paste shows the gap is the index's, not the Python's.

The same message comes from a Python too new or too old for a release and from an index that lacks it. Things
outside pip's own list of versions settle it for the index:

- the reporter says the release is gone from the index or not yet in it: deleted from PyPI by its maintainers, not yet
  synced by the mirror in use, or published minutes or hours ago and not yet served from PyPI's cache (the signatures
  pypi-release-deleted, pypi-mirror-behind and pypi-new-release-not-yet-served read those words); such a release is
  missing for every Python;
- the reporter says the package publishes no wheels for the platform the paste ran on ("no M1 wheels", "only Linux
  wheels are published"; the signature platform-wheels-missing-in-words reads those words), and says nothing of a
  Python version without wheels; or the index or find-links URL pip searched holds a placeholder left in
  (`torch-2.5.1+${121}.html`, `whl/<cuda>`: index-url-placeholder-left), a page that exists for no Python;
- the release asked for (or the wheel pip refused) needs a newer glibc than the paste's system has (CentOS 7's 2.17
  against manylinux_2_28: ingest.glibc_floor);
- the release asked for is newer than the last one the package built for the paste's platform (torch after 2.2.2
  on an Intel Mac: ingest.dropped_platform);
- pip was offered nothing at all on a platform PyPI holds few compiled wheels for (32-bit ARM, musl Linux:
  ingest.sparse_platforms), and nothing says the Python is the gap;
- the package publishes wheels for some platforms only (compat/package_platforms.toml: lmdeploy has none for macOS,
  TensorRT's pip packages none for Windows before 10, triton none outside Linux) and the paste ran on another one:
  no index carries it there, whatever the Python.

The package is read from the message itself (pip's requirement, uv's distribution); the platform from the facts a tool
printed, else from the paste's own words (ingest.platform_builds reads macOS and Linux aarch64; Windows is the
context's reading). Parsing is str.find and bounded, literal-prefixed patterns: linear.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..facts.model import Facts
from ..i18n import tr
from .dropped_platform import judge as judge_dropped
from .glibc_floor import WHEEL_REFUSED
from .glibc_floor import judge as judge_glibc
from .model import LIKELY, Signal
from .pip_offer import JUDGED
from .proofs import Proof
from .sparse_platforms import PLACEHOLDER_ONLY
from .sparse_platforms import judge as judge_sparse

# The messages judged here: pip's "no matching version" in each wording, uv's and Poetry's.
NOT_FOUND = JUDGED | frozenset({"uv-no-wheel-matching-tags", "poetry-no-installation-candidates"})
# The signatures whose words say the release is gone from the index the run used.
GONE = {"pypi-release-deleted": "deleted", "pypi-mirror-behind": "mirror", "pypi-new-release-not-yet-served": "new"}
# The words saying the platform has no wheels, and those saying a Python version has none (which leave it open).
PLATFORM_SAID = "platform-wheels-missing-in-words"
# An index or find-links URL with a placeholder left in: the page pip searched does not exist, for any Python.
PLACEHOLDER_URL = "index-url-placeholder-left"
PYTHON_SAID = frozenset({"python-wheels-missing-in-words", "torch-no-wheels-for-python-in-words",
                         "python-version-unsupported-in-words", "python-version-said-unsupported"})
_NAMES = {"macos": "macOS", "linux-aarch64": "Linux aarch64", "windows": "Windows", "linux-x86_64": "Linux x86_64"}
# The requirement a message names: pip's "satisfies the requirement X==V" / "found for X==V", uv's "version of X==V",
# Poetry's "candidates for X (V)". Bounded, literal-prefixed.
_ASKED = re.compile(r"(?:satisfies the requirement|distributions? (?:was |were )?found for|no version of|candidates for)"
                    r"\s{1,3}[`'\"]?(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]{0,80})(?:\[[^\]\n]{0,40}\])?"
                    r"(?:\s{0,2}(?:={2,3}|\()\s{0,2}(?P<version>\d{1,4}(?:\.\d{1,6}){0,4}))?", re.IGNORECASE)


def judge(facts: Facts, context: Any, signal: Signal, others: Sequence[Signal] = ()) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when the paste settles `signal` (a "no matching version" message, a refused wheel, torch's
    placeholders alone) as the index's or the platform's gap (python_unsupported for the torch family on a platform
    it is not built for); None otherwise (the other readings of the message stand)."""
    if signal.id == PLACEHOLDER_ONLY:
        return judge_sparse(facts, context, signal, any(s.id in PYTHON_SAID for s in others))
    if signal.id == WHEEL_REFUSED:
        return judge_glibc(context, signal)
    if signal.id not in NOT_FOUND:
        return None
    gone = _gone(signal, others)
    if gone is not None:
        return "pip_index", gone
    said = _platform_said(signal, others)
    if said is not None:
        return "pip_index", said
    older_glibc = judge_glibc(context, signal)
    if older_glibc is not None:
        return older_glibc
    dropped = judge_dropped(context, signal)
    if dropped is not None:
        return dropped
    sparse = judge_sparse(facts, context, signal, any(s.id in PYTHON_SAID for s in others))
    if sparse is not None:
        return sparse
    return _platform_gap(facts, context, signal, others)


def _platform_said(signal: Signal, others: Sequence[Signal]) -> Optional[Proof]:
    """The paste's URL holds a placeholder, or it says the package has no wheels for the platform (and nothing of a
    Python version without them)."""
    url = [s for s in others if s.id == PLACEHOLDER_URL]
    if url:
        return Proof(
            tr("The index or find-links URL pip searched still holds a placeholder or an empty version: that page "
               "does not exist, so pip's \"no matching version\" is the URL's gap, not this Python's"),
            (tr("pasted line {line}: {text}", line=url[0].line, text=url[0].text[:160]),
             tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160])),
            tr("Put the real torch and CUDA versions into the URL (e.g. https://data.pyg.org/whl/torch-2.5.1+cu121.html, "
               "https://download.pytorch.org/whl/cu121) and open it in a browser to check that it lists wheels."),
            LIKELY)
    said = [s for s in others if s.id == PLATFORM_SAID]
    if not said or any(s.id in PYTHON_SAID for s in others):
        return None
    words = said[0]
    return Proof(
        tr("The paste says the package publishes no wheels for this platform: every index lacks it there, so pip's "
           "\"no matching version\" is the platform's gap, not this Python's"),
        (tr("pasted line {line}: {text}", line=words.line, text=words.text[:160]),
         tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160])),
        tr("Install it from an index or page that builds it for this platform (a vendor's index, conda-forge, a "
           "Jetson index), pick a release that adds the platform, or run it where wheels exist (Linux x86_64, a "
           "container)."), LIKELY)


def _gone(signal: Signal, others: Sequence[Signal]) -> Optional[Proof]:
    said = [s for s in others if s.id in GONE]
    if not said:
        return None
    asked = _ASKED.search(signal.text)
    if asked is not None and signal.text[asked.end():asked.end() + 1] == "+":
        return None  # a build-tagged release (+cu117) was never on PyPI or its mirrors: the words mistake it
    words = said[0]
    evidence = (tr("pasted line {line}: {text}", line=words.line, text=words.text[:160]),
                tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]))
    if GONE[words.id] == "deleted":
        return Proof(
            tr("The paste says the release was deleted from PyPI: it is missing there for every Python, so pip's "
               "\"no matching version\" is the index's gap, not this Python's"),
            evidence,
            tr("Pin a release that is still on PyPI (pip index versions <name> lists them), or install the old one "
               "from the project's source tag or its own download page."), LIKELY)
    if GONE[words.id] == "new":
        return Proof(
            tr("The paste says the release was published minutes or hours ago: the index pip reads (PyPI's cached "
               "pages, a mirror) does not list it yet, for any Python, so pip's \"no matching version\" is the "
               "index's gap, not this Python's"),
            evidence,
            tr("Wait for the index to list it and install again with --no-cache-dir (or install the release's file "
               "by its URL from PyPI meanwhile); from a mirror, use {command} for it.",
               command="-i https://pypi.org/simple"), LIKELY)
    return Proof(
        tr("The paste says the PyPI mirror in use has not synced the release: PyPI has it, the mirror does not, so "
           "pip's \"no matching version\" is the mirror's gap, not this Python's"),
        evidence,
        tr("Install from PyPI itself for now ({command}), or wait for the mirror to catch up.",
           command="pip install <package>==<version> -i https://pypi.org/simple"), LIKELY)


def _mac_without_row(facts: Facts, context: Any, name: str, signal: Signal,
                     others: Sequence[Signal]) -> Optional[tuple[str, Proof]]:
    """A package without a row, found nowhere on a Mac (ingest.macos_no_wheel)."""
    from .macos_no_wheel import judge as judge_mac

    platform = _platform(facts, context)
    if platform is None or platform[0] != "macos":
        return None
    return judge_mac(facts, context, name, signal, platform[1], any(s.id in PYTHON_SAID for s in others))


def _platform_gap(facts: Facts, context: Any, signal: Signal,
                  others: Sequence[Signal] = ()) -> Optional[tuple[str, Proof]]:
    asked = _ASKED.search(signal.text)
    if asked is None:
        return None
    name = re.sub(r"[-_.]+", "-", asked.group("name")).lower()
    row = _row(name, asked.group("version"))
    if row is None:
        return _mac_without_row(facts, context, name, signal, others)
    platform = _platform(facts, context)
    if platform is None:
        from .linux_only_wheels import judge as judge_unnamed_platform

        return judge_unnamed_platform(facts, context, row, name, signal)
    if platform[0] in row["platforms"]:
        return None
    here, where = platform
    listed = ", ".join(_NAMES.get(p, p) for p in row["platforms"])
    return "pip_index", Proof(
        tr("{name} publishes wheels for {platforms} only, and this paste ran on {here}: no index carries it there, "
           "whatever the Python", name=name, platforms=listed, here=_NAMES[here]),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where,
         tr("{name}: wheels for {platforms} (compat/package_platforms.toml)", name=name, platforms=listed)),
        tr("Run it on a platform {name} publishes wheels for ({platforms}): a Linux machine, container or WSL, or "
           "a release that supports this platform, if there is one.", name=name, platforms=listed), LIKELY)


def _row(name: str, version: Optional[str]) -> Optional[dict[str, Any]]:
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        rows = load_compat_table("package_platforms.toml", "package_wheels", ("name", "platforms"))
    except KnowledgeError:
        return None
    for row in rows:
        if row["name"] != name:
            continue
        below = row.get("below")
        if below is None:
            return row
        if version is None:
            return None  # the row holds for older releases only, and the release asked for is not said
        try:
            return row if Version(version) < Version(below) else None
        except InvalidVersion:
            return None
    return None


def _platform(facts: Facts, context: Any) -> Optional[tuple[str, str]]:
    """(platform, evidence) of the machine the paste ran on."""
    from .platform_builds import paste_platform

    os_name = (facts.host.os or "").lower()
    arch = (facts.host.arch or "").lower()
    if os_name == "windows":
        return "windows", tr("the paste's facts say the machine runs Windows")
    if os_name == "linux" and arch in ("x86_64", "amd64"):
        return "linux-x86_64", tr("the paste's facts say the machine runs Linux on x86_64")
    found = paste_platform(facts, getattr(context, "platform_lines", ()) or ())
    if found is not None:
        return found
    if not os_name and getattr(context, "windows_named", None) is not None:
        return "windows", tr("pasted line {line} names Windows", line=context.windows_named)
    return None
