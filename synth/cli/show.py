"""``synth show``: a question's synthesis in the terminal, or as JSON for tools."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from synth.cli.common import root_of

if TYPE_CHECKING:
    from synth.models import Source
    from synth.synthesis.synthesise import Synthesis


@click.command()
@click.argument("question_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@click.pass_context
def show(ctx: click.Context, question_id: str, as_json: bool) -> None:
    """Print what a question's record says: the answer, the concepts and the sources that
    mention each, the pairs a sentence connects, the gaps, the findings and the off-topic
    sources. Read from the record only; no network.

    \b
    Example:
        synth show moe-alignment-robustness
        synth show moe-alignment-robustness --json | jq '.gaps'
    """
    from synth.citation import labels, narrative
    from synth.synthesis.export import as_json as to_json
    from synth.synthesis.export import as_text

    synthesis, sources = load_synthesis(root_of(ctx), question_id)
    named = labels(sources)

    def cite(key: str) -> str:
        return narrative(named[key]) if key in named else key

    if as_json:
        titles = {s.key: s.title for s in sources}
        click.echo(to_json(synthesis, titles, cite), nl=False)
    else:
        click.echo(as_text(synthesis, cite), nl=False)


def load_synthesis(root: Path, question_id: str) -> tuple[Synthesis, list[Source]]:
    """The synthesis of one question's record, and its sources."""
    from synth.paths import CLAIMS_FILE, SOURCES_FILE, report_file
    from synth.questions.load import load_questions
    from synth.record.store import read_claims, read_sources
    from synth.synthesis.synthesise import synthesise

    (question,) = load_questions(root, [question_id])
    sources = read_sources(report_file(root, question.id, SOURCES_FILE))
    results = read_claims(report_file(root, question.id, CLAIMS_FILE))
    return synthesise(question, sources, results), sources
