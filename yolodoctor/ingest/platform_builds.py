"""A build asked for on a platform PyTorch never builds it for: the index is the wrong one, not the Python.

pip's "no matching version", uv's "no wheel for the current platform", Poetry's "no installation candidates" and
conda's "not available from current channels" read the same whether the Python is too new for a release or the
release was asked for in a build that does not exist where the command ran. The paste often says both what was
asked for and where:

- the build: a +cuXXX, +cpu or +rocm tag on torch, torchvision or torchaudio (pip's requirement, uv's
  distribution, Poetry's locked version, a pyproject pin), conda's pytorch-cuda, or a CUDA/ROCm index of PyTorch as
  the only index (pip's --index-url, uv's `@ registry+https://download.pytorch.org/whl/cu126`);
- the platform: macOS (its names, an Apple chip, a Mac path, uv's "You're on macOS" or its `(e.g., macosx_15_0_arm64)`
  tag, conda's osx-arm64 channels, or the facts a tool printed) or Linux aarch64 (named on a line with Linux, a Jetson
  board or JetPack, or uv's aarch64 tag).

compat/platforms.toml [[wheel_tag]] says which tags PyTorch never publishes for a platform (macOS: no CUDA, no +cpu
tag, no pytorch-cuda; Linux aarch64, a Jetson included: no +cpu tag before 2.6.0, no +cuXXX build before 2.5.0). Such a request fails on every Python, so it is a
pip_index finding that explains the error and ranks first.

uv's hint can also say it outright: "You're on Windows (`win_amd64`), but `torch` (v2.5.1) only has wheels for the
following platform: `linux_aarch64`". The release (or the build a lock or an index picked) exists, for other
platforms only: when the build came from PyTorch's index or carries a build tag, which index or lock chose it
decides, not the Python (uv names the Python when that is the problem: uv-wheel-for-other-python). For a plain
PyPI release the hint lists only the platforms with a wheel for this Python, and settles nothing. An Intel Mac or a 32-bit Windows, whose platform newer releases dropped, is left to the
other judgements.

Lines listing what an index has (pip's "(from versions: ...)", uv's "only the following versions ... are available"
list and its "Wheels are available for ... on the following platforms" hint) name builds and platforms that were not
asked for or not this machine's, and are not read. Parsing is str.find and bounded, literal-prefixed patterns: linear.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..facts.model import Facts
from ..i18n import tr
from .model import LIKELY, Signal
from .pip_offer import JUDGED
from .proofs import Proof

# The signatures whose message is "this build was not found": the build and the platform decide them.
NOT_FOUND = JUDGED | frozenset({"uv-no-wheel-matching-tags", "poetry-no-installation-candidates",
                                "poetry-wheels-skipped-environment-tags",
                                "pip-vendor-page-no-wheel-for-python", "conda-no-build-for-this-python",
                                "conda-torch-not-in-channels", "conda-cuda-virtual-package-missing",
                                "conda-torch-dependency-not-in-channels", "uv-wheel-for-other-python"})
_NAMES = {"macos": "macOS", "linux-aarch64": "Linux aarch64"}
_TAG_NAMES = {"cu": "CUDA (+cuXXX)", "cpu": "+cpu", "rocm": "ROCm (+rocm)", "pytorch-cuda": "pytorch-cuda"}
# A version with a build tag: 2.7.0+cu126, 2.3.1+cpu, 6.2+rocm5.7 (bounded, digit-led).
_TAGGED = re.compile(r"(?<![\w.])v?(?P<version>\d{1,2}\.\d{1,3}(?:\.\d{1,3})?)\+(?P<tag>cu\d{2,3}|cpu|rocm\d{0,2}(?:\.\d{1,2}){0,2})(?![\w])")
# A build tag said without its version, in a resolver's or a person's words: "torch+cu121", "adds +cpu to torch".
_BARE_TAG = re.compile(r"(?<![\d.])\+(?P<tag>cu\d{2,3}|cpu)(?![\w.])")
# A CUDA or ROCm index of PyTorch (stable, nightly or test channel).
_VARIANT_INDEX = re.compile(r"download(?:-r2)?\.pytorch\.org/whl/(?:nightly/|test/)?(?P<tag>cu\d{2,3}|rocm)")
# uv names the platform it resolved for: "You're on macOS (`macosx_15_0_arm64`)", "(e.g., `macosx_26_0_arm64`)",
# "You're on Linux (`manylinux_2_36_aarch64`)".
_UV_PLATFORM = re.compile(r"(?:you're on [a-z]{3,8} \(|e\.g\., )`(?P<tag>macosx_[0-9_]{1,12}_(?:arm64|x86_64|universal2)|"
                          r"(?:many|musl)linux_[0-9_]{1,12}_aarch64|linux_aarch64)`")
_MAC_WORDS = ("macos", "mac os", "os x", "osx-", "osx ", "darwin", "apple silicon", "apple m1", "apple m2", "apple m3",
              "apple m4", "mac m1", "mac m2", "mac m3", "mac m4", "m1 mac", "m2 mac", "m3 mac", "m4 mac", "macbook",
              "mac mini", "mac-mini", "mac studio", "mac-studio", "imac", "/opt/homebrew", "~/library/",
              # a shell prompt's host name: "me@Johns-MBP dir %", "user@Anns-MBP.local"
              "-mbp ", "-mbp:", "-mbp.", "-mba ", "-mba:", "-mba.")
# NVIDIA's Jetson boards (and Orin modules named alone) run Linux on aarch64.
_ARM_LINUX_WORDS = ("jetson", "orin nx", "orin nano", "agx orin", "agx xavier", "xavier nx", "jetpack")
# Lines that list what exists (or environment markers naming every platform): they say nothing of this machine or
# of what was asked for.
_LISTING = ("available", "from versions", "skipping link", "sys_platform", "platform_system", "platform_machine",
            "only has wheels", "following platform")
# uv's list of the versions it found ("          torch==2.7.0+cpu"): indented, led by the package name.
_LIST_ITEM = re.compile(r"^[ \t]{6,}(?:torch|torchvision|torchaudio)[<>=!~]")
_TORCH_FAMILY = ("torch", "pytorch")
# uv's hint naming this platform and the only platforms the release has wheels for.
_UV_OTHER_PLATFORMS = re.compile(r"you're on [a-z]{3,8} \(`(?P<here>[\w.]{3,60})`\), but `(?P<name>[\w.\-]{1,80})` "
                                 r"\((?P<version>[^)\n]{1,40})\) only has wheels for the following platforms?: "
                                 r"(?P<there>[^\n]{1,600})")
# A torch-family distribution pinned to a CUDA index of PyTorch, as uv names it in a lock or an error:
# "torchaudio==2.0.0 @ registry+https://download.pytorch.org/whl/cu121".
_UV_VARIANT_DIST = re.compile(r"(?P<name>torch|torchvision|torchaudio)==(?P<version>\d{1,2}\.\d{1,3}(?:\.\d{1,3})?)"
                              r"(?:\+[\w.]{1,20})?`? @ registry\+https?:/{1,2}download(?:-r2)?\.pytorch\.org/whl/"
                              r"(?:nightly/|test/)?(?P<variant>cu\d{2,3})(?![\w])")
# Platforms newer releases dropped (an Intel Mac, 32-bit Windows or Linux): the release's age decides those.
_DROPPED_PLATFORMS = re.compile(r"^(?:macosx_[0-9_]{1,12}_(?:x86_64|intel|universal2)|win32|(?:many|musl)?linux_?[0-9_]{0,12}_?i[36]86)$")


def judge(facts: Facts, platform_lines: Sequence[tuple[int, str]], signal: Signal) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when the paste asked for a build that PyTorch never publishes for the platform it ran
    on; None otherwise."""
    from ..knowledge.compat_platforms import tag_absent

    if signal.id not in NOT_FOUND:
        return None
    everything = list(platform_lines)
    if signal.line not in {lineno for lineno, _ in everything}:
        everything.append((signal.line, signal.text))
    other = _other_platforms(everything) or _variant_never_built(everything)
    if other is not None:
        return other
    lines = [(lineno, line) for lineno, line in everything if not _listing(line)]
    platform = paste_platform(facts, everything)
    if platform is None:
        return None
    name, where = platform
    for lineno, tag, version, text in _asked(lines):
        row = tag_absent(name, tag, version)
        if row is None:
            continue
        build = f"{version}+{text}" if version else text
        return "pip_index", Proof(
            tr("The {build} build asked for is not published for {platform}: PyTorch builds no {tag} wheels there, so "
               "no index can offer it, whatever the Python", build=build, platform=_NAMES[name], tag=_TAG_NAMES[tag]),
            (tr("pasted line {line}: {text}", line=lineno, text=_quote(lines, lineno)), where,
             tr("PyTorch publishes no {tag} build for {platform} (compat/platforms.toml)", tag=_TAG_NAMES[tag],
                platform=_NAMES[name])),
            _fix(name, tag, version), LIKELY)
    return None


