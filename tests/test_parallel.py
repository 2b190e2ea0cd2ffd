"""Worker processes: results in order, and no worker outlives the command that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from synth.parallel import cores, run_tasks

needs_two_cores = pytest.mark.skipif(cores() < 2, reason="run_tasks starts workers on 2+ cores")

# Runs run_tasks over four tasks that each record their worker's pid and then wait a
# minute; SIGTERM raises KeyboardInterrupt, as the synth command line does.
SCRIPT = """\
import os, signal, sys, time
from pathlib import Path
from synth.parallel import run_tasks

folder = Path(sys.argv[1])

def wait(task):
    (folder / str(os.getpid())).touch()
    time.sleep(60)

def interrupt(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, interrupt)
try:
    run_tasks(wait, list(range(4)), per_worker=1)
except KeyboardInterrupt:
    sys.exit(143)
"""


def test_results_come_back_in_the_order_of_the_tasks() -> None:
    assert run_tasks(abs, [-3, 1, -2, 5, -9, 4], per_worker=2) == [3, 1, 2, 5, 9, 4]


def start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """The script running, and the pids of its two workers once both have a task."""
    script = tmp_path / "workers.py"
    script.write_text(SCRIPT, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    process = subprocess.Popen([sys.executable, str(script), str(pids)])
    deadline = time.monotonic() + 30
    while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(path.name) for path in pids.iterdir()]
    assert len(workers) == 2
    return process, workers


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def wait_until_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still running after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if running(pid)]


@needs_two_cores
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    process, workers = start(tmp_path)
    try:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert wait_until_gone(workers, 5) == []
    finally:
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


@needs_two_cores
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigterm_stops_the_workers_and_the_run_at_once(tmp_path: Path) -> None:
    process, workers = start(tmp_path)
    try:
        started = time.monotonic()
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) == 143
        assert time.monotonic() - started < 10  # not after the tasks' minute
        assert [pid for pid in workers if running(pid)] == []
    finally:
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
