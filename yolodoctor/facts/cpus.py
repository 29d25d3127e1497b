"""Keep yolodoctor's own work off the CPU the torch import runs on.

The torch import under the target interpreter is what `check` and `facts` wait
for; everything else (the second import group, yolodoctor's start-up, the other
probes) needs less CPU than it in all and can run beside it. On a machine with
few cores the scheduler often lets them share the import's core while another
idles, which costs a tenth of the run. So, where at least two CPUs are allowed,
the import probe takes the last allowed CPU (probe_target.py does it to itself)
and this process stays off it until the imports are done, then gets its CPUs
back: nothing started later (smoke, fix) runs on fewer cores.
"""

from __future__ import annotations

import os
import threading
from typing import Optional

_lock = threading.Lock()
_saved: Optional[set[int]] = None


def keep_off_torch_cpu() -> bool:
    """Leave the torch import's CPU to it; True if the affinity was changed."""
    global _saved
    with _lock:
        if _saved is not None:
            return False
        try:
            allowed = set(os.sched_getaffinity(0))
            if len(allowed) < 2:
                return False
            os.sched_setaffinity(0, sorted(allowed)[:-1])
        except (AttributeError, OSError):  # not Linux, or not allowed: the scheduler decides
            return False
        _saved = allowed
        return True


def restore() -> None:
    """Every CPU this process was allowed before keep_off_torch_cpu()."""
    global _saved
    with _lock:
        if _saved is None:
            return
        # Affinity is per thread on Linux, and the threads started meanwhile inherited the narrow set:
        # give every thread of this process its CPUs back, whichever thread calls this.
        try:
            threads = [int(t) for t in os.listdir("/proc/self/task")]
        except (OSError, ValueError):
            threads = [0]
        for thread in threads:
            try:
                os.sched_setaffinity(thread, _saved)
            except (AttributeError, OSError):  # a thread that has ended meanwhile
                pass
        _saved = None
