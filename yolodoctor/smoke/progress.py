"""Which stage is running: a spinner on a terminal, plain lines otherwise (CI logs).

Progress goes to stderr, so that stdout carries only the report (text or JSON).
"""

from __future__ import annotations

import sys
from typing import Optional, Protocol, TextIO

from ..i18n import tr
from .model import FAIL, PASS, StageResult
from .plan import Job


class Progress(Protocol):
    def begin(self, job: Job, index: int, total: Optional[int]) -> None: ...

    def end(self, result: StageResult) -> None: ...

    def close(self) -> None: ...


def status_word(status: str) -> str:
    """pass / fail / skip (a stage's status, an enum value in the JSON) in the current language."""
    words = {PASS: lambda: tr("pass"), FAIL: lambda: tr("fail"), "skip": lambda: tr("skip")}
    return words[status]() if status in words else status


def _label(job: Job) -> str:
    return job.stage if job.device in ("", "-") else f"{job.stage} [{job.device}]"


class NullProgress:
    def begin(self, job: Job, index: int, total: Optional[int]) -> None:
        pass

    def end(self, result: StageResult) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress:
    """One line when a stage starts, one when it ends: what a log needs to show a hang."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not stop the run
            pass

    def begin(self, job: Job, index: int, total: Optional[int]) -> None:
        self._write(tr("smoke: [{index}/{total}] {stage} running (limit {seconds} s)", index=index, total=total or "?",
                       stage=_label(job), seconds=f"{job.timeout:g}"))

    def end(self, result: StageResult) -> None:
        self._write(tr("smoke: {stage}: {status} ({seconds} s)", stage=result.label, status=status_word(result.status),
                       seconds=f"{result.seconds:.1f}"))

    def close(self) -> None:
        pass


class RichProgress:
    """A transient spinner naming the running stage, with the tally so far."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.status = None
        self.passed = self.failed = self.skipped = 0

    def begin(self, job: Job, index: int, total: Optional[int]) -> None:
        from rich.markup import escape

        text = (f"[bold]{escape(_label(job))}[/bold] {escape(f'[{index}/{total or chr(63)}]')}  "
                f"[green]{escape(tr('{count} passed', count=self.passed))}[/green]{escape(tr(', '))}"
                f"[red]{escape(tr('{count} failed', count=self.failed))}[/red]{escape(tr(', '))}"
                f"{escape(tr('{count} skipped', count=self.skipped))}")
        if self.status is None:
            self.status = self.console.status(text)
            self.status.start()
        else:
            self.status.update(text)

    def end(self, result: StageResult) -> None:
        if result.status == PASS:
            self.passed += 1
        elif result.status == FAIL:
            self.failed += 1
        else:
            self.skipped += 1

    def close(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None


def for_stream(stream: TextIO = sys.stderr) -> Progress:
    """A spinner when the stream is a terminal, plain lines otherwise."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return RichProgress() if interactive else PlainProgress(stream)
