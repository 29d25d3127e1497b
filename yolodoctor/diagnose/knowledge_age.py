"""YD220: the machine runs something newer than the tables know (rules/knowledge.toml).

Said once, one line per component; the other rules judge such a component by the nearest known entry."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat, coverage
from ..i18n import tr
from ..knowledge import versions as V
from .context import Context
from .evidence import ev
from .model import Hit, predicate


def _newer(version: Optional[str], newest: Optional[str], key=V.pep440) -> bool:
    if not version or not newest:
        return False
    try:
        return key(version) > key(newest)
    except (ValueError, TypeError):
        return False


def _mm(version: str) -> tuple[int, int]:
    return V.major_minor(version)


@predicate("YD220")
def newer_than_tables(ctx: Context) -> Optional[Hit]:
    month = coverage.knowledge_month()
    newest = {n.kind: n.version for n in coverage.newest_judging()}
    tables = tr("this yolodoctor's tables ({month})", month=month)
    lines, evidence, newer = [], [], []

    def add(kind: str, version: str, text: str) -> None:
        lines.append(text)
        evidence.append(ev(f"{kind} (newest known {newest.get(kind)})", version))
        newer.append({"kind": kind, "version": version, "newest_known": newest.get(kind)})

    if ctx.torch_release and _newer(ctx.torch_release, newest.get("torch")):
        add("torch", ctx.torch_release, tr("torch {version} is newer than {tables}: judged by the nearest "
                                           "known release ({known}).", version=ctx.torch_release, tables=tables,
                                           known=newest['torch']))
    cuda = ctx.torch_cuda
    if cuda and _newer(cuda, newest.get("cuda"), _mm):
        add("cuda", cuda, tr("CUDA {version} (torch's build) is newer than {tables}: judged by the nearest known "
                             "CUDA release ({known}) and its major's driver floor.", version=cuda, tables=tables,
                             known=newest['cuda']))
    nvcc = ctx.nvcc_version
    if nvcc and nvcc != cuda and _newer(nvcc, newest.get("cuda"), _mm):
        add("cuda", nvcc, tr("The CUDA toolkit {version} (nvcc) is newer than {tables}: judged by the nearest known "
                             "CUDA release ({known}) and its major's driver floor.", version=nvcc, tables=tables,
                             known=newest['cuda']))
    if ctx.driver and _newer(ctx.driver, newest.get("driver"), lambda v: V.numeric(v)[:1]):
        add("driver", ctx.driver, tr("NVIDIA driver {version} is newer than {tables}: it is taken to run every "
                                     "CUDA the tables know (up to {known}).", version=ctx.driver, tables=tables,
                                     known=newest.get('cuda')))
    cudnn = ctx.facts.torch.cudnn_version
    if cudnn and _newer(cudnn, newest.get("cudnn"), _mm):
        add("cudnn", cudnn, tr("cuDNN {version} is newer than {tables}: judged by the nearest known release "
                               "({known}).", version=cudnn, tables=tables, known=V.mm_text(newest['cudnn'])))
    top = newest.get("gpu_capability")
    for gpu in ctx.gpus:
        if gpu.capability and top and gpu.capability > V.capability(top) and compat.gpu_arch(gpu.capability) is None:
            add("gpu_capability", gpu.cap_text,
                tr("{gpu} reports compute capability {capability} (from {source}), newer than "
                   "{tables} (newest {known}): judged by the capability it reports.", gpu=gpu.label,
                   capability=gpu.cap_text, source=gpu.capability_source, tables=tables, known=top))
    if not lines:
        return None
    return Hit(" ".join(lines), evidence=tuple(evidence),
               data={"knowledge_date": coverage.knowledge_date(), "newer": newer})
