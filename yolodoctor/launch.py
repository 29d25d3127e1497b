"""The `yolodoctor` program: start the slow probe first, then everything else.

Importing the command line (typer, rich) and loading the rules and compat
tables take a few hundred milliseconds that owe nothing to the torch import
under the target interpreter; starting that import before them lets the two
overlap (facts/prestart.py). Only the standard library and the probe starter
are imported before it.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself costs 10 ms before the first probe could start
if TYPE_CHECKING:
    from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from .facts.prestart import start_probes

        start_probes(args)
    except Exception:  # the head start is an optimisation; the command starts its probes itself
        pass
    from .cli import main as cli_main

    try:
        return cli_main(args)
    finally:
        from .facts.prestart import discard_all

        # Probes nobody claimed (a usage error, a command that never collected) and the CPUs set aside
        # for them: the command is over, whoever called main() (a test runner, a notebook) goes on.
        discard_all()
