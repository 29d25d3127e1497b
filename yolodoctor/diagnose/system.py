"""YD7xx: the machine around Python: shared memory, RAM, disk (rules/system.toml)."""

from __future__ import annotations

from typing import Optional

from .containers import shm_fix
from .context import Context
from .evidence import ev, gib
from ..i18n import tr
from .model import Hit, predicate


def _shm_fix(ctx: Context) -> str:
    # The runtime's own flag (Docker, Podman, Kubernetes) from compat/containers.toml.
    return tr("Restart the container with a larger /dev/shm: {fix}; as a stop-gap, train with workers=0.",
              fix=shm_fix(ctx.container or "other"))


@predicate("YD701")
def shm_small(ctx: Context) -> Optional[Hit]:
    shm = ctx.facts.host.shm_total_bytes
    minimum = int(ctx.param("min_shm_bytes", 2 ** 30))
    if not ctx.container or shm is None or shm >= minimum:
        return None
    return Hit(tr("/dev/shm in this {container} container is {size}; PyTorch DataLoader workers pass batches through "
                  "it and die with 'Bus error' or 'unable to write to file </torch_...>' when it is below about "
                  "{minimum}.", container=ctx.container, size=gib(shm), minimum=gib(minimum)),
               fix=_shm_fix(ctx), evidence=(ev("/dev/shm size", gib(shm)), ev("container", ctx.container)),
               data={"shm_bytes": shm, "min_shm_bytes": minimum}, explains=("YD702",))


@predicate("YD702")
def shm_small_for_nccl(ctx: Context) -> Optional[Hit]:
    shm = ctx.facts.host.shm_total_bytes
    minimum = int(ctx.param("min_shm_bytes", 2 ** 30))
    gpus = len(ctx.gpus)
    visible = _visible_count(ctx.facts.nvidia.cuda_visible_devices)
    wants_many = ctx.profile is not None and ctx.profile.gpus_min >= 2
    if shm is None or shm >= minimum or (max(gpus, visible) < 2 and not wants_many):
        return None
    evidence = [ev("/dev/shm size", gib(shm))]
    if visible > gpus:  # the GPUs listed are not known, but the processes are given several (CUDA_VISIBLE_DEVICES)
        gpus = visible
        evidence.append(ev("CUDA_VISIBLE_DEVICES", ctx.facts.nvidia.cuda_visible_devices))
    evidence.append(ev("GPUs", gpus))
    return Hit(tr("/dev/shm is {size} with {gpus} GPUs: NCCL's shared-memory transport between GPU processes needs "
                  "more, and multi-GPU training hangs or fails with 'unhandled system error'.", size=gib(shm),
                  gpus=gpus),
               fix=_shm_fix(ctx) if ctx.container else
               tr("Enlarge /dev/shm (mount -o remount,size=8G /dev/shm as root)."),
               evidence=tuple(evidence), data={"shm_bytes": shm, "min_shm_bytes": minimum, "gpus": gpus})


def _visible_count(value: Optional[str]) -> int:
    """How many GPUs CUDA_VISIBLE_DEVICES gives the process ("2,3" -> 2); 0 when unset or empty."""
    return len([part for part in (value or "").split(",") if part.strip() and part.strip() != "-1"])


@predicate("YD703")
def memory_low(ctx: Context) -> Optional[Hit]:
    available = ctx.facts.host.memory_available_bytes
    minimum = int(ctx.param("min_available_bytes", 4 * 2 ** 30))
    if available is None or available >= minimum:
        return None
    total = ctx.facts.host.memory_total_bytes
    message = tr("Only {available} of RAM is free (of {total}): data loading runs out of memory and is killed, or "
                 "dies with a 'Bus error' that looks like a shared-memory problem.", available=gib(available),
                 total=gib(total)) if total else \
        tr("Only {available} of RAM is free: data loading runs out of memory and is killed, or dies with a "
           "'Bus error' that looks like a shared-memory problem.", available=gib(available))
    return Hit(message,
               evidence=(ev("memory available", gib(available)), ev("memory total", gib(total))),
               data={"available_bytes": available, "min_available_bytes": minimum})


@predicate("YD704")
def disk_low(ctx: Context) -> Optional[Hit]:
    minimum = int(ctx.param("min_free_bytes", 5 * 2 ** 30))
    low = [d for d in ctx.facts.host.disks if d.free_bytes is not None and d.free_bytes < minimum]
    if not low:
        return None
    seen, places = set(), []
    for disk in low:
        if disk.path not in seen:
            seen.add(disk.path)
            places.append(tr("{path} ({purpose}) has {size} free", path=disk.path, purpose=disk.purpose,
                             size=gib(disk.free_bytes)))
    return Hit(tr("Little disk space where weights, datasets and caches go: {places}.", places=tr("; ").join(places)),
               evidence=tuple(ev(f"free space for {d.purpose}", tr("{size} at {path}", size=gib(d.free_bytes),
                                                                    path=d.path)) for d in low),
               data={"paths": [d.path for d in low], "min_free_bytes": minimum})
