"""Independent tasks on every core, when there are enough of them to repay the workers.

Workers never outlive the command that started them. A worker blocked on its task
queue would otherwise wait forever once its parent is killed (``kill -9`` leaves the
queue's pipe open in every worker): on Linux the kernel sends each worker SIGTERM
when its parent dies (``PR_SET_PDEATHSIG``), and everywhere a watchdog thread in each
worker exits when the parent is gone. When the parent stops early (Ctrl-C, SIGTERM,
an error) it cancels the queued tasks and terminates its workers before going on.
A worker ends on SIGTERM by raising ``SystemExit``, so a write in progress removes
its temporary file (``synth.files.atomic_write``) before the worker exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from types import FrameType
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 0.5  # how often a worker's watchdog looks for its parent


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
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=follow_parent, initargs=(os.getpid(),)
    )
    try:
        results = list(pool.map(partial(_stoppable, work), tasks, chunksize=chunk))
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown()
    return results


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued tasks and terminate the workers now, instead of waiting for them."""
    processes = list(pool._processes.values())  # the executor has no public way to stop
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def follow_parent(parent: int) -> None:
    """Make this worker end when ``parent`` does (the pool's initializer, in each worker)."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform.startswith("linux") and os.getppid() == parent:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    threading.Thread(target=_watch, args=(parent, os.getppid()), daemon=True).start()


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _stoppable(work: Callable[[Task], Result], task: Task) -> Result:
    """``work(task)`` in a worker; SIGTERM during it ends the worker once the ``finally``
    blocks have run (the executor would report ``SystemExit`` as the task's result and
    carry on with the next task)."""
    try:
        return work(task)
    except SystemExit as stop:
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def _watch(parent: int, first_parent: int) -> None:
    """Exit the process once ``parent`` is gone (also checked right after the prctl call,
    which does not fire for a parent that died before it)."""
    while os.getppid() == first_parent and _alive(parent):
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # the main thread may be blocked on the task queue: leave without it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
