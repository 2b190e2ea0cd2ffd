"""The commands that change the record or the pages: import-bib, retrieve, verify, run, build."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from synth.cli.common import chosen_ids, root_of, shard_option
from synth.errors import SynthError
from synth.models import Question

if TYPE_CHECKING:
    from synth.pipeline import VerifyOutcome
    from synth.record.bibfile import Problem
    from synth.retrieve.run import RetrievalResult


# Problems of one kind beyond this many per file are counted, not listed: the fix is the same.
SHOWN_PER_KIND = 10


@click.command("import-bib")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--question", "question_id", required=True, help="The question whose record gains the sources."
)
@click.pass_context
def import_bib(ctx: click.Context, files: tuple[Path, ...], question_id: str) -> None:
    """Add the sources of BibTeX files (e.g. a Zotero export) or JSON paper lists.

    Entries that cannot be read are reported with their line and skipped; an entry
    that is a work already in the record (same DOI or arXiv id, or same title,
    authors and year) is merged into it and named. The rest are added to
    docs/reports/<ID>/sources.bib, which is written atomically. Files are read in
    order, as BibTeX reads them: @string macros of one are defined for the next.

    \b
    Example:
        synth import-bib library.bib --question moe-alignment-robustness
        synth import-bib AuthorIDs.bib Main.bib --question my-question
    """
    from synth.pipeline import import_sources

    outcome = import_sources(root_of(ctx), question_id, files)
    merged = [merge for merge in outcome.merges if not merge.known]
    for merge in merged:
        click.echo(f"Merged: {merge.entry.name} into {merge.into}: {merge.reason}")
    for line in problem_lines(outcome.problems):
        click.echo(line, err=True)
    state = "updated" if outcome.changed else "unchanged"
    click.echo(
        f"Read {outcome.read} source(s) from {', '.join(map(str, files))}; "
        f"{outcome.added} new; {outcome.known} already recorded; {len(merged)} merged; "
        f"{outcome.skipped} skipped; "
        f"{outcome.path} {state}."
    )


def problem_lines(problems: Sequence[tuple[str, Problem]]) -> list[str]:
    """One line a problem, ``file:line: what -- fix``; past a few of one kind, a count."""
    lines, shown = [], Counter[tuple[str, str]]()
    for file, problem in problems:
        shown[file, problem.kind] += 1
        if shown[file, problem.kind] <= SHOWN_PER_KIND:
            label = "Skipped" if problem.skipped else "Warning"
            where = f"{file}:{problem.line}" if problem.line else file
            lines.append(f"{label}: {where}: {problem.message}")
    for (file, _kind), count in shown.items():
        if count > SHOWN_PER_KIND:
            lines.append(
                f"Warning: {file}: {count - SHOWN_PER_KIND} more like the above -- the same "
                "fix applies"
            )
    return lines


@click.command()
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
    from synth.pipeline import verify_questions
    from synth.questions.load import load_questions

    root = root_of(ctx)
    for outcome in verify_questions(root, load_questions(root, chosen_ids(root, ids, shard))):
        state = "updated" if outcome.changed else "unchanged"
        click.echo(f"{outcome.question.id}: {_claims(outcome)}; {outcome.path} {state}.")


def _claims(outcome: VerifyOutcome) -> str:
    """What the verified claims count as (quoting is not verification), and the gaps."""
    from synth.synthesis.export import claims_summary
    from synth.synthesis.synthesise import synthesise

    synthesis = synthesise(outcome.question, outcome.sources, outcome.results)
    gaps = len(synthesis.map.gaps)
    mapped = f", {gaps} gap{'' if gaps == 1 else 's'}" if synthesis.concepts else ""
    return f"{claims_summary(synthesis)} ({len(synthesis.findings)} about the question{mapped})"


@click.command()
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
    from synth.site.build import build as build_pages

    root = root_of(ctx)
    outcome = build_pages(root, chosen_ids(root, ids, shard))
    click.echo(f"Wrote {len(outcome.written)} page(s); {len(outcome.unchanged)} unchanged.")


@click.command()
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
    from synth.questions.load import load_questions

    root = root_of(ctx)
    questions = load_questions(root, list(ids) or None)
    failed = [q.id for q in questions if not _retrieve_one(root, q, len(questions) == 1)]
    _fail_if_retrieval_failed(failed)


def _retrieve_one(root: Path, question: Question, alone: bool) -> bool:
    """Retrieve one question and print its summary; False when every database failed.

    Without any network, or for a single question, the failure is raised as it is.
    """
    from synth.errors import AllDatabasesFailed, NoNetwork
    from synth.paths import SOURCES_FILE, report_file
    from synth.pipeline import retrieve_question
    from synth.retrieve.progress import progress_for

    try:
        result = retrieve_question(root, question, progress=progress_for(sys.stderr))
    except NoNetwork:
        raise  # nothing else can succeed either: one line, not one per question
    except AllDatabasesFailed as error:
        if alone:
            raise
        click.echo(f"Error: {error}", err=True)
        return False
    for line in summary_lines(result, str(report_file(root, question.id, SOURCES_FILE))):
        click.echo(line)
    return True


def _fail_if_retrieval_failed(failed: list[str]) -> None:
    """Exit 1 naming the questions whose databases all failed (their records were kept)."""
    if failed:
        raise SynthError(
            f"retrieval failed for {', '.join(failed)}; their previous records were kept"
        )


@click.command()
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
    from synth.pipeline import verify_questions
    from synth.questions.load import load_questions
    from synth.site.build import build as build_pages

    root = root_of(ctx)
    chosen = chosen_ids(root, ids, shard)
    questions = load_questions(root, chosen)
    failed = [q.id for q in questions if not _retrieve_one(root, q, alone=False)]
    for outcome in verify_questions(root, questions):
        click.echo(f"{outcome.question.id}: {_claims(outcome)}.")
    pages = build_pages(root, chosen)
    click.echo(f"Wrote {len(pages.written)} page(s); {len(pages.unchanged)} unchanged.")
    _fail_if_retrieval_failed(failed)


def summary_lines(result: RetrievalResult, path: str) -> list[str]:
    """The summary after a question's retrieval: totals, then one line per database."""
    state = "updated" if result.changed else "unchanged"
    lines = [
        f"{result.question_id}: kept {len(result.sources)} source(s), merged "
        f"{result.duplicates} duplicate(s); {path} {state}."
    ]
    for report in result.databases:
        line = (
            f"  {report.name:<16} {report.status:<7} found {report.found:>3}  kept {report.kept:>3}"
        )
        lines.append(f"{line}  {report.error}" if report.error else line)
    return lines
