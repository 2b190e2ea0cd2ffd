"""A same-day HTTP response cache on disk, outside the record (``.synth-cache/http/``).

Bodies of successful responses that parsed are kept under
``<root>/<YYYY-MM-DD>/<sha256>.body``; only today's folder is read, so a rerun the same
day does not refetch while a run on a later day sees fresh data, and each retrieval
prunes the folders of earlier days. The key is the method, URL, parameters and JSON
body -- never API keys, which are sent as ``secret_params`` and stay off disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from synth.files import atomic_write
from synth.retrieve.exchange import MAX_RESPONSE_BYTES
from synth.retrieve.request import ApiRequest

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def utc_today() -> dt.date:
    """Today's date in UTC, so every machine agrees when the day ends."""
    return dt.datetime.now(dt.UTC).date()


def cache_key(request: ApiRequest) -> str:
    """A stable hex digest of everything that determines the answer, keys excluded."""
    material = json.dumps(
        [request.method, request.url, sorted(request.params), request.json_body],
        sort_keys=True,
        ensure_ascii=True,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class ResponseCache:
    """Response bodies of today, keyed by request; thread-safe because writes are atomic."""

    def __init__(self, root: Path, *, today: Callable[[], dt.date] = utc_today) -> None:
        self.root = root
        self._today = today

    def _path(self, request: ApiRequest) -> Path:
        """Where today's body for ``request`` lives."""
        return self.root / self._today().isoformat() / f"{cache_key(request)}.body"

    def get(self, request: ApiRequest) -> bytes | None:
        """Today's cached body for ``request``, or ``None``."""
        path = self._path(request)
        try:
            if path.stat().st_size > MAX_RESPONSE_BYTES:
                return None  # never written by this synth, which caps answers at that size
            return path.read_bytes()
        except OSError:
            return None

    def put(self, request: ApiRequest, content: bytes) -> None:
        """Store a body atomically; a cache that cannot be written is no cache, not an error."""
        # The cache is an optimisation: a read-only disk must not fail a retrieval.
        with contextlib.suppress(OSError):
            atomic_write(self._path(request), content)

    def prune(self) -> int:
        """Delete the folders of earlier days; return how many were removed.

        Only folders named like a day are touched, so a cache root given by mistake loses
        nothing else.
        """
        today = self._today().isoformat()
        removed = 0
        if not self.root.is_dir():
            return 0
        for child in self.root.iterdir():
            if _DAY.fullmatch(child.name) and child.name != today and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
        return removed
