"""Time ``synth check``'s validation of large question files: it must grow linearly.

Builds question files with N and 10 N keywords, pinned sources and unknown top-level
keys (each case once took 30-60 s at 20,000-40,000 items, being quadratic), validates
each with ``parse_question`` (best of three) and prints the seconds and the ratio of the two times:
linear work gives about 10, quadratic work about 100.

    .venv/bin/python benchmarks/question_check.py [--items 4000] [--json]

Thresholds are printed next to the figures, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import time
from collections.abc import Callable

from synth.errors import QuestionError
from synth.questions.schema import parse_question

TARGET_RATIO = 30.0  # 10x the items: linear ~10 (the GC adds up to 2-3x), quadratic ~100


def keywords(n: int) -> str:
    return "question: Many keywords?\nkeywords:\n" + "".join(f"  - k{i}\n" for i in range(n))


def sources(n: int) -> str:
    return "question: Many sources?\nsources:\n" + "".join(
        f"  - doi: 10.1000/{i}\n" for i in range(n)
    )


def unknown_keys(n: int) -> str:
    return "question: Many keys?\n" + "".join(f"x{i}: 1\n" for i in range(n))


CASES: dict[str, Callable[[int], str]] = {
    "keywords": keywords,
    "sources": sources,
    "unknown keys": unknown_keys,
}


def seconds(text: str, repeat: int = 3) -> float:
    """Best-of-``repeat`` seconds to validate ``text`` as a question file (problems are
    expected, not errors)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()  # the previous run's garbage is not this run's cost
        start = time.perf_counter()
        with contextlib.suppress(QuestionError):
            parse_question(text, "questions/big.yaml", "big")
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Run each case at N and 10 N items and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=4000, help="N, the smaller size")
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args()
    figures = {}
    for name, make in CASES.items():
        small, large = seconds(make(args.items)), seconds(make(10 * args.items))
        ratio = large / small
        figures[name] = {"small_s": small, "large_s": large, "ratio": ratio}
        verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
        print(
            f"{name:>13}: {args.items} in {small:.2f} s, {10 * args.items} in {large:.2f} s,"
            f" ratio {ratio:.1f} (target <= {TARGET_RATIO:.0f}: {verdict})"
        )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
