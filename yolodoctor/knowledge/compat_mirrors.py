"""Download endpoints and their mirrors (compat/mirrors.toml), as far as diagnose and fix need them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .tables import CompatSource, default_source, field, is_verified, text

FILE = "mirrors.toml"


@dataclass(frozen=True)
class Endpoint:
    kind: str  # huggingface, pypi, pytorch_wheels, github_releases, modelscope
    name: str
    url: str
    configure: str = ""
    verified: bool = True


def endpoints(src: Optional[CompatSource] = None) -> tuple[Endpoint, ...]:
    src = src or default_source()

    def build() -> tuple[Endpoint, ...]:
        where = f"{src.label}/{FILE}: [[endpoint]]"
        return tuple(Endpoint(field(where, e, i, "kind", text), str(e.get("name", "")),
                              field(where, e, i, "url", text).rstrip("/"), str(e.get("configure", "")),
                              is_verified(where, e, i))
                     for i, e in enumerate(src.table(FILE, "endpoint", ("kind", "url"))))

    return src.memo("mirrors.endpoint", build)


def endpoint(kind: str, src: Optional[CompatSource] = None) -> Optional[Endpoint]:
    for row in endpoints(src):
        if row.kind == kind:
            return row
    return None


def pytorch_index_url(variant: str, src: Optional[CompatSource] = None) -> str:
    """The download.pytorch.org index of one wheel variant (cu124, cpu)."""
    row = endpoint("pytorch_wheels", src)
    if row is None:
        from .files import KnowledgeError

        raise KnowledgeError(f"{(src or default_source()).label}/{FILE}: no [[endpoint]] of kind pytorch_wheels")
    return f"{row.url}/{variant}"
