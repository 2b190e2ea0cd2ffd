"""A guard against a hang: a block that takes far longer than it may fails instead of stalling.

Not a speed target (those are printed by benchmarks/): the limits are many times what the
code needs, and only a return to quadratic or unbounded work can reach them.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TookTooLong(AssertionError):
    """The guarded block ran past its limit."""


@contextmanager
def within_seconds(seconds: float) -> Iterator[None]:
    """Fail the block with ``TookTooLong`` once it has run ``seconds`` (main thread only)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TookTooLong(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