def _other_platforms(lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """uv's hint that the release has wheels, for other platforms only, and this platform is not one newer
    releases dropped."""
    for lineno, line in lines:
        low = line.lower()
        if "only has wheels for" not in low:
            continue
        match = _UV_OTHER_PLATFORMS.search(low)
        if match is None:
            continue
        here, there = match.group("here"), match.group("there")
        if _DROPPED_PLATFORMS.match(here) or here in there:
            return None
        name, version = match.group("name"), match.group("version").lstrip("v")
        if "+" not in version and not _from_torch_index(lines, name):
            # A plain PyPI release: the hint lists only the platforms with a wheel for this Python (a free-threaded
            # 3.13t has one on macOS alone), so it does not settle platform against Python.
            return None
        return "pip_index", Proof(
            tr("{name} {version} as resolved has wheels for other platforms only, not for {here}: the index or lock "
               "that chose it decides, not the Python", name=name, version=version, here=here),
            (tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:200]),),
            tr("Resolve again for this platform: delete the stale lock (uv lock) or give the platform its own index "
               "or source (a PyTorch index that publishes {here} wheels, or PyPI); with uv, list the platform in "
               "[tool.uv] required-environments so the lock keeps a wheel for it.", here=here),
            LIKELY)
    return None


def _from_torch_index(lines: Sequence[tuple[int, str]], name: str) -> bool:
    """uv names the distribution as taken from PyTorch's index (`torch==2.5.1 @ registry+https://download...`)."""
    for _, line in lines:
        low = line.lower()
        at = low.find(f"{name}==")
        if at >= 0 and "registry+" in low[at:] and ("pytorch.org/whl" in low[at:]):
            return True
    return False


