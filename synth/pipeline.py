"""The stages in order, for the commands: import, verify, build.

Each function reads what it needs from the repository, calls the pure stages,
and writes the record or the pages atomically. ``build`` reads only the
repository: it never touches the network.
"""

from __future__ import annotations

import os
import pickle
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from synth.bibtex import assign_keys
from synth.buildcache import BuildCache, fingerprint, pickle_report
from synth.errors import UsageError
from synth.history import QuestionHistory, load_histories, render_history
from synth.imports import Skipped, combine_sources, read_import
from synth.models import ClaimResult, Question, Source
from synth.questions import QUESTIONS_DIR, load_question, load_questions
from synth.questions import SUFFIX as QUESTION_SUFFIX
from synth.record import (
    CLAIMS_FILE,
    REPORTS_DIR,
    SOURCES_FILE,
    atomic_write,
    read_claims,
    read_sources,
    report_dir,
    write_claims,
    write_sources,
)
from synth.render import render_index, render_report
from synth.report import DatabaseRun, Report
from synth.review import ReviewInput, review
from synth.shard import parse_shard, select_shard

INDEX_PAGE = Path("docs") / "index.md"
PAGE_FILE = "index.md"  # a report's page, next to its record
PARALLEL_FROM = 40  # stale pages per worker process below which starting workers costs more
VERIFY_PARALLEL_FROM = 10  # questions per worker below which verifying in one process is faster
Task = TypeVar("Task")
Result = TypeVar("Result")


@dataclass(frozen=True)
class ImportOutcome:
    """What ``import-bib`` did to a record."""

    path: Path
    read: int
    added: int
    skipped: list[Skipped]
    changed: bool


@dataclass(frozen=True)
class VerifyOutcome:
    """The claims of one question after ``verify``."""

    question: Question
    path: Path
    results: list[ClaimResult]
    changed: bool


@dataclass
class BuildOutcome:
    """The pages ``build`` wrote, and those it left alone because they were unchanged."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def import_sources(root: Path, question_id: str, file: Path) -> ImportOutcome:
    """Add the sources of a BibTeX or JSON file to a question's record."""
    (question,) = load_questions(root, [question_id])
    path = report_dir(root, question.id) / SOURCES_FILE
    existing = read_sources(path)
    new, skipped = read_import(file)
    combined = combine_sources(existing, new)
    keyed = assign_keys(combined, existing)
    changed = write_sources(path, keyed)
    return ImportOutcome(path, len(new), len(keyed) - len(existing), skipped, changed)


def verify_questions(root: Path, questions: Sequence[Question]) -> list[VerifyOutcome]:
    """Verify each question, on every core when there are many (questions are independent)."""
    return _run(partial(verify_question, root), questions, VERIFY_PARALLEL_FROM)


def verify_question(root: Path, question: Question) -> VerifyOutcome:
    """(Re)compute a question's ``claims.yaml`` from its stored sources."""
    # Imported here, not at the top: a build needs neither numpy nor the verifier, and a no-op
    # build's time is mostly start-up.
    from synth.claims import extract_claims
    from synth.verify import verify_claims

    folder = report_dir(root, question.id)
    sources = read_sources(folder / SOURCES_FILE)
    claims = extract_claims(question, sources)
    results = verify_claims(claims, sources)
    path = folder / CLAIMS_FILE
    changed = write_claims(path, question.id, results)
    return VerifyOutcome(question, path, results, changed)


def record_versions(root: Path, ids: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
    """The (date, commit) of the last change to each question's record, from one ``git log``.

    Follows first-parent history, as the History section does: a merged pull request
    is one change, dated when it reached the branch. Reading stops once every one of
    ``ids`` is found, so a long history costs only as far back as the oldest record.
    Outside a git checkout (a tarball) there are no versions, and pages give no date.
    """
    wanted = set(ids) if ids is not None else None
    if wanted is not None and not wanted:
        return {}
    command = ["git", "log", "--first-parent", "-m", "--no-renames", "--name-only"]
    command += ["--format=%x00%H %cs", "--", str(REPORTS_DIR)]
    versions: dict[str, tuple[str, str]] = {}
    try:
        with subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        ) as git:
            assert git.stdout is not None
            commit = ("", "")
            for line in git.stdout:
                if line.startswith("\0"):
                    sha, _, date = line[1:].strip().partition(" ")
                    commit = (date, sha)
                    continue
                parts = Path(line.strip()).parts
                if len(parts) == 4 and parts[3] != PAGE_FILE:
                    versions.setdefault(parts[2], commit)
                    if wanted is not None and wanted <= versions.keys():
                        git.kill()  # the rest of history cannot change the answer
                        break
    except OSError:
        return {}
    if git.returncode not in (0, -9):
        return {}
    return versions


def _reference_year(sources: Sequence[Source], date: str) -> int | None:
    if date[:4].isdigit():
        return int(date[:4])
    years = [s.year for s in sources if s.year]
    return max(years) if years else None


def load_report(root: Path, question: Question, date: str = "") -> Report:
    """Read a question's record and review it, ready to render."""
    folder = report_dir(root, question.id)
    sources = read_sources(folder / SOURCES_FILE)
    results = read_claims(folder / CLAIMS_FILE)
    from synth.retrieve.log import LOG_FILE, read_retrieval_log  # the retrieval package is heavy

    log = read_retrieval_log(folder / LOG_FILE)
    runs = (
        [DatabaseRun(d.name, d.status, d.found, d.kept, d.error) for d in log.databases]
        if log
        else []
    )
    retrieved = log.date if log else ""
    year = _reference_year(sources, retrieved or date)
    scored = review(ReviewInput(question, sources, results, year))
    return Report(
        question=question,
        sources=sources,
        results=results,
        review=scored,
        date=date,
        retrieved=retrieved,
        databases=runs,
    )


