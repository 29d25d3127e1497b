"""Where a torch set is installed from: PyTorch's index, a mirror the user set up or that
answered when the official index did not, or plain PyPI when its default build is the one wanted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from ..diagnose import platform_gate
from ..facts.model import Facts
from ..i18n import tr
from . import compat_view as cv


@dataclass(frozen=True)
class TorchSource:
    index_url: Optional[str] = None  # None: the installer's configured index (PyPI)
    find_links: tuple[str, ...] = ()
    local_tag: bool = True  # pins carry +cu124
    description: str = ""
    verified: bool = True
    # Whether this run measured the source answering: True, False (probed and failed), None (not probed,
    # e.g. --offline, or given by the user). A False source is never printed without saying so.
    answered: Optional[bool] = None


def _official_base() -> str:
    endpoint = next((e for e in cv.endpoints() if e.kind == "pytorch_wheels"), None)
    if endpoint is None:
        raise ValueError("compat/mirrors.toml has no pytorch_wheels endpoint")
    return endpoint.url.rstrip("/")


def _from_mirror(mirror: cv.Mirror, variant: str, why: str) -> TorchSource:
    url = f"{mirror.url.rstrip('/')}/{variant}"
    if " -f " in f" {mirror.configure} ":  # a flat directory of wheels, not a PEP 503 index
        return TorchSource(find_links=(url,), description=f"{mirror.name} ({why})", verified=mirror.verified)
    return TorchSource(index_url=url, description=f"{mirror.name} ({why})", verified=mirror.verified)


def _configured(facts: Facts) -> list[str]:
    pip = facts.python.pip_config
    urls = [pip.index_url, *pip.extra_index_urls, *pip.find_links, facts.env.pip_index_url,
            *(facts.env.pip_extra_index_url or "").split()]
    return [u for u in urls if u]


def _endpoint_ok(facts: Facts, url_prefix: str) -> Optional[bool]:
    for probe in facts.network.endpoints:
        if probe.url and probe.url.rstrip("/").startswith(url_prefix.rstrip("/")):
            return probe.status == "ok"
    return None


def torch_source(variant: str, facts: Facts, override: Optional[str] = None,
                 pypi_default: Optional[str] = None) -> TorchSource:
    kind = platform_gate.gate(facts).kind
    if variant == "cpu" and kind in (platform_gate.MACOS, platform_gate.WINDOWS):
        # There PyPI's own torch wheel is the CPU build.
        return TorchSource(local_tag=False, description=tr("PyPI (its torch wheel for this OS is the CPU build)"))
    if override:
        return TorchSource(index_url=f"{override.rstrip('/')}/{variant}",
                           description=tr("the index given with --torch-index"))
    official = _official_base()
    pytorch_mirrors = [m for m in cv.mirrors() if m.kind == "pytorch_wheels"]
    for url in _configured(facts):
        for mirror in pytorch_mirrors:
            if url.rstrip("/").startswith(mirror.url.rstrip("/")):
                source = _from_mirror(mirror, variant, tr("configured for pip here"))
                return replace(source, answered=_endpoint_ok(facts, mirror.url))
    official_ok = _endpoint_ok(facts, official)
    if official_ok is False:
        for mirror in pytorch_mirrors:
            if _endpoint_ok(facts, mirror.url):
                return replace(_from_mirror(mirror, variant, tr("answered when {official} did not", official=official)),
                               answered=True)
        pypi_ok = _endpoint_ok(facts, "https://pypi.org")
        if pypi_default == variant and (facts.host.os or "linux").lower() == "linux" and pypi_ok is not False:
            return TorchSource(local_tag=False, answered=pypi_ok,
                               description=tr("PyPI (its torch wheel is the {variant} build; {official} did not "
                                              "answer)", variant=variant, official=official))
        return TorchSource(index_url=f"{official}/{variant}", answered=False,
                           description=tr("PyTorch's official index, which did not answer in this run ({status}), "
                                          "nor did any known mirror", status=_endpoint_status(facts, official)))
    return TorchSource(index_url=f"{official}/{variant}", description=tr("PyTorch's official index"),
                       answered=official_ok)


def _endpoint_status(facts: Facts, url_prefix: str) -> str:
    for probe in facts.network.endpoints:
        if probe.url and probe.url.rstrip("/").startswith(url_prefix.rstrip("/")):
            return probe.status or tr("unknown")
    return tr("not probed")


def offline_run(facts: Facts) -> bool:
    """The facts were collected with --offline: no source was measured."""
    return facts.network.status == "skipped"