def _variant_never_built(lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """A torch, torchvision or torchaudio release taken from a CUDA index of PyTorch that its release series was never
    built for (compat/torch.toml cuda_variants): what that index holds of it, if anything, is not for this machine."""
    from ..knowledge.compat_torch import torch_releases

    for lineno, line in lines:
        if "registry+" not in line:
            continue
        match = _UV_VARIANT_DIST.search(line.lower())
        if match is None:
            continue
        name, version, variant = match.group("name"), match.group("version"), match.group("variant")
        series = tuple(version.split(".")[:2])
        rows = [row for row in torch_releases()
                if (paired := {"torch": row.version, "torchvision": row.torchvision,
                               "torchaudio": row.torchaudio}[name]) and tuple(paired.split(".")[:2]) == series]
        variants = sorted({v for row in rows for v in row.cuda_variants})
        if not rows or not variants or variant in variants:
            continue
        return "pip_index", Proof(
            tr("{name} {version} was taken from the {variant} index of PyTorch, which its release series was never "
               "built for: the index, not the Python, is wrong", name=name, version=version, variant=variant),
            (tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:200]),
             tr("the torch series of {name} {version} was built for {variants} (compat/torch.toml)", name=name,
                version=version, variants=", ".join(variants))),
            tr("Take it from the index of a CUDA variant it was built for ({variants}), or ask for a release built for "
               "{variant}; then lock again.", variants=", ".join(variants), variant=variant), LIKELY)
    return None