def build(root: Path, ids: Sequence[str] | None = None) -> BuildOutcome:
    """Render the report pages and the home page from the record; no network.

    Incremental: a page whose inputs (question file, record files, last commit) are
    unchanged since the last build, and which nobody touched since, is neither read
    nor rendered again; the home page is rewritten only when a report changed. The
    cache in ``.synth-cache/`` only saves time: without it the build is a full one.
    With ``ids`` (even empty) only those reports' pages are written; the home page lists all.
    """
    files = question_files(root)
    wanted = set(ids) if ids is not None else None
    if wanted:
        unknown = sorted(wanted - files.keys())
        if unknown:
            raise UsageError(f"no question {', '.join(unknown)} -- see `ls questions/`")
    versions = record_versions(root, list(files))
    cache = BuildCache.load(root)
    inputs = {qid: _inputs(root, path, versions.get(qid, ("", ""))) for qid, path in files.items()}
    stale = [qid for qid in files if not cache.fresh(qid, inputs[qid], _page(root, qid))]
    index_inputs = fingerprint((), *(f"{qid} {inputs[qid]}" for qid in sorted(files)))
    outcome = BuildOutcome()
    outcome.unchanged.extend(_page(root, qid) for qid in files if qid not in stale)
    if not stale and cache.index_fresh(index_inputs, root / INDEX_PAGE):
        outcome.unchanged.append(root / INDEX_PAGE)
        return outcome
    questions = load_questions(root, stale) if stale else []
    histories = load_histories(root, stale) if stale else None  # one batched git log
    tasks = [
        PageTask(
            root,
            q,
            versions.get(q.id, ("", ""))[0],
            wanted is None or q.id in wanted,
            histories.get(q.id) if histories else None,
        )
        for q in questions
    ]
    reports: dict[str, Report] = {}
    for task, (written, data) in zip(tasks, _run(render_page, tasks), strict=True):
        qid = task.question.id
        reports[qid] = pickle.loads(data)
        if written is None:
            cache.forget(qid)
            continue
        (outcome.written if written else outcome.unchanged).append(_page(root, qid))
        cache.record(qid, inputs[qid], _page(root, qid), data)
    for qid in files:
        if qid not in reports:
            reports[qid] = cache.report(qid) or _reread(root, files[qid], versions, cache)
    _write(outcome, root / INDEX_PAGE, render_index([reports[qid] for qid in sorted(files)]))
    cache.record_index(index_inputs, root / INDEX_PAGE)
    cache.save(files)
    return outcome


@dataclass(frozen=True)
class PageTask:
    """One report page to render: everything a worker process needs, picklable."""

    root: Path
    question: Question
    date: str
    write: bool  # False: read and review for the home page only
    history: QuestionHistory | None  # this question's claim history, None without one


def render_page(task: PageTask) -> tuple[bool | None, bytes]:
    """Read, review and render one report; (page written?, pickled report for the home page).

    ``written`` is None when the page was not to be written. Runs in worker processes.
    """
    report = load_report(task.root, task.question, task.date)
    if not task.write:
        return None, pickle_report(report)
    present = [r.claim.id for r in report.results]
    history = render_history(task.history, present)
    page = replace(report, extra_sections=(*report.extra_sections, history))
    written = atomic_write(_page(task.root, task.question.id), render_report(page))
    return written, pickle_report(report)


def _run(
    work: Callable[[Task], Result], tasks: Sequence[Task], per_worker: int = PARALLEL_FROM
) -> list[Result]:
    """Run the tasks on every core when there are enough to repay starting the workers."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = min(cores or 1, len(tasks) // per_worker)
    if workers < 2:
        return [work(task) for task in tasks]
    chunk = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, tasks, chunksize=chunk))


def shard_ids(root: Path, shard: str, ids: Sequence[str] = ()) -> list[str]:
    """The question ids in shard ``K/N`` of ``ids`` (of every question when none are given)."""
    k, n = parse_shard(shard)
    return select_shard(list(ids) or list(question_files(root)), k, n)


def question_files(root: Path) -> dict[str, Path]:
    """``{id: path}`` of every question file; a stray ``.yml`` file is reported as a problem."""
    folder = root / QUESTIONS_DIR
    if folder.is_dir() and any(folder.glob("*.yml")):
        load_questions(root)  # raises QuestionError naming the stray file and the fix
    paths = sorted(folder.glob(f"*{QUESTION_SUFFIX}")) if folder.is_dir() else []
    return {path.stem: path for path in paths if not path.name.startswith(".")}


def _inputs(root: Path, question_file: Path, version: tuple[str, str]) -> str:
    """The fingerprint of everything a report page is rendered from."""
    folder = report_dir(root, question_file.stem)
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


def _page(root: Path, question_id: str) -> Path:
    return report_dir(root, question_id) / PAGE_FILE


def _reread(
    root: Path, path: Path, versions: dict[str, tuple[str, str]], cache: BuildCache
) -> Report:
    """A report whose cached copy could not be read: read it again and render it next time."""
    cache.forget(path.stem)
    question = load_question(path, root)
    return load_report(root, question, versions.get(question.id, ("", ""))[0])


def _write(outcome: BuildOutcome, path: Path, text: str) -> None:
    (outcome.written if atomic_write(path, text) else outcome.unchanged).append(path)
