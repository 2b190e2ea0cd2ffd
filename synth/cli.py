"""The command line: a thin click layer over the library.

This module and ``synth.cli_git`` (the commands that read git history) are the
only ones that print or exit. Library code raises ``SynthError`` subclasses;
``SynthGroup`` turns them into ``Error: ...`` lines and exit codes (2 for usage
problems, 1 for everything else).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from synth import __version__
from synth.cli_git import diff, history
from synth.errors import Problem, QuestionError, SynthError
from synth.models import Question


class SynthGroup(click.Group):
    """A click group that reports ``SynthError`` as ``Error: message`` with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping library errors to messages and exit codes."""
        try:
            return super().invoke(ctx)
        except QuestionError as error:
            _report_problems(error.problems)
            sys.exit(error.exit_code)
        except SynthError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: no record was half-written.", err=True)
            sys.exit(130)


@click.group(cls=SynthGroup)
@click.version_option(__version__, prog_name="synth")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The repository to work in (holds questions/ and docs/).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """synth: living literature reports kept in git.

    \b
    Example:
        synth new "Does RLHF make code models more robust?"
        synth check
        synth run
    """
    ctx.obj = root


shard_option = click.option(
    "--shard",
    metavar="K/N",
    help="Only the K-th of N stable shards of the questions (for parallel CI jobs).",
)


def _root(ctx: click.Context) -> Path:
    root: Path = ctx.obj
    return root


@main.command("import-bib")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--question", "question_id", required=True, help="The question whose record gains the sources."
)
@click.pass_context
def import_bib(ctx: click.Context, file: Path, question_id: str) -> None:
    """Add the sources of a BibTeX file (e.g. a Zotero export) or a JSON paper list.

    Entries that cannot be read are reported with their line and skipped; the
    rest are merged into docs/reports/<ID>/sources.bib, which is written atomically.

    \b
    Example:
        synth import-bib library.bib --question moe-alignment-robustness
    """
    from synth.pipeline import import_sources

    outcome = import_sources(_root(ctx), question_id, file)
    for skipped in outcome.skipped:
        where = f"{file}:{skipped.line}" if skipped.line else str(file)
        click.echo(f"Skipped: {where}: {skipped.reason}", err=True)
    state = "updated" if outcome.changed else "unchanged"
    click.echo(
        f"Read {outcome.read} source(s) from {file}; {outcome.added} new; "
        f"{len(outcome.skipped)} skipped; {outcome.path} {state}."
    )


@main.command()
@click.argument("ids", nargs=-1)
@shard_option
@click.pass_context
def verify(ctx: click.Context, ids: tuple[str, ...], shard: str | None) -> None:
    """(Re)compute claims.yaml for questions from their stored sources; no network.

    \b
    Example:
        synth verify                          # every question
        synth verify moe-alignment-robustness
        synth verify --shard 2/4              # the second of four shards
    """
    from synth.pipeline import shard_ids, verify_questions
    from synth.questions import load_questions

    chosen = shard_ids(_root(ctx), shard, ids) if shard else list(ids) or None
    for outcome in verify_questions(_root(ctx), load_questions(_root(ctx), chosen)):
        question = outcome.question
        supported = sum(r.verified for r in outcome.results)
        state = "updated" if outcome.changed else "unchanged"
        click.echo(
            f"{question.id}: {supported} of {len(outcome.results)} claims supported; "
            f"{outcome.path} {state}."
        )


@main.command()
@click.argument("ids", nargs=-1)
@shard_option
@click.pass_context
def build(ctx: click.Context, ids: tuple[str, ...], shard: str | None) -> None:
    """Render the report pages and the home page from the record; no network.

    Incremental: only pages whose record or question changed since the last build
    are rendered again (.synth-cache/ remembers), and unchanged text is not
    rewritten. Then `mkdocs build` turns docs/ into the website.

    \b
    Example:
        synth build && mkdocs build --strict
        synth build --shard 1/4
    """
    from synth.pipeline import build as build_pages
    from synth.pipeline import shard_ids

    chosen = shard_ids(_root(ctx), shard, ids) if shard else list(ids) or None
    outcome = build_pages(_root(ctx), chosen)
    click.echo(f"Wrote {len(outcome.written)} page(s); {len(outcome.unchanged)} unchanged.")


def _report_problems(problems: list[Problem]) -> None:
    """Print each problem on its own line, then ``Error: N problems in M files``."""
    for problem in problems:
        click.echo(str(problem), err=True)
    in_files = _count(len({problem.path for problem in problems}), "file")
    click.echo(f"Error: {_count(len(problems), 'problem')} in {in_files}", err=True)


def _count(number: int, noun: str) -> str:
    """``1 problem``, ``3 problems``: a count with its noun in the right number."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@main.command()
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
    from synth.questions import check_paths, load_questions

    root = _root(ctx)
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
        _report_problems(problems)
        sys.exit(1)
    click.echo(f"{_count(checked, 'question')} OK")


@main.command()
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
    from synth.questions import question_path, write_new_question

    path = write_new_question(_root(ctx), question_text, question_id)
    click.echo(f"Created {question_path(path.stem)}")
    click.echo("Next: edit it, then run: synth check")


