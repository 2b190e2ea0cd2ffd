"""Progress per database while retrieving: a one-line display on a terminal, else nothing."""

from __future__ import annotations

import threading
from typing import Protocol, TextIO


class Progress(Protocol):
    """What the retrieval stage reports while it runs (called from worker threads)."""

    def start(self, database: str, total: int) -> None:
        """A database is about to make ``total`` requests."""

    def step(self, database: str, done: int) -> None:
        """A database has finished ``done`` of its requests."""

    def finish(self, database: str, status: str) -> None:
        """A database is done: ``ok`` or ``failed``."""

    def close(self) -> None:
        """Every database is done; leave the terminal tidy."""


class NullProgress:
    """Reports nothing: for pipes, files and tests."""

    def start(self, database: str, total: int) -> None:
        """Ignore."""

    def step(self, database: str, done: int) -> None:
        """Ignore."""

    def finish(self, database: str, status: str) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


class TerminalProgress:
    """Redraws one status line, e.g. ``openalex 2/3 | arxiv 1/3 | crossref ok``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._state: dict[str, str] = {}
        self._totals: dict[str, int] = {}
        self._lock = threading.Lock()
        self._width = 0

    def _draw(self) -> None:
        """Rewrite the status line in place (caller holds the lock)."""
        line = " | ".join(f"{name} {state}" for name, state in self._state.items())
        padding = " " * max(0, self._width - len(line))
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()
        self._width = len(line)

    def start(self, database: str, total: int) -> None:
        """Show the database with 0 of ``total`` requests done."""
        with self._lock:
            self._totals[database] = total
            self._state[database] = f"0/{total}"
            self._draw()

    def step(self, database: str, done: int) -> None:
        """Show ``done`` of the database's requests finished."""
        with self._lock:
            self._state[database] = f"{done}/{self._totals.get(database, done)}"
            self._draw()

    def finish(self, database: str, status: str) -> None:
        """Show the database's final status."""
        with self._lock:
            self._state[database] = status
            self._draw()

    def close(self) -> None:
        """End the status line."""
        with self._lock:
            if self._state:
                self._stream.write("\n")
                self._stream.flush()


def progress_for(stream: TextIO) -> Progress:
    """A terminal display when ``stream`` is a TTY, else a silent one."""
    isatty = getattr(stream, "isatty", None)
    return TerminalProgress(stream) if callable(isatty) and isatty() else NullProgress()
