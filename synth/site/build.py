"""``synth build``: the report pages and the home page, rendered from the record; no network.

The pipeline reads top to bottom: find the questions, read when each record last
changed (one ``git log``), find the stale pages, read and review their records and
render them (on every core when there are many), then the home page.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from synth.errors import RecordError, UsageError
from synth.files import atomic_write
from synth.git.evidence import Version, evidence_history, load_versions
from synth.git.history import QuestionHistory, load_histories
from synth.git.reader import RecordLog
from synth.models import Question, Source
from synth.parallel import run_tasks
from synth.paths import (
    CLAIMS_FILE,
    DOCS_DIR,
    INDEX_PAGE,
    LOG_FILE,
    PAGE_FILE,
    SOURCES_FILE,
    file_in,
    outside_links,
    report_dir,
    report_file,
)
from synth.questions.load import load_question, load_questions, question_files
from synth.record.log import read_retrieval_log
from synth.record.store import read_claims, read_sources
from synth.site.buildcache import BuildCache, fingerprint
from synth.site.evidence_history import render_evidence_history
from synth.site.history import render_history
from synth.site.render import render_index, render_report
from synth.site.report import IndexRow, Report
from synth.synthesis.review import ReviewInput, review
from synth.synthesis.synthesise import synthesise
from synth.text import plural

PARALLEL_FROM = 40  # stale pages per worker process below which starting workers costs more


@dataclass
class BuildOutcome:
    """The pages ``build`` wrote, and those it left alone because they were unchanged."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def build(root: Path, ids: Sequence[str] | None = None) -> BuildOutcome:
    """Render the report pages and the home page from the record; no network.

    Incremental: a page whose inputs (question file, record files, last commit) are
    unchanged since the last build, and which nobody touched since, is neither read
    nor rendered again; the home page is rewritten only when a report changed. The
    cache in ``.synth-cache/`` only saves time: without it the build is a full one.
    With ``ids`` (even empty) only those reports' pages are written; the home page lists all.
    """
    files = question_files(root)
    _refuse_outside_links(root)
    wanted = set(ids) if ids is not None else None
    if wanted:
        unknown = sorted(wanted - files.keys())
        if unknown:
            raise UsageError(f"no question {', '.join(unknown)} -- see `ls questions/`")
    with RecordLog(root, list(files)) as log:
        versions = log.versions()
        cache = BuildCache.load(root)
        folders = {qid: report_dir(root, qid) for qid in files}  # each checked once
        inputs = {
            qid: _inputs(folders[qid], path, versions.get(qid, ("", "")))
            for qid, path in files.items()
        }
        pages = {qid: file_in(root, folders[qid], PAGE_FILE) for qid in files}
        stale = [qid for qid in files if not cache.fresh(qid, inputs[qid], pages[qid])]
        index_inputs = fingerprint((), *(f"{qid} {inputs[qid]}" for qid in sorted(files)))
        outcome = BuildOutcome()
        outcome.unchanged.extend(pages[qid] for qid in files if qid not in stale)
        if not stale and cache.index_fresh(index_inputs, root / INDEX_PAGE):
            outcome.unchanged.append(root / INDEX_PAGE)
            return outcome
        questions = load_questions(root, stale) if stale else []
        histories = load_histories(root, stale, log) if stale else None
        evidence = load_versions(root, stale, log) if stale else None
    tasks = [
        PageTask(
            root,
            q,
            versions.get(q.id, ("", ""))[0],
            wanted is None or q.id in wanted,
            histories.get(q.id) if histories else None,
            evidence.get(q.id) if evidence is not None else None,
        )
        for q in questions
    ]
    rows: dict[str, IndexRow] = {}
    for task, (written, row) in zip(
        tasks, run_tasks(render_page, tasks, PARALLEL_FROM), strict=True
    ):
        qid = task.question.id
        rows[qid] = row
        if written is None:
            cache.forget(qid)
            continue
        (outcome.written if written else outcome.unchanged).append(pages[qid])
        cache.record(qid, inputs[qid], pages[qid], row)
    for qid in files:
        if qid not in rows:
            rows[qid] = cache.row(qid) or _reread(root, files[qid], versions, cache)
    _write(outcome, root / INDEX_PAGE, render_index([rows[qid] for qid in sorted(files)]))
    cache.record_index(index_inputs, root / INDEX_PAGE)
    cache.save(files)
    return outcome


