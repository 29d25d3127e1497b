"""The options that control network probing, shared by `facts` and `check`."""

from __future__ import annotations

from functools import partial
from typing import Callable

import typer

OfflineOption = typer.Option(False, "--offline",
                             help="Send nothing over the network: skip every endpoint probe "
                                  "(also YOLODOCTOR_OFFLINE=1). docs/network.md lists the requests made otherwise.")
NetworkTimeoutOption = typer.Option(3.0, "--network-timeout", metavar="SECONDS", min=0.2, max=60.0,
                                    help="Hard limit for all network probes together.")


def network_probe(offline: bool, timeout: float) -> Callable:
    """The CollectOptions.network hook for these options."""
    from ..network.probe import collect_network

    return partial(collect_network, offline=offline, timeout=timeout)
