"""Independent tasks on every core, when there are enough of them to repay the workers."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def run_tasks(
    work: Callable[[Task], Result], tasks: Sequence[Task], per_worker: int
) -> list[Result]:
    """``[work(task) for task in tasks]``, spread over worker processes when there are at
    least ``per_worker`` tasks for each of two or more workers (fewer would cost more to
    start than they save). Results come back in the order of ``tasks``."""
    workers = min(cores(), len(tasks) // per_worker)
    if workers < 2:
        return [work(task) for task in tasks]
    chunk = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, tasks, chunksize=chunk))
