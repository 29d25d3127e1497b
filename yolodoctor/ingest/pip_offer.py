"""What pip's own "no matching version" error says about its cause: the release asked for, set against the
versions pip was offered and the CUDA variant of the PyTorch index it searched.

pip prints `Could not find a version that satisfies the requirement torch==2.7.0 (from versions: ...)`; the
same words come from a Python too new or too old for the release and from an index that lacks it. The paste
itself tells them apart:

- a +cuXXX build, or a PyTorch index whl/cuXXX, that the release was never built for: the index is wrong
  (compat/torch.toml cuda_variants), whatever the versions list says; for a release older than the [[release]]
  table only the +cuXXX tag is judged ([[early_release]] cuda_variants);
- the versions offered all newer than the one asked for: this Python gets only later releases, so the
  release has no wheels for it (it is too new for the release);
- the versions offered all older, from a variant index that does carry the release: this Python is too old;
- a torch release the tables do not know, asked for above the oldest version offered: that version was never
  published (torch 1.15.0); a long-term-support release (torch 1.8.2, [[lts_release]]) asked for from any index but
  its own: the index lacks it, or, for a Python outside its range, the Python;
- the release itself offered, its +cuXXX build not: the index of that build was not used;
- a list cut short where it was pasted (no closing parenthesis, "[...]", "etc"): only what it shows is read; no
  end, span or gap is judged where the cut could hide the release asked for;
- releases pip ignored as yanked (listed among those offered), and torch's 0.1.2 source placeholders, say
  nothing about this Python, and are set aside;
- nothing but pre-releases on offer (nvidia-tensorrt's 0.0.1.dev5, tensorrt_libs' 9.x.dev): the real releases
  live on the vendor's index; nothing but 0.0.x placeholders (nvidia-cublas-cu11's 0.0.1) for a real release: its
  wheels exist for other platforms (glibc Linux, Windows) or on the vendor's index;
- nothing at all on offer, from indexes that are neither PyPI, the PyTorch index nor a public mirror of them: the
  private index or proxy lacks the package;
- pip told to use source distributions only (--no-binary :all:): torch publishes wheels only;
- nothing at all on offer for torch, torchvision or torchaudio from PyPI, the PyTorch index or a public mirror, where
  no other reading settles it and the index was read: those list the package for every Python they have wheels for,
  so this Python has none.

Only pip's lines are read (ingest.context keeps them, bounded); parsing is str.find and split: linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..facts.model import Facts
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY, Signal
from .proofs import Proof

if TYPE_CHECKING:  # the compat tables load on first use, not on import
    from ..knowledge.compat_torch import LtsRelease

# The signatures whose message is pip's "no matching version" (or its last line): their category is judged here.
# pip's "(from parent)" wording of it (a dependency's pin) is judged the same way: the pin is read just as well.
JUDGED = frozenset({"pip-no-matching-version", "pip-local-variant-not-found", "pip-no-version-bare",
                    "pip-dependency-not-on-index"})
_REQUIREMENT = "satisfies the requirement "
_FROM_VERSIONS = "(from versions:"
_YANKED = "Ignored the following yanked versions:"
# What a paste puts in place of the versions it left out of pip's list.
_ELISIONS = frozenset({"...", "[...]", "…", "[…]", "(...)", "etc", "etc.", "[truncated]", "<truncated>"})
_LOOKING = "looking in indexes:"
# pip's lines when it could not read an index at all: it then lists no versions for that reason.
_UNREAD_INDEX = ("Retrying (Retry(", "Could not fetch URL", "SSLError", "ProxyError", "NewConnectionError",
                 "ssl module in Python is not available", "Max retries exceeded")
# pip's retry warning when the index host could not be reached at all (no TLS or proxy answer: those are read by their
# own signatures): the empty list that follows is the network's, not the package's or the Python's.
_INDEX_UNREACHED = ("NewConnectionError", "ConnectTimeoutError", "Temporary failure in name resolution",
                    "Name or service not known", "getaddrinfo failed", "Network is unreachable", "Connection refused")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,80}")
# pip's --no-binary :all: as typed ("--no-binary :all:", "--no-binary=:all:") or printed in an argument list
# ("'--no-binary', ':all:'"): bounded, literal-prefixed.
_NO_BINARY_ALL = re.compile(r"""--no-binary(?:['"]?,?[ \t]{0,3}['"]?|=)['"]?:all:""")
# torch 0.1.2, 0.1.2.post1 and 0.1.2.post2 are source placeholders on PyPI that pip offers to every Python: like
# yanked releases they say nothing about which real releases this Python has.
_PLACEHOLDER = (0, 1, 2)
# PyPI's project named pytorch is itself a placeholder (0.1.2, 1.0.2): asking pip for it never gives torch.
_PLACEHOLDER_PROJECT = "pytorch"
# The packages PyTorch publishes nightlies of (X.Y.Z.devYYYYMMDD) on its nightly indexes.
_NIGHTLY_FAMILY = frozenset({"torch", "torchvision", "torchaudio", "pytorch-triton"})
# The packages PyTorch's own index builds per variant, and the build tags (local versions) of those variants.
TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio"})
_VENDOR_TAG = re.compile(r"(?:cu\d{2,3}|cpu|rocm[\d.]{0,8})$")
# Hosts and paths that serve those builds: the PyTorch index and its public mirrors (their pytorch-wheels and
# pytorch/whl trees, compat/mirrors.toml), as named in pip's own lines or the user's command.
_TORCH_WHEEL_HOSTS = ("download.pytorch.org", "download-r2.pytorch.org", "pytorch-wheels", "/pytorch/whl",
                      "torch_stable.html")
# The CUDA variant of a PyTorch index URL (whl/cu121, whl/test/cu124, whl/nightly/cu128): bounded, literal-prefixed.
_INDEX_VARIANT = re.compile(r"download\.pytorch\.org/whl/(?:test/|nightly/)?(cu\d{2,3})(?![\w])")
# name==version (or ===), possibly quoted or back-ticked, with an optional local tag.
_PIN = re.compile(r"^[`'\"]?(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]{0,80})(?:\[[^\]]{0,40}\])?\s{0,2}={2,3}\s{0,2}"
                  r"(?P<version>\d{1,4}(?:\.\d{1,6}){0,4}(?:(?:a|b|rc|\.post|\.dev)\d{1,8}){0,2}(?:\+[\w.]{1,40})?)")


@dataclass(frozen=True)
class Offer:
    """One `Could not find a version that satisfies the requirement` line, read."""

    line: int
    name: str  # normalised: lower case, "-" for "_" and "."
    version: str  # the exact version asked for, local tag included ("2.7.0+cu128")
    offered: tuple[str, ...]  # the versions pip listed; () for "none" or no list
    # Where the paste left versions out: after how many of `offered` ("1.9.0, [...]" -> (len,); an unclosed list too)
    elided: tuple[int, ...] = ()

    def cut_between(self, lower: Version, upper: Version) -> bool:
        """Whether what the paste left out could hold a release from `lower` to `upper`: the versions shown on each
        side of a cut bound it; a cut at an end of the list is open on that side."""
        for at in self.elided:
            before = _version(self.offered[at - 1]) if at > 0 else None
            after = _version(self.offered[at]) if at < len(self.offered) else None
            below_upper = before is None or Version(before.public) <= upper
            if below_upper and (after is None or Version(after.public) >= lower):
                return True
        return False


def read_offers(pip_lines: Sequence[tuple[int, str]]) -> list[Offer]:
    """The exact pins of pip's "no matching version" lines, with the versions each lists."""
    out = []
    for lineno, line in pip_lines:
        at = line.rfind(_REQUIREMENT)  # the last one: a message pasted twice over itself names the pin last
        if at < 0:
            at = line.lower().rfind(_REQUIREMENT)
        if at < 0:
            continue
        rest = line[at + len(_REQUIREMENT):]
        pin = _PIN.match(rest.strip())
        if pin is None:
            continue
        offered: list[str] = []
        elided: list[int] = []
        start = rest.find(_FROM_VERSIONS)
        if start >= 0:
            listed, closed, _ = rest[start + len(_FROM_VERSIONS):].partition(")")
            for item in (v.strip() for v in listed.split(",")):
                if item.lower() in _ELISIONS or (item and item.lower().rstrip(".").endswith("etc")):
                    elided.append(len(offered))
                elif item and item.lower() != "none":
                    offered.append(item)
            if not closed and offered:
                elided.append(len(offered))  # the line ends before pip's ")": the rest was not pasted
        out.append(Offer(lineno, normalised(pin.group("name")), pin.group("version"), tuple(offered),
                         tuple(sorted(set(elided)))))
    return out


def index_variants(pip_lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, cuXXX) for each PyTorch CUDA index the paste names."""
    out = []
    for lineno, line in pip_lines:
        for match in _INDEX_VARIANT.finditer(line.lower()):
            out.append((lineno, match.group(1)))
    return out


def judge(facts: Facts, pip_lines: Sequence[tuple[int, str]], signal: Signal,
          others: Sequence[Signal] = ()) -> Optional[tuple[str, Proof]]:
    """(category, proof) when the paste's own pip lines settle what `signal` (a "no matching version" message)
    means; None when they do not (the signature's own reading stands). `others` are the paste's other messages."""
    if signal.id not in JUDGED:
        return None
    source_only = _source_only(pip_lines)
    if source_only is not None:
        return "pip_index", source_only
    empty = empty_offer(pip_lines, signal.line)
    if empty is None and signal.id == "pip-no-version-bare":
        # a title or prose retelling pip's last line above pip's own message: a nightly that message reads as absent
        # from the index is read the same here
        unsynced = _nightly_retold(signal, pip_lines)
        if unsynced is not None:
            return unsynced
    if empty is not None:
        unreached = _index_unreached(empty[0], pip_lines)
        if unreached is not None:
            return "network_download", unreached
        private = _private_index(*empty, pip_lines)
        if private is not None:
            return private
        unsynced = _nightly_unsynced(*empty, pip_lines)
        if unsynced is not None:
            return unsynced
        set_aside = _python_set_aside(*empty, pip_lines)
        if set_aside is not None:
            return set_aside
    offers = read_offers(pip_lines)
    if not offers:
        return None
    # The scanner reports a message once, at its first line; the same message for another pin later in the paste
    # (pytorch==0.3.1, then torch==0.3.1) is read too when the nearest one settles nothing.
    nearest = sorted(offers, key=lambda o: (abs(o.line - signal.line), o.line))
    if abs(nearest[0].line - signal.line) > 3:
        return None
    # another message already says the Python itself has no torch (a 32-bit build, a Python too new): that stands
    python_said = any(o.category == "python_unsupported" and o.id not in JUDGED for o in others)
    # the bare line (a title's retelling, pip's last line) is read alone only where pip's full message for the same pin
    # is not in the paste with an empty list: that list is read instead
    if signal.id == "pip-no-version-bare" and not python_said and not _listed_empty(nearest[0], pip_lines):
        tagged = _vendor_build_without_index(nearest[0], pip_lines)
        if tagged is not None:
            return "pip_index", tagged
    indexes = index_variants(pip_lines)
    placeholder = None
    for offer in nearest:
        if offer.name == _PLACEHOLDER_PROJECT:
            # asked for by the placeholder's name: the index cannot have it; a torch pin beside it says more
            placeholder = placeholder or _placeholder_project(offer)
            continue
        verdict = _judge_offer(facts, offer, indexes, pip_lines)
        if verdict is not None:
            return verdict
    if placeholder is None and empty is not None:
        return _torch_none_for_python(*empty, pip_lines, others)
    return placeholder


def _judge_offer(facts: Facts, offer: Offer, indexes: list[tuple[int, str]],
                 pip_lines: Sequence[tuple[int, str]] = ()) -> Optional[tuple[str, Proof]]:
    from ..knowledge import compat

    asked = _version(offer.version)
    if asked is None:
        return None
    base = asked.base_version
    local = asked.local
    evidence = (tr("pasted line {line}: pip asks for {name}=={version}", line=offer.line, name=offer.name,
                   version=offer.version),)
    if offer.name == "torch":
        release = compat.torch_release(base)
        variant = local if local and local.startswith("cu") else (indexes[0][1] if indexes else None)
        python = facts.python.version
        if release is not None and python and release.python and not release.supports_python(python):
            return None  # the pinned-release finding says it, with the release's Pythons
        if variant and release is not None and release.cuda_variants and variant not in release.cuda_variants:
            return "pip_index", Proof(
                tr("torch {version} was never built for {variant}: that index (or build tag) cannot have it",
                   version=base, variant=variant),
                evidence + (tr("torch {version} was built for {variants} (compat/torch.toml)", version=base,
                               variants=", ".join(release.cuda_variants)),),
                tr("Install a build that exists: {command}, with a variant torch {version} was built for "
                   "({variants}); or ask for a torch release built for {variant}.",
                   command=f"pip install torch=={base} --index-url https://download.pytorch.org/whl/<variant>",
                   version=base, variants=", ".join(release.cuda_variants), variant=variant), LIKELY)
        early = compat.early_release_cuda_variants(base) if release is None else None
        # An older release's build tag (torch==1.9.0+cu118) is judged by the tag alone: the index named beside a
        # plain pin may well have been right for the Python's own wheel of another era.
        if early and local and local.startswith("cu") and local not in early:
            return "pip_index", Proof(
                tr("torch {version} was never built for {variant}: that index (or build tag) cannot have it",
                   version=base, variant=local),
                evidence + (tr("torch {version} was built for {variants} (compat/torch.toml)", version=base,
                               variants=", ".join(early)),),
                tr("Install a build that exists: {command}, with a variant torch {version} was built for "
                   "({variants}); or ask for a torch release built for {variant}.",
                   command=f"pip install torch=={base}+<variant> -f https://download.pytorch.org/whl/torch_stable.html",
                   version=base, variants=", ".join(early), variant=local), LIKELY)
    if asked.is_devrelease and offer.name in _NIGHTLY_FAMILY and offer.version not in offer.offered:
        # A nightly (2.7.0.dev20250310+cu128) is on no stable index and on PyPI never; the nightly indexes list only
        # recent nightlies (pytorch/pytorch#146575), so a pinned one disappears from them after a while.
        return "pip_index", Proof(
            tr("{name} {version} is a nightly build: PyPI and the stable indexes never carry nightlies, and the nightly "
               "index lists only recent ones, so no index offers it any more", name=offer.name, version=offer.version),
            evidence + ((tr("pip was offered only {versions}", versions=", ".join(offer.offered[:6])),)
                        if offer.offered else ()),
            tr("Ask for a released version from the stable index ({command}), or for a current nightly ({nightly}).",
               command=f"pip install {offer.name}==<release> --index-url https://download.pytorch.org/whl/<variant>",
               nightly=f"pip install --pre {offer.name} --index-url https://download.pytorch.org/whl/nightly/<variant>"),
            LIKELY)
    # pip lists the releases it ignored as yanked among those offered (torchvision's 0.1.6 and 0.2.0, for every
    # Python): they say nothing about which releases this Python has.
    yanked = _yanked(pip_lines)
    offered = [v for v in (_version(o) for o in offer.offered if o not in yanked) if v is not None
               and not (offer.name == "torch" and v.release == _PLACEHOLDER)]
    if not offered:
        return None
    # a list cut short says nothing of what it holds "only"
    if not offer.elided and all(v.is_prerelease or v.is_devrelease for v in offered):
        return "pip_index", Proof(
            tr("The index holds only pre-release placeholders of {name}: its real releases are published on the "
               "vendor's own index", name=offer.name),
            evidence + (tr("pip was offered only {versions}", versions=", ".join(offer.offered[:6])),),
            tr("Install it from the vendor's index (for NVIDIA's packages {command}), or from the vendor's "
               "download.", command="pip install --extra-index-url https://pypi.nvidia.com <package>"), LIKELY)
    if not offer.elided and all(v.release[:2] == (0, 0) for v in offered) and Version(base).release[:1] >= (1,):
        # Vendors keep 0.0.x source placeholders on PyPI (nvidia-cublas-cu11 0.0.1, tensorrt 0.0.1) that every
        # platform sees; the real releases are wheels for some platforms only (glibc Linux, Windows) or on the
        # vendor's index, so an offer of placeholders alone says this platform or index has none.
        return "pip_index", Proof(
            tr("pip was offered only placeholder versions of {name} ({versions}): its real releases are wheels for "
               "other platforms (glibc Linux, Windows) or on the vendor's own index", name=offer.name,
               versions=", ".join(offer.offered[:6])),
            evidence,
            tr("Install on a platform the package publishes wheels for (a glibc Linux such as Debian or Ubuntu rather "
               "than Alpine/musl; x86_64 or aarch64 as the package lists), or from the vendor's index ({command}).",
               command="pip install --extra-index-url https://pypi.nvidia.com <package>"), LIKELY)
    # Releases as pip's `==` compares them: a post-release (1.4.3.post1) is not the release it follows (1.4.3), a
    # build tag (+cu118) is ignored (PEP 440 version matching).
    bases = sorted({Version(v.public) for v in offered if not (v.is_prerelease or v.is_devrelease)})
    if not bases:
        return None
    wanted = Version(base) if asked.is_prerelease or asked.is_devrelease else Version(asked.public)
    lowest, highest = bases[0], bases[-1]
    shown = tr("pip was offered {low} to {high}", low=str(lowest), high=str(highest))
    lts = _lts_asked(offer.name, wanted) if wanted > lowest and wanted not in bases else None
    if lts is not None and not any(lts.index in line for _, line in pip_lines):
        return _lts_elsewhere(offer, lts, facts.python.version, evidence + (shown,))
    if offer.name == "torch" and wanted > lowest and _never_published(wanted):
        # A release the tables do not know, inside the span they cover, asked for where the offer has older
        # releases (torch 1.15.0); below all of them the Python's own span explains it first.
        return "pip_index", Proof(
            tr("torch {version} was never published: pip is offered {low} to {high}, but no such release exists",
               version=base, low=str(lowest), high=str(highest)),
            evidence + (shown,),
            tr("Ask for a torch release that exists (pip index versions torch lists them; {url} has the install "
               "command of each).", url="https://pytorch.org/get-started/previous-versions/"), LIKELY)
    if wanted in bases:
        if local:
            return "pip_index", Proof(
                tr("{name} {version} is offered for this Python, but not its +{tag} build: the index that carries "
                   "that build was not used", name=offer.name, version=base, tag=local),
                evidence + (shown,),
                tr("Install the build from the index of its variant, e.g. {command}.",
                   command=f"pip install {offer.name}=={offer.version} --index-url "
                           f"https://download.pytorch.org/whl/{local}"), LIKELY)
        return None
    if wanted < lowest:
        if offer.cut_between(wanted, lowest):
            return None  # the cut may hold earlier releases, the one asked for among them
        return "python_unsupported", Proof(
            tr("{name} {version} has no wheels for this Python: pip is offered only later releases, from {low}, "
               "so the Python is newer than that release supports", name=offer.name, version=base, low=str(lowest)),
            evidence + (shown,),
            tr("Create the environment with an older Python that {name} {version} was built for, or ask for a "
               "release this Python has ({low} or later).", name=offer.name, version=base, low=str(lowest)), LIKELY)
    if wanted > highest:
        if offer.cut_between(highest, wanted):
            return None  # the cut may hold later releases, the one asked for among them
        variant = next((v for _, v in indexes), None)
        release = compat.torch_release(base) if offer.name == "torch" else None
        if release is not None and variant and variant in release.cuda_variants:
            return "python_unsupported", Proof(
                tr("{name} {version} is on the {variant} index, but not for this Python: pip is offered releases "
                   "up to {high} only, so the Python is older than that release supports", name=offer.name,
                   version=base, variant=variant, high=str(highest)),
                evidence + (shown,),
                tr("Create the environment with a Python that {name} {version} was built for ({pythons}).",
                   name=offer.name, version=base, pythons=", ".join(release.python)), LIKELY)
        return None
    from .release_gap import judge_inside

    return judge_inside(offer.name, asked, bases, pip_lines, evidence, offer.cut_between)


def _placeholder_project(offer: Offer) -> tuple[str, Proof]:
    """pip asked for `pytorch`: on PyPI that project is a placeholder (0.1.2, 1.0.2) that installs no torch; the
    package is torch (only conda calls it pytorch)."""
    return "pip_index", Proof(
        tr("pip was asked for `pytorch`, which on PyPI is a placeholder project, not torch: no index offers {version} "
           "under that name", version=offer.version),
        (tr("pasted line {line}: pip asks for {name}=={version}", line=offer.line, name=offer.name,
            version=offer.version),)
        + ((tr("pip was offered only {versions}", versions=", ".join(offer.offered[:6])),) if offer.offered else ()),
        tr("Ask pip for torch instead ({command}, or the command pytorch.org gives for the platform and CUDA version) "
           "and write torch in requirements files; only conda names the package pytorch.",
           command=f"pip install torch=={offer.version}"), LIKELY)


def _source_only(pip_lines: Sequence[tuple[int, str]]) -> Optional[Proof]:
    """pip told to build every package from source (--no-binary :all:, as a flag or in a printed argument list):
    torch and the CUDA packages publish wheels only, so pip has nothing to choose from."""
    for lineno, line in pip_lines:
        if _NO_BINARY_ALL.search(line):
            return Proof(
                tr("pip was told to use source distributions only (--no-binary :all:), and torch and its CUDA packages "
                   "publish wheels only"),
                (tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160]),),
                tr("Drop --no-binary :all: (or name only the packages that must be built, --no-binary <name>), so "
                   "pip can use the wheels."), LIKELY)
    return None


def _vendor_build_without_index(offer: Offer, pip_lines: Sequence[tuple[int, str]]) -> Optional[Proof]:
    """pip's bare "no version" line (no list of what it saw) for a build-tagged pin of torch, torchvision or
    torchaudio (torch==1.13.0+cu116, torchvision==0.15.2+cpu) where no PyTorch index or mirror of it was named:
    PyPI and its mirrors carry no such builds whatever the Python, so the index is what is missing."""
    asked = _version(offer.version)
    if asked is None or offer.name not in TORCH_FAMILY or not asked.local or not _VENDOR_TAG.match(asked.local):
        return None
    # the index given to the run that failed (at or before the message): a command after it is what came next (the
    # reporter's retry or fix), not what failed
    if any(word in line.lower() for lineno, line in pip_lines if lineno <= offer.line for word in _TORCH_WHEEL_HOSTS):
        return None  # the index was given: then the Python or the platform is the likelier gap
    return Proof(
        tr("pip asks for the +{tag} build of {name} {version}, which only the PyTorch index (or a mirror of it) "
           "serves, and no such index was given: PyPI and its mirrors have no build-tagged wheels",
           tag=asked.local, name=offer.name, version=asked.base_version),
        (tr("pasted line {line}: pip asks for {name}=={version}", line=offer.line, name=offer.name,
            version=offer.version),),
        tr("Install the build from the index of its variant, e.g. {command}.",
           command=f"pip install {offer.name}=={offer.version} --index-url "
                   f"https://download.pytorch.org/whl/{asked.local}"), LIKELY)


def _torch_none_for_python(lineno: int, name: str, pip_lines: Sequence[tuple[int, str]],
                           others: Sequence[Signal]) -> Optional[tuple[str, Proof]]:
    """pip saw no release at all of torch, torchvision or torchaudio (pinned, a +cuXXX build or not) from PyPI, the
    PyTorch index or a public mirror: each of them lists that package's releases for every Python and platform it
    publishes wheels for, whatever the pin, so an empty list says this Python (too new, too old, 32-bit) has none, not
    that the index lacks the build. Not where the index could not be read at all (pip's retries, TLS or proxy
    failures, said by pip's lines or another message): then pip saw nothing for that reason."""
    if name not in TORCH_FAMILY:
        return None
    if any(o.id not in JUDGED and o.category in ("network_download", "pip_index") for o in others):
        return None
    for at, line in pip_lines:
        if at <= lineno and any(word in line for word in _UNREAD_INDEX):
            return None
    return "python_unsupported", Proof(
        tr("pip was offered no release of {name} at all: PyPI and the PyTorch index list {name} for every Python it "
           "publishes wheels for, so this Python (too new, too old, or 32-bit) has none", name=name),
        (tr("pasted line {line}: pip lists no version of {name} (from versions: none)", line=lineno, name=name),),
        tr("Use a 64-bit Python that the {name} release supports (e.g. uv venv --python 3.10, or conda create -n env "
           "python=3.10), or ask for a {name} release built for this Python.", name=name), LIKELY)


def _index_unreached(lineno: int, pip_lines: Sequence[tuple[int, str]]) -> Optional[Proof]:
    """pip retried the index page (/simple/<name>/) and never reached its host before it listed no version: it saw
    nothing because of the network."""
    for at, line in pip_lines:
        if at > lineno:
            break
        if "Retrying (Retry(" in line and "/simple/" in line and any(word in line for word in _INDEX_UNREACHED):
            return Proof(
                tr("pip could not reach the package index (its retries of the index page failed to connect), so it "
                   "saw no release at all: the empty list of versions is the network's, not the package's or the "
                   "Python's"),
                (tr("pasted line {line}: {text}", line=at, text=line.strip()[:160]),
                 tr("pasted line {line}: pip lists no version (from versions: none)", line=lineno)),
                tr("Give pip a way to the index: enable the notebook's internet access, set the proxy (pip --proxy "
                   "http://host:port, or HTTPS_PROXY), fix DNS, or use a reachable mirror ({command}); then install "
                   "again.", command="pip install -i https://pypi.tuna.tsinghua.edu.cn/simple <package>"), LIKELY)
    return None


def _listed_empty(offer: Offer, pip_lines: Sequence[tuple[int, str]]) -> bool:
    """pip's full message for the same pin is in the paste, listing no version at all."""
    return any(other.name == offer.name and other.version == offer.version and not other.offered
               and empty_offer(pip_lines, other.line) is not None for other in read_offers(pip_lines))


def empty_offer(pip_lines: Sequence[tuple[int, str]], near: int) -> Optional[tuple[int, str]]:
    """(line, name) of a "no matching version" line within 3 lines of `near` whose list of versions is empty
    ("(from versions: none)", or "(from versions: )" of older pip), pinned or not."""
    for lineno, line in pip_lines:
        if abs(lineno - near) > 3:
            continue
        at = line.lower().rfind(_REQUIREMENT)
        listed = line.find(_FROM_VERSIONS)
        if at < 0 or listed < 0 or line[listed + len(_FROM_VERSIONS):].split(")", 1)[0].strip().lower() not in ("", "none"):
            continue
        name = _NAME.match(line[at + len(_REQUIREMENT):].strip())
        if name is not None:
            return lineno, normalised(name.group(0))
    return None


def _private_index(lineno: int, name: str, pip_lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """pip saw no release at all, and searched only indexes that are neither PyPI, the PyTorch index nor a public
    mirror of them (compat/mirrors.toml): a private index or proxy (Nexus, Artifactory, devpi) that lacks the package
    or cannot fetch it is the likelier cause than the Python, which PyPI's own "none" would point to."""
    indexes = indexes_searched(pip_lines, lineno)
    if not indexes or any(_public(url) for url in indexes):
        return None
    return "pip_index", Proof(
        # the index's URL is in the evidence line: a headline is cut to the terminal's width, a URL must stay whole
        # not led by "pip ...": a headline that starts like a command would be kept whole, past the terminal's width
        tr("No release of {name} at all on the index pip searched, which is neither PyPI, the PyTorch index nor a "
           "public mirror: that index or proxy does not carry it (or cannot fetch it)", name=name),
        (tr("the indexes pip searched, and no other: {indexes}", indexes=", ".join(indexes[:3])),),
        tr("Check what the index serves (pip index versions {name} --index-url <that index>), or add PyPI / the "
           "PyTorch index beside it: {command}.", name=name,
           command="pip install <package> --extra-index-url https://pypi.org/simple"), LIKELY)


def _nightly_unsynced(lineno: int, name: str, pip_lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """pip saw no release at all of a nightly (a package class public mirrors leave out), and none of the releases it
    set aside for requiring another Python carries a build date: the Python refused none of that package's releases,
    so the index searched does not carry it (ingest.mirror_unsynced.nightly_not_set_aside)."""
    from .mirror_unsynced import nightly_not_set_aside  # that module reads this one's helpers

    set_aside = nightly_not_set_aside(name, lineno, pip_lines)
    if set_aside is None:
        return None
    at, line = set_aside
    return "pip_index", Proof(
        tr("No release of {name} at all, and none of the releases pip set aside for another Python is a nightly: the "
           "index pip searched does not carry {name} (PyPI mirrors such as TUNA leave nightly packages out)",
           name=name),
        (tr("pasted line {line}: {text}", line=at, text=line.strip()[:160]),),
        tr("Install {name} from PyPI itself, keeping the mirror for the rest: {command}.", name=name,
           command=f"pip install {name} --index-url https://pypi.org/simple"), LIKELY)


def _nightly_retold(signal: Signal, pip_lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """The same reading for pip's last line retold above pip's own message (a title): the first empty offer after it
    of the package it names."""
    told = signal.text.lower()
    for lineno, line in pip_lines:
        if lineno <= signal.line or _REQUIREMENT not in line.lower():
            continue
        empty = empty_offer(pip_lines, lineno)
        if empty is not None and empty[0] == lineno and empty[1] in told:
            return _nightly_unsynced(*empty, pip_lines)
    return None


def _python_set_aside(lineno: int, name: str, pip_lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, Proof]]:
    """pip saw no release at all on PyPI (or a public mirror of it), and said it set releases aside for requiring
    another Python: PyPI has the package, so what is missing is a release for this Python (it is newer or older than
    the package publishes wheels for), not the index. A PyTorch index in the run leaves it to the other readings."""
    indexes = indexes_searched(pip_lines, lineno)
    if any(not _public(url) or any(host in url for host in _TORCH_WHEEL_HOSTS) for url in indexes):
        return None
    said = [(at, line) for at, line in pip_lines if at <= lineno and PIP_OTHER_PYTHON in line.lower()]
    if not said:
        return None
    at, line = said[-1]
    return "python_unsupported", Proof(
        tr("No release of {name} at all for this Python, while pip set aside releases that require another Python: "
           "the Python is newer (or older) than the releases published for it", name=name),
        (tr("pasted line {line}: {text}", line=at, text=line.strip()[:160]),),
        tr("Use a Python the package publishes wheels for (e.g. an older one: uv venv --python 3.11, or conda create "
           "-n env python=3.11), or a release of the package built for this Python."), LIKELY)


def indexes_searched(pip_lines: Sequence[tuple[int, str]], lineno: int) -> list[str]:
    """The index URLs of the run whose message is on line `lineno`: its own "Looking in indexes:" line is the last one
    printed before the message (a paste may hold several runs). Where none came before it, the one set of indexes the
    lines after it name: pipx, poetry and other front ends print pip's errors first and pip's log, which opens with
    that line, after them. None where no line names them, or the later lines name several sets (other runs)."""
    runs = [urls for at, line in pip_lines if at <= lineno for urls in (_looked_in(line),) if urls]
    if runs:
        return runs[-1]
    later = [urls for at, line in pip_lines if at > lineno for urls in (_looked_in(line),) if urls]
    return later[0] if later and all(urls == later[0] for urls in later) else []


def _looked_in(line: str) -> list[str]:
    """The URLs of pip's "Looking in indexes: a, b" line (none for other lines)."""
    at = line.lower().find(_LOOKING)
    if at < 0:
        return []
    return [u.strip().rstrip(",") for u in line[at + len(_LOOKING):].split(",") if u.strip().startswith("http")]


def _public(url: str) -> bool:
    """PyPI, the PyTorch index, or one of the public mirrors of them that compat/mirrors.toml records."""
    from ..knowledge import compat
    from ..knowledge.files import KnowledgeError, load_compat_table

    host = host_of(url)
    known = {host_of(e.url) for e in compat.endpoints() if e.kind in ("pypi", "pytorch_wheels")}
    try:
        known |= {host_of(str(url)) for row in load_compat_table("mirrors.toml", "mirror", ("kind", "url"))
                  if row.get("kind") in ("pypi", "pytorch_wheels")
                  for url in [row["url"], *row.get("aliases", ())]}
    except KnowledgeError:
        pass
    return host in known or host in ("pypi.org", "pypi.python.org", "download.pytorch.org", "download-r2.pytorch.org")


def host_of(url: str) -> str:
    """The lower-cased host of a URL, without credentials or port."""
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    return host.split(":", 1)[0].lower()


def _yanked(pip_lines: Sequence[tuple[int, str]]) -> frozenset[str]:
    """The versions of pip's "Ignored the following yanked versions: 0.1.6, 0.1.7, ..." lines."""
    out: set[str] = set()
    for _, line in pip_lines:
        at = line.find(_YANKED)
        if at >= 0:
            out.update(v.strip() for v in line[at + len(_YANKED):].split(",") if v.strip())
    return frozenset(out)


def _lts_asked(name: str, wanted: Version) -> Optional[LtsRelease]:
    """The long-term-support torch release that `name`==`wanted` belongs to (torch 1.8.2, or its torchvision 0.9.2
    and torchaudio 0.8.2); None otherwise."""
    from ..knowledge import compat

    if name == "torch":
        return compat.lts_release(str(wanted))
    if name in TORCH_FAMILY:
        return next((lts for lts in compat.lts_releases() if str(wanted) == getattr(lts, name)), None)
    return None


def _lts_elsewhere(offer: Offer, lts: LtsRelease, python: Optional[str], evidence: tuple[str, ...]
                   ) -> tuple[str, Proof]:
    """A long-term-support release asked for from an index that never carries it: the index is wrong, unless the
    Python is outside the release's own range, which no index mends."""
    variant = lts.cuda_variants[-1]
    command = f"pip install {offer.name}=={offer.version.split('+')[0]} --extra-index-url {lts.index}{variant}"
    evidence = evidence + (tr("torch {version} is a long-term-support release, published only on {index}<variant> "
                              "(compat/torch.toml)", version=lts.version, index=lts.index),)
    if python and not lts.supports_python(python):
        return "python_unsupported", Proof(
            tr("{name} {version} is of torch's long-term-support release {lts}, which has builds for Python {pythons} "
               "only, on its own index; Python {python} gets it from no index",
               name=offer.name, version=str(offer.version), lts=lts.version, pythons=", ".join(lts.python),
               python=python),
            evidence,
            tr("Create the environment with Python {pythons}, then install from the long-term-support index "
               "({command}); or move to a regular torch release that this Python has.", pythons=", ".join(lts.python),
               command=command), LIKELY)
    return "pip_index", Proof(
        tr("{name} {version} is of torch's long-term-support release {lts}: it is published only on its own index "
           "({index}<variant>), never on PyPI or the regular PyTorch indexes, so pip lists the releases around it and "
           "not it", name=offer.name, version=str(offer.version), lts=lts.version, index=lts.index),
        evidence,
        tr("Add the long-term-support index: {command} (variants {variants}, or cpu).", command=command,
           variants=", ".join(lts.cuda_variants)), LIKELY)


def _never_published(wanted: Version) -> bool:
    """A torch release between 1.0.0 and the newest release in compat/torch.toml that neither table lists."""
    from ..knowledge import compat

    releases = compat.torch_releases()
    if not releases or not Version("1.0.0") <= wanted <= Version(releases[-1].version):
        return False
    version = str(wanted)
    return compat.torch_release(version) is None and compat.early_release_pythons(version) is None


def _version(text: str) -> Optional[Version]:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def normalised(name: str) -> str:
    """A distribution name as indexes compare it: lower case, "-" for runs of "-", "_" and "."."""
    return re.sub(r"[-_.]+", "-", name).lower()
