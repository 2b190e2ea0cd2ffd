"""The commands that read the record's git history: ``synth diff`` and ``synth history``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from synth.cli.common import root_of
from synth.errors import SynthError
from synth.text import shorten

if TYPE_CHECKING:
    from synth.git.history import QuestionHistory


@click.command()
@click.argument("rev_a", metavar="[REV_A", default="HEAD", required=False)
@click.argument("rev_b", metavar="[REV_B]]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown for pull-request comments and job summaries; json for scripts.",
)
@click.pass_context
def diff(ctx: click.Context, rev_a: str, rev_b: str | None, fmt: str) -> None:
    """Show claim and source changes between two revisions of the record; no network.

    Compares REV_A (default HEAD) with REV_B (default: the working tree): claims
    added and removed, verdict flips, confidence changes of 0.1 or more, sources
    added and removed. Exits 0 whenever the diff was computed, changes or not.

    \b
    Example:
        synth diff                             # HEAD against the working tree
        synth diff origin/main HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from synth.git.diff import FORMATS, diff_revisions

    click.echo(FORMATS[fmt](diff_revisions(root_of(ctx), rev_a, rev_b)), nl=False)


@click.command()
@click.argument("question_id", metavar="ID")
@click.pass_context
def history(ctx: click.Context, question_id: str) -> None:
    """List when each claim of a question appeared, changed verdict or disappeared.

    Read from the git log of docs/reports/<ID>/claims.yaml (dates and short hashes).

    \b
    Example:
        synth history moe-alignment-robustness
    """
    from synth.git.evidence import evidence_history, load_versions
    from synth.git.history import load_histories
    from synth.git.reader import RecordLog, ensure_repository
    from synth.questions.load import load_questions

    root = root_of(ctx)
    (question,) = load_questions(root, [question_id])
    ensure_repository(root)
    histories = load_histories(root, [question.id])
    if histories is None:
        raise SynthError(
            "this clone has no history (it is shallow) -- run `git fetch --unshallow` first"
        )
    lines = history_lines(histories[question.id]) if question.id in histories else []
    for line in lines or [f"{question.id}: claims.yaml has no commits yet."]:
        click.echo(line)
    with RecordLog(root, [question.id]) as log:
        versions = (load_versions(root, [question.id], log) or {}).get(question.id, [])
    evidence = evidence_history(question, versions)
    if evidence:
        click.echo("Findings and gaps:")
    for event in evidence:
        click.echo(f"{event.commit.date} {event.commit.short} {shorten(event.text, 160)}")


def history_lines(history: QuestionHistory) -> list[str]:
    """``synth history`` output: one line per event, oldest first."""
    from synth.git.history import describe_event

    return [
        f"{e.commit.date} {e.commit.short} {e.claim_id} {describe_event(e)}: "
        f"{shorten(history.texts.get(e.claim_id, ''))}"
        for e in history.events
    ]
