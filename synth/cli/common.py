"""What every command shares: the repository root, the shard option and how problems print."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from synth.errors import Problem
from synth.text import plural

shard_option = click.option(
    "--shard",
    metavar="K/N",
    help="Only the K-th of N stable shards of the questions (for parallel CI jobs).",
)


def root_of(ctx: click.Context) -> Path:
    """The repository the command works in (``--root``)."""
    root: Path = ctx.find_root().obj
    return root


def chosen_ids(root: Path, ids: Sequence[str], shard: str | None) -> list[str] | None:
    """The question ids a command works on: shard ``K/N`` of ``ids`` (or of every question),
    else ``ids``; None for every question."""
    if not shard:
        return list(ids) or None
    from synth.questions.load import question_files
    from synth.questions.shard import parse_shard, select_shard

    k, n = parse_shard(shard)
    return select_shard(list(ids) or list(question_files(root)), k, n)


def report_problems(problems: Sequence[Problem]) -> None:
    """Print each problem on its own line, then ``Error: N problems in M files``."""
    for problem in problems:
        click.echo(str(problem), err=True)
    in_files = plural(len({problem.path for problem in problems}), "file")
    click.echo(f"Error: {plural(len(problems), 'problem')} in {in_files}", err=True)
