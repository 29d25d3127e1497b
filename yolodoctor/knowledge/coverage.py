"""What the compat/ tables cover and how old they are (`yolodoctor knowledge`, the knowledge date of
`check`, and "newer than the tables" findings).

The knowledge date is the oldest `read` date of the tables that judge versions (torch, CUDA, cuDNN,
GPU architectures): a report judged by these tables is at most as fresh as the stalest of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .compat_cuda import toolkit_drivers
from .compat_flash_attn import flash_attn_wheels
from .compat_gpus import gpu_archs
from .compat_libs import cudnn_bundled_rows, cudnn_releases, tensorrt_releases
from .compat_torch import torch_releases
from .tables import CompatSource, default_source

# The tables a diagnosis of versions rests on; their oldest read date is the knowledge date.
JUDGING_TABLES = (("torch.toml", "release"), ("torch.toml", "arch"), ("cuda.toml", "toolkit"),
                  ("cuda.toml", "minor_compat"), ("cudnn.toml", "release"), ("cudnn.toml", "torch_bundled"),
                  ("gpus.toml", "arch"))


@dataclass(frozen=True)
class TableAge:
    file: str
    table: str
    read: str  # YYYY-MM-DD
    rows: int
    unverified: int  # rows marked verified = false
    sources: int


@dataclass(frozen=True)
class Newest:
    """The newest entry the tables know of one kind ("torch", "2.15.0")."""

    kind: str
    version: str
    table: str  # where it comes from: "compat/torch.toml [[release]]"


@dataclass(frozen=True)
class Coverage:
    knowledge_date: str
    newest: tuple[Newest, ...]
    tables: tuple[TableAge, ...]

    def newest_of(self, kind: str) -> Optional[str]:
        return next((n.version for n in self.newest if n.kind == kind), None)

    def as_data(self) -> dict[str, object]:
        return {"knowledge_date": self.knowledge_date,
                "newest": {n.kind: {"version": n.version, "table": n.table} for n in self.newest},
                "tables": [{"file": t.file, "table": t.table, "read": t.read, "rows": t.rows,
                            "unverified": t.unverified, "sources": t.sources} for t in self.tables]}


def knowledge_date(src: Optional[CompatSource] = None) -> str:
    """The oldest read date of the judging tables ("2026-11-22")."""
    src = src or default_source()
    return src.memo("coverage.date", lambda: min(str(src.meta(f, t)["read"]) for f, t in JUDGING_TABLES))


def knowledge_month(src: Optional[CompatSource] = None) -> str:
    """ "2026-11": how the date reads in a message."""
    return knowledge_date(src)[:7]


def table_ages(src: Optional[CompatSource] = None) -> tuple[TableAge, ...]:
    """Every [[table]] of every compat file with its read date, row count and unverified rows."""
    src = src or default_source()
    ages = []
    for path in sorted(src.root.glob("*.toml")):
        data = src.file(path.name)
        for table, meta in sorted((data.get("tables") or {}).items()):
            rows = data.get(table)
            if not isinstance(meta, dict) or not isinstance(rows, list):
                continue
            ages.append(TableAge(path.name, table, str(meta.get("read", "")), len(rows),
                                 sum(1 for r in rows if isinstance(r, dict) and r.get("verified") is False),
                                 len(meta.get("source") or ())))
    return tuple(ages)


def newest_judging(src: Optional[CompatSource] = None) -> tuple[Newest, ...]:
    """The newest torch, CUDA, driver, cuDNN and GPU capability known: what `check` compares a machine
    with. Reads only the tables the rules read anyway."""
    src = src or default_source()

    def build() -> tuple[Newest, ...]:
        found = [Newest("torch", torch_releases(src)[-1].version, "compat/torch.toml [[release]]"),
                 Newest("cuda", toolkit_drivers(src)[-1].cuda, "compat/cuda.toml [[toolkit]]")]
        drivers = [r.linux_driver for r in toolkit_drivers(src) if r.linux_driver]
        if drivers:
            found.append(Newest("driver", max(drivers, key=V.numeric), "compat/cuda.toml [[toolkit]]"))
        cudnn = [r.version for r in cudnn_releases(src)] + [r.cudnn for r in cudnn_bundled_rows(src)]
        found.append(Newest("cudnn", max(cudnn, key=V.pep440), "compat/cudnn.toml"))
        found.append(Newest("gpu_capability", V.capability_text(max(a.capability for a in gpu_archs(src))),
                            "compat/gpus.toml [[arch]]"))
        return tuple(found)

    return src.memo("coverage.newest_judging", build)


def newest_known(src: Optional[CompatSource] = None) -> tuple[Newest, ...]:
    """newest_judging() plus the newest flash-attn, TensorRT and Ultralytics known."""
    src = src or default_source()

    def build() -> tuple[Newest, ...]:
        found = list(newest_judging(src))
        wheels = flash_attn_wheels(src)
        if wheels:
            found.append(Newest("flash_attn", max((w.version for w in wheels), key=V.pep440),
                                "compat/flash_attn.toml [[wheel]]"))
        trt = [r.latest_patch for r in tensorrt_releases(src) if r.latest_patch]
        if trt:
            found.append(Newest("tensorrt", max(trt, key=V.pep440), "compat/tensorrt.toml [[release]]"))
        ultra = src.file("ultralytics.toml").get("tables", {}).get("family", {}).get("newest_known")
        if isinstance(ultra, str):
            found.append(Newest("ultralytics", ultra, "compat/ultralytics.toml [tables.family] newest_known"))
        return tuple(found)

    return src.memo("coverage.newest", build)


def coverage(src: Optional[CompatSource] = None) -> Coverage:
    src = src or default_source()
    return Coverage(knowledge_date(src), newest_known(src), table_ages(src))