def _refuse_outside_links(root: Path) -> None:
    """Stop before writing when a link under docs/ leads out of the repository: mkdocs
    would copy what it points to into the published site."""
    links = outside_links(root, DOCS_DIR)
    if links:
        more = f" (and {plural(len(links) - 1, 'more link')})" if len(links) > 1 else ""
        raise RecordError(links[0] + more)


def _reference_year(sources: Sequence[Source], date: str) -> int | None:
    if date[:4].isdigit():
        return int(date[:4])
    years = [s.year for s in sources if s.year]
    return max(years) if years else None


def load_report(root: Path, question: Question, date: str = "") -> Report:
    """Read a question's record and review it, ready to render."""
    sources = read_sources(report_file(root, question.id, SOURCES_FILE))
    results = read_claims(report_file(root, question.id, CLAIMS_FILE))
    log = read_retrieval_log(report_file(root, question.id, LOG_FILE))
    retrieved = log.date if log else ""
    year = _reference_year(sources, retrieved or date)
    synthesis = synthesise(question, sources, results)
    scored = review(ReviewInput(question, sources, results, year, synthesis))
    return Report(
        question=question,
        sources=sources,
        results=results,
        review=scored,
        date=date,
        retrieved=retrieved,
        databases=log.databases if log else (),
        given_synthesis=synthesis,
    )


@dataclass(frozen=True)
class PageTask:
    """One report page to render: everything a worker process needs, picklable."""

    root: Path
    question: Question
    date: str
    write: bool  # False: read and review for the home page only
    history: QuestionHistory | None  # this question's claim history, None without one
    versions: list[Version] | None = None  # its record over time, for findings and gaps


def render_page(task: PageTask) -> tuple[bool | None, IndexRow]:
    """Read, review and render one report; (page written?, its row on the home page).

    ``written`` is None when the page was not to be written. Runs in worker processes.
    """
    report = load_report(task.root, task.question, task.date)
    if not task.write:
        return None, IndexRow.of(report)
    present = [r.claim.id for r in report.results]
    history = render_history(task.history, present)
    events = None
    if task.versions is not None:
        on_disk = (
            _text(task.root, task.question.id, CLAIMS_FILE),
            _text(task.root, task.question.id, SOURCES_FILE),
        )
        events = evidence_history(task.question, task.versions, {on_disk: report.synthesis})
    evidence = render_evidence_history(events, task.question.id)
    page = replace(report, extra_sections=(*report.extra_sections, history, evidence))
    written = atomic_write(_page(task.root, task.question.id), render_report(page))
    return written, IndexRow.of(report)


def _inputs(folder: Path, question_file: Path, version: tuple[str, str]) -> str:
    """The fingerprint of everything a report page is rendered from (its record's folder)."""
    try:
        record = sorted(
            (entry.name, entry.path)
            for entry in os.scandir(folder)
            if entry.is_file() and entry.name != PAGE_FILE and not entry.name.startswith(".")
        )
    except FileNotFoundError:
        record = []
    names = [name for name, _ in record]
    return fingerprint([question_file, *(path for _, path in record)], *names, *version)


def _text(root: Path, question_id: str, name: str) -> str | None:
    """The text of a record file, None when it is absent (as in a version without it)."""
    try:
        return report_file(root, question_id, name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _page(root: Path, question_id: str) -> Path:
    return report_file(root, question_id, PAGE_FILE)


def _reread(
    root: Path, path: Path, versions: dict[str, tuple[str, str]], cache: BuildCache
) -> IndexRow:
    """A report whose cached row could not be read: read it again and render it next time."""
    cache.forget(path.stem)
    question = load_question(path, root)
    return IndexRow.of(load_report(root, question, versions.get(question.id, ("", ""))[0]))


def _write(outcome: BuildOutcome, path: Path, text: str) -> None:
    (outcome.written if atomic_write(path, text) else outcome.unchanged).append(path)