@main.command("check-claim")
@click.argument("claim", required=False)
@click.option(
    "--against",
    "against",
    type=click.Path(path_type=Path),
    default=None,
    help="A .bib file with abstracts, or a plain-text abstract.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--batch",
    type=click.Path(path_type=Path),
    default=None,
    help='A .jsonl file of {"id", "claim", "text"} lines; prints one result per line.',
)
def check_claim(claim: str | None, against: Path | None, as_json: bool, batch: Path | None) -> None:
    """Verify one claim against abstracts and explain the verdict.

    \b
    Example:
        synth check-claim "ChatGPT was released in November 2022." --against sources.bib
        synth check-claim "..." --against abstract.txt --json
        synth check-claim --batch claims.jsonl
    """
    import json

    from synth.check_claim import explain, read_sources, run_batch, verdict_json
    from synth.errors import UsageError
    from synth.verify import sentences_of
    from synth.verify import verify as verify_claim

    if batch is not None:
        if claim is not None or against is not None:
            raise UsageError("--batch reads claims and texts from the file -- drop CLAIM/--against")
        for result in run_batch(batch):
            click.echo(json.dumps(result, ensure_ascii=False))
        return
    if claim is None:
        raise UsageError(
            'no claim given -- run synth check-claim "CLAIM" --against FILE, or --batch FILE.jsonl'
        )
    if against is None:
        raise UsageError("no abstracts to check against -- add --against FILE (.bib or .txt)")
    verdict = verify_claim(claim, sentences_of(read_sources(against)))
    if as_json:
        click.echo(json.dumps(verdict_json(claim, verdict), ensure_ascii=False))
    else:
        click.echo("\n".join(explain(claim, verdict)))


@main.command()
@click.argument("ids", nargs=-1)
@click.pass_context
def retrieve(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Query the databases of each question and update its sources.bib.

    OpenAlex, Crossref, arXiv and Semantic Scholar (or the question's
    search.databases) are queried at the same time, each at its published rate.
    A database that fails is named and the others proceed; if all fail, the
    record is left untouched. Settings come from the environment: SYNTH_MAILTO
    (your contact address), OPENALEX_API_KEY (required for OpenAlex),
    SEMANTIC_SCHOLAR_API_KEY (optional) and SYNTH_<DB>_URL base-URL overrides.

    \b
    Example:
        export SYNTH_MAILTO=you@example.org OPENALEX_API_KEY=...
        synth retrieve moe-alignment-robustness
    """
    from synth.questions import load_questions

    root = _root(ctx)
    questions = load_questions(root, list(ids) or None)
    failed = [q.id for q in questions if not _retrieve_one(root, q, len(questions) == 1)]
    _fail_if_retrieval_failed(failed)


def _retrieve_one(root: Path, question: Question, alone: bool) -> bool:
    """Retrieve one question and print its summary; False when every database failed.

    Without any network, or for a single question, the failure is raised as it is.
    """
    from synth.errors import AllDatabasesFailed, NoNetwork
    from synth.retrieve import progress_for, retrieve_question, summary_lines
    from synth.retrieve.run import record_path

    try:
        result = retrieve_question(root, question, progress=progress_for(sys.stderr))
    except NoNetwork:
        raise  # nothing else can succeed either: one line, not one per question
    except AllDatabasesFailed as error:
        if alone:
            raise
        click.echo(f"Error: {error}", err=True)
        return False
    for line in summary_lines(result, str(record_path(root, question.id))):
        click.echo(line)
    return True


def _fail_if_retrieval_failed(failed: list[str]) -> None:
    """Exit 1 naming the questions whose databases all failed (their records were kept)."""
    if failed:
        raise SynthError(
            f"retrieval failed for {', '.join(failed)}; their previous records were kept"
        )


@main.command()
@click.argument("ids", nargs=-1)
@shard_option
@click.pass_context
def run(ctx: click.Context, ids: tuple[str, ...], shard: str | None) -> None:
    """Retrieve, verify and build: refresh questions end to end.

    A question whose databases all fail keeps its previous record and is still
    verified and built from it; the command then exits 1 after the build.

    \b
    Example:
        synth run moe-alignment-robustness
        synth run --shard 2/4                 # the second of four shards
    """
    from synth.pipeline import build as build_pages
    from synth.pipeline import shard_ids, verify_question
    from synth.questions import load_questions

    root = _root(ctx)
    failed = []
    chosen = shard_ids(root, shard, ids) if shard else list(ids) or None
    questions = load_questions(root, chosen)
    for question in questions:
        if not _retrieve_one(root, question, alone=False):
            failed.append(question.id)
        outcome = verify_question(root, question)
        supported = sum(r.verified for r in outcome.results)
        click.echo(f"{question.id}: {supported} of {len(outcome.results)} claims supported.")
    pages = build_pages(root, chosen)
    click.echo(f"Wrote {len(pages.written)} page(s); {len(pages.unchanged)} unchanged.")
    _fail_if_retrieval_failed(failed)


# Registered last: they are defined in their own module, on top of ``main``'s error handling.
main.add_command(diff)
main.add_command(history)
