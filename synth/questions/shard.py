"""Split the questions into N stable shards, so that N machines can share a refresh.

A question's shard depends only on its own id (a hash), never on which other
questions exist: adding or removing a question moves no other question to a
different shard, so each shard's records and caches stay put between runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from synth.errors import UsageError

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 256  # a GitHub Actions matrix holds at most 256 jobs


def parse_shard(text: str) -> tuple[int, int]:
    """Read ``K/N`` (1 <= K <= N) into ``(K, N)``; raises ``UsageError`` otherwise."""
    match = _SHARD.match(text)
    if not match:
        raise UsageError(f"--shard {text!r} is not K/N -- write e.g. --shard 1/4 (K of N shards)")
    k, n = int(match.group(1)), int(match.group(2))
    if not 1 <= n <= MAX_SHARDS:
        raise UsageError(f"--shard {text}: N must be 1 to {MAX_SHARDS} -- e.g. --shard 1/4")
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}: K must be 1 to {n} -- e.g. --shard 1/{n}")
    return k, n


def shard_of(question_id: str, n: int) -> int:
    """The shard (1 to ``n``) a question belongs to, from a hash of its id."""
    digest = hashlib.sha256(question_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def select_shard(ids: Iterable[str], k: int, n: int) -> list[str]:
    """The ids of shard ``k`` of ``n``, in their given order; the N shards partition ``ids``."""
    if not 1 <= k <= n:
        raise UsageError(f"shard {k}/{n} does not exist -- K must be 1 to N")
    return [question_id for question_id in ids if shard_of(question_id, n) == k]