def _fix(name: str, tag: str, version: Optional[str]) -> str:
    if name == "linux-aarch64" and tag in ("cu", "pytorch-cuda"):
        # an ARM board's CUDA torch is NVIDIA's JetPack build (a Jetson) or a later release's aarch64 CUDA wheel
        return tr("On a Jetson, install NVIDIA's torch wheel for its JetPack (yolodoctor check names it); on another "
                  "aarch64 machine ask for a release that publishes an aarch64 CUDA wheel, from the PyTorch index of that "
                  "CUDA version. Keep the {tag} pins for x86_64 (an environment marker such as platform_machine == "
                  "'x86_64').", tag=_TAG_NAMES[tag])
    return tr("On {platform}, ask for the plain release (pip install torch=={version} from PyPI, or conda without "
              "pytorch-cuda and -c nvidia): its wheels carry no build tag. Keep the {tag} pins for the platforms that "
              "have them (an environment marker such as sys_platform != 'darwin', or a per-platform source).",
              platform=_NAMES[name], version=version or "<version>", tag=_TAG_NAMES[tag])


def _listing(line: str) -> bool:
    low = line.lower()
    return any(word in low for word in _LISTING) or _LIST_ITEM.match(line) is not None


def paste_platform(facts: Facts, lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, str]]:
    """(platform, evidence) of the machine the paste ran on, when it is one [[wheel_tag]] covers."""
    os_name = (facts.host.os or "").lower()
    if os_name == "darwin":
        return "macos", tr("the paste's facts say the machine runs macOS")
    if os_name in ("linux",) and (facts.host.arch or "").lower() in ("aarch64", "arm64"):
        return "linux-aarch64", tr("the paste's facts say the machine runs Linux on aarch64")
    if os_name in ("windows", "linux"):
        return None  # a tool said which system it is
    for lineno, line in lines:
        low = line.lower()
        uv = _UV_PLATFORM.search(low)
        if uv is not None:
            return ("macos" if uv.group("tag").startswith("macosx") else "linux-aarch64"), \
                tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])
        if _listing(line):
            continue  # a list of what exists names other platforms
        bare = low.replace("macosx_", "").replace("macosx-", "")  # wheel tags name macOS without running there
        if any(word in bare for word in _MAC_WORDS) or bare.strip().startswith(("osx", "macos")):
            return "macos", tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])
        if (("aarch64" in low and "linux" in low) or any(word in bare for word in _ARM_LINUX_WORDS)) \
                and ".whl" not in low:
            return "linux-aarch64", tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])
    return None


def _asked(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str, Optional[str], str]]:
    """(line, tag kind, version, tag) for each build the paste asks for: a tagged torch-family version, conda's
    pytorch-cuda, or a CUDA/ROCm index of PyTorch used as the only index."""
    out: list[tuple[int, str, Optional[str], str]] = []
    for lineno, line in lines:
        low = line.lower()
        if any(name in low for name in _TORCH_FAMILY):
            for match in _TAGGED.finditer(low):
                tag = match.group("tag")
                kind = "cu" if tag.startswith("cu") else "rocm" if tag.startswith("rocm") else "cpu"
                out.append((lineno, kind, match.group("version"), tag))
            for match in _BARE_TAG.finditer(low):
                tag = match.group("tag")
                out.append((lineno, "cu" if tag.startswith("cu") else "cpu", None, "+" + tag))
        if "pytorch-cuda" in low:
            out.append((lineno, "pytorch-cuda", None, "pytorch-cuda"))
        index = _VARIANT_INDEX.search(low)
        if index is not None and _only_index(low):
            tag = index.group("tag")
            out.append((lineno, "cu" if tag.startswith("cu") else "rocm", None, tag))
    return out


def _only_index(low: str) -> bool:
    """The PyTorch variant index on this line is the only one searched: pip's --index-url / -i (no extra index on
    the line), a "Looking in indexes:" line naming nothing else, or uv's distribution pinned to it."""
    if "registry+" in low:
        return True
    if "looking in indexes:" in low:
        urls = [u for u in low.split("looking in indexes:", 1)[1].split(",") if u.strip()]
        return bool(urls) and all("download.pytorch.org/whl/" in u or "download-r2.pytorch.org/whl/" in u for u in urls)
    return ("--index-url" in low or " -i " in low) and "extra-index-url" not in low


def _quote(lines: Sequence[tuple[int, str]], lineno: int) -> str:
    return next((line.strip()[:160] for at, line in lines if at == lineno), "")
