"""Exit codes, one place. 0/1/2 are the verdict; the rest are about the run."""

HEALTHY = 0
WARNINGS = 1
ERRORS = 2
USAGE = 64  # bad command line or bad input file (sysexits EX_USAGE)
DATA = 65  # an input document that cannot be read (sysexits EX_DATAERR); also `--from` a binary file
NOTHING = 66  # `check --from`: the input is empty, there is nothing to diagnose (sysexits EX_NOINPUT)
INTERNAL = 70  # yolodoctor itself failed (sysexits EX_SOFTWARE)
INTERRUPTED = 130


class UserError(Exception):
    """A problem the user can fix (bad option, unreadable file): one clear line, no traceback."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code
