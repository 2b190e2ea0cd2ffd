"""The commands about question files: check and new."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synth.cli.common import report_problems, root_of
from synth.errors import QuestionError, SynthError
from synth.text import plural


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Validate question files, listing every problem with its file, line and field.

    With no FILES, checks every questions/*.yaml. Exits 1 when any problem is found.

    \b
    Example:
        synth check
        synth check questions/moe-alignment-robustness.yaml
    """
    from synth.questions.load import check_paths, load_questions

    root = root_of(ctx)
    if files:
        problems, checked = check_paths(list(files), root), len(files)
    else:
        try:
            problems, checked = [], len(load_questions(root))
        except QuestionError as error:
            problems, checked = error.problems, 0
        if not problems and not checked:
            raise SynthError(
                'no question files in questions/ -- create one with: synth new "<your question>"'
            )
    if problems:
        report_problems(problems)
        sys.exit(1)
    click.echo(f"{plural(checked, 'question')} OK")


@click.command()
@click.argument("question_text", metavar="QUESTION")
@click.option(
    "--id",
    "question_id",
    help="The question's id and file name: lowercase words joined by hyphens "
    "(default: made from the question).",
)
@click.pass_context
def new(ctx: click.Context, question_text: str, question_id: str | None) -> None:
    """Create questions/<id>.yaml, a commented scaffold for a research question.

    Refuses to overwrite an existing question file.

    \b
    Example:
        synth new "Does RLHF make code models more robust?"
        synth new "Does RLHF make code models more robust?" --id rlhf-robustness
    """
    from synth.paths import question_path
    from synth.questions.scaffold import write_new_question

    path = write_new_question(root_of(ctx), question_text, question_id)
    click.echo(f"Created {question_path(path.stem)}")
    click.echo("Next: edit it, then run: synth check")
