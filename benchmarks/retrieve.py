"""Measure how well retrieval overlaps the databases while staying polite to each.

Starts the loopback server of recorded payloads used by the tests
(``tests/support/server.py``) with 100 ms latency per request, then retrieves the
example question (``questions/moe-alignment-robustness.yaml``) from all four
databases with the real per-host spacing and no cache, and prints:

- the wall time as a ratio to the busiest host's own schedule, i.e. the least time
  its spacing allows: ``(requests - 1) * interval + latency`` (target <= 1.15);
- the wall time as a ratio to the same requests made one database after another,
  the way separate sequential clients behave (measured, not computed);
- the smallest gap seen between two requests to one host, next to its spacing.

    .venv/bin/python benchmarks/retrieve.py [--latency 0.1] [--json]

Thresholds are printed next to the figures, never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support.retrieval import env_for  # noqa: E402
from support.server import RecordedApi  # noqa: E402

from synth.models import Question  # noqa: E402
from synth.questions.load import load_questions  # noqa: E402
from synth.retrieve.http import make_client  # noqa: E402
from synth.retrieve.run import PROVIDERS, RunSettings, plan_requests, retrieve  # noqa: E402

QUESTION_ID = "moe-alignment-robustness"
TARGET = 1.15


def timed_retrieve(question: Question, settings: RunSettings) -> float:
    """Seconds to retrieve ``question`` with a fresh client."""
    start = time.perf_counter()
    with make_client() as client:
        retrieve(question, client, settings=settings)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args()

    question = load_questions(REPO, [QUESTION_ID])[0]
    server = RecordedApi(latency=args.latency)
    env = env_for(server.start())
    settings = RunSettings(env=env, cache_root=None)
    try:
        plan = plan_requests(question, env)
        schedules = {
            name: (len(requests) - 1) * PROVIDERS[name].INTERVAL + args.latency
            for name, requests in plan.items()
        }
        busiest = max(schedules, key=lambda name: schedules[name])
        concurrent = timed_retrieve(question, settings)
        hits = list(server.hits)
        sequential = 0.0
        for name in plan:
            alone = replace(question, search=replace(question.search, databases=(name,)))
            sequential += timed_retrieve(alone, settings)
    finally:
        server.stop()

    gaps = {}
    for name in plan:
        times = [h.at for h in hits if h.database == name]
        gaps[name] = min((b - a for a, b in zip(times, times[1:], strict=False)), default=None)
    figures = {
        "question": QUESTION_ID,
        "latency_s": args.latency,
        "requests": {name: len(requests) for name, requests in plan.items()},
        "busiest_host": busiest,
        "busiest_schedule_s": round(schedules[busiest], 3),
        "concurrent_wall_s": round(concurrent, 3),
        "sequential_wall_s": round(sequential, 3),
        "ratio_to_busiest_schedule": round(concurrent / schedules[busiest], 3),
        "ratio_to_sequential": round(concurrent / sequential, 3),
        "min_gap_s": {k: None if v is None else round(v, 3) for k, v in gaps.items()},
    }
    print(f"question {QUESTION_ID}: requests per database {figures['requests']}")
    print(f"latency per request      {args.latency * 1000:.0f} ms")
    print(f"busiest host             {busiest}, own schedule {schedules[busiest]:.2f} s")
    print(f"concurrent wall time     {concurrent:.2f} s")
    print(f"sequential wall time     {sequential:.2f} s (one database after another)")
    print(
        f"ratio to busiest host    {figures['ratio_to_busiest_schedule']:.3f} (target <= {TARGET})"
    )
    print(f"ratio to sequential      {figures['ratio_to_sequential']:.3f} (lower is better)")
    for name, gap in gaps.items():
        shown = "-" if gap is None else f"{gap:.3f} s"
        print(f"min gap {name:<16} {shown} (spacing {PROVIDERS[name].INTERVAL} s)")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
