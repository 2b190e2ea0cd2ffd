"""Memory and time of retrieving one question while every database misbehaves.

Starts the loopback server of recorded payloads (``tests/support/server.py``), makes all
four databases answer each request the same hostile way (``tests/support/hostile.py``),
and retrieves the example question in a fresh child process per scenario, so the peak
resident memory measured (the child's own ``VmHWM``) is that retrieval's alone. Prints,
per scenario, the peak memory next to the 500 MB target, the wall time next to the
databases' time budget, and each database's outcome.

    .venv/bin/python benchmarks/hostile_network.py [--budget 180] [--only NAME ...] [--json]

``--budget`` is each database's time budget in seconds (synth's default is 180); the
drip scenarios take about that long. Thresholds are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support.hostile import (  # noqa: E402
    HOSTILE_TITLE,
    drip,
    gzip_bomb,
    gzip_bomb_bytes,
    invalid_gzip,
    redirect_loop,
)
from support.retrieval import PAYLOADS, env_for  # noqa: E402
from support.server import Fault, RecordedApi  # noqa: E402

QUESTION_ID = "moe-alignment-robustness"
MEMORY_TARGET_MB = 500
DATABASES = ("openalex", "crossref", "arxiv", "semanticscholar")
GIB = 1024**3


def _works_json(count: int) -> bytes:
    """A valid-looking list answer of ``count`` empty works, in each JSON provider's shape."""
    items = b",".join([b"{}"] * count)
    return b'{"results": [' + items + b'], "message": {"items": []}, "data": []}'


def _atom(count: int) -> bytes:
    """An Atom feed of ``count`` empty elements."""
    return b'<feed xmlns="http://www.w3.org/2005/Atom">' + b"<a/>" * count + b"</feed>"


def _hostile_text() -> bytes:
    data = json.loads(PAYLOADS["/works:openalex"].read_bytes())
    for work in data["results"]:
        work["title"] = HOSTILE_TITLE * 100
    return json.dumps(data).encode()


Faults = dict[str, list[Fault]]


def _everywhere(make: Callable[[str], Fault]) -> Callable[[], Faults]:
    """Faults made when the scenario runs (bodies are large): each database's own."""
    return lambda: {name: [make(name)] for name in DATABASES}


def _bombs() -> Faults:
    """2 GiB gzip bombs, built before the clock starts (the server's work, not synth's)."""
    gzip_bomb_bytes(2 * GIB)
    return {name: [Fault(action=gzip_bomb(2 * GIB))] for name in DATABASES}


def scenarios(budget: float) -> dict[str, Callable[[], Faults]]:
    """Scenario name -> what makes the faults every database answers with."""
    just_under = 8 * 1024 * 1024 - 4096  # the most synth will read: the worst parse
    return {
        "recorded answers": dict,
        "gzip bomb, 2 GiB each": _bombs,
        "largest answer synth reads": _everywhere(
            lambda name: Fault(
                200, _atom(just_under // 4) if name == "arxiv" else _works_json(just_under // 3)
            )
        ),
        "16 MB answer (over the cap)": _everywhere(lambda _: Fault(200, _works_json(5_500_000))),
        "body dripped 1 byte/s": _everywhere(
            lambda _: Fault(action=drip(1.0, budget + 30), every_request=True)
        ),
        "status line dripped 1 byte/s": _everywhere(
            lambda _: Fault(action=drip(1.0, budget + 30, headers_too=True), every_request=True)
        ),
        "invalid gzip": _everywhere(lambda _: Fault(action=invalid_gzip())),
        "redirect loop": _everywhere(lambda _: Fault(action=redirect_loop(), every_request=True)),
        "100,000-deep JSON": _everywhere(lambda _: Fault(200, b"[" * 100_000 + b"]" * 100_000)),
        "hostile text": lambda: {"openalex": [Fault(200, _hostile_text())]},
    }


CHILD = """
import json, sys, time
from pathlib import Path
from synth.errors import AllDatabasesFailed
from synth.pipeline import retrieve_question
from synth.questions.load import load_questions
from synth.retrieve.http import RetryPolicy
from synth.retrieve.run import RunSettings
import os
root = Path(sys.argv[1])
(question,) = load_questions(root, [sys.argv[2]])
settings = RunSettings(env=os.environ, cache_root=root / ".synth-cache" / "http",
                       policy=RetryPolicy(budget=float(sys.argv[3])))
start = time.monotonic()
try:
    result = retrieve_question(root, question, settings=settings)
    outcomes = {d.name: [d.status, d.error] for d in result.databases}
except AllDatabasesFailed as error:
    outcomes = {"all": ["failed", str(error)]}
# VmHWM: this process's own peak resident memory (ru_maxrss would include the parent's,
# which exec hands down).
status = Path("/proc/self/status").read_text()
peak_kb = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
elapsed = time.monotonic() - start
print(json.dumps({"outcomes": outcomes, "peak_kb": peak_kb, "retrieve_s": elapsed}))
"""


def run_scenario(faults: Faults, budget: float) -> dict[str, object]:
    """Retrieve the example question in a child process; its peak memory, time, outcomes."""
    server = RecordedApi()
    server.faults = {name: list(queue) for name, queue in faults.items()}
    env = {**os.environ, **env_for(server.start())}
    env.pop("SEMANTIC_SCHOLAR_API_KEY", None)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "questions").mkdir()
        source = REPO / "questions" / f"{QUESTION_ID}.yaml"
        (root / "questions" / source.name).write_bytes(source.read_bytes())
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), QUESTION_ID, str(budget)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stderr is not None
        output, errors = child.stdout.read(), child.stderr.read()
        _, status, _ = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        cached = sum(p.stat().st_size for p in root.rglob("*.body"))
    server.stop()
    lines = output.decode(errors="replace").strip().splitlines()
    report = json.loads(lines[-1]) if lines else {"outcomes": {"crash": errors.decode()[-300:]}}
    return {
        "peak_mb": round(report.get("peak_kb", 0) / 1024),
        "wall_s": round(wall, 1),
        "retrieve_s": round(report.get("retrieve_s", 0.0), 1),
        "exit": os.waitstatus_to_exitcode(status),
        "cache_mb": round(cached / 2**20, 1),
        "outcomes": report["outcomes"],
    }


def main() -> None:
    """Run every scenario (or those named) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=180.0, help="seconds per database")
    parser.add_argument("--only", nargs="*", help="scenario names to run (substring match)")
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args()
    figures = {}
    print(f"{'scenario':<30} {'peak MB':>8} {'retrieve s':>11} {'process s':>10}  outcomes")
    for name, make_faults in scenarios(args.budget).items():
        if args.only and not any(part in name for part in args.only):
            continue
        figures[name] = result = run_scenario(make_faults(), args.budget)
        outcomes = result["outcomes"]
        assert isinstance(outcomes, dict)
        shown = ", ".join(f"{db} {value[0]}" for db, value in outcomes.items())
        print(
            f"{name:<30} {result['peak_mb']:>8} {result['retrieve_s']:>11} "
            f"{result['wall_s']:>10}  {shown}"
        )
    worst = max(int(str(f["peak_mb"])) for f in figures.values())
    longest = max(float(str(f["retrieve_s"])) for f in figures.values())
    print(f"largest peak memory  {worst} MB (target < {MEMORY_TARGET_MB} MB)")
    print(f"longest retrieval    {longest} s (budget {args.budget:.0f} s per database)")
    print(f"largest cache left   {max(float(str(f['cache_mb'])) for f in figures.values())} MB")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
