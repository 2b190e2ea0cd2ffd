"""Randomly broken copies of a text, for tests that hold a fast reader to the slow one."""

from __future__ import annotations

import random
from collections.abc import Iterator


def _edit(lines: list[str], at: int, change: str, rng: random.Random) -> None:
    """One change to line ``at``, in place."""
    line = lines[at]
    if change == "drop":
        del lines[at]
    elif change == "copy":
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif change == "indent":
        lines[at] = "  " + line
    elif change == "dedent":
        lines[at] = line.removeprefix("  ")
    elif change == "cut":
        lines[at] = line[: rng.randrange(len(line) + 1)]
    elif change == "brace":
        lines[at] = line + rng.choice("{}")
    elif change == "comma":
        lines[at] = line.removesuffix(",") if line.endswith(",") else line + ","
    else:
        raise ValueError(f"no change named {change!r}")


def broken_copies(text: str, changes: list[str], count: int, seed: int) -> Iterator[str]:
    """``count`` copies of ``text``, each with one to three of ``changes`` at random lines."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(count):
        edited = list(lines)
        for _ in range(rng.randint(1, 3)):
            _edit(edited, rng.randrange(len(edited)), rng.choice(changes), rng)
        yield "\n".join(edited)
