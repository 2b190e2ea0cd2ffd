"""The stage edges: import, retrieve and verify, each from the repository back into the record.

Each function reads what it needs, calls the pure stages and writes the record: every
write to ``docs/reports/<id>/`` starts here, through ``synth.record.store``, atomically.
Pages are not the record: ``synth.site.build`` renders them from it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from synth.models import ClaimResult, DatabaseRun, Question, Source
from synth.parallel import run_tasks
from synth.paths import CLAIMS_FILE, SOURCES_FILE, cache_dir, report_file
from synth.questions.load import load_questions
from synth.record.bibfile import Problem
from synth.record.bibtex import assign_keys
from synth.record.imports import Merge, combine_sources, pinned_file_sources, read_imports
from synth.record.log import RetrievalLog
from synth.record.store import read_sources, write_claims, write_log, write_sources

if TYPE_CHECKING:  # retrieval pulls in httpx, verification numpy: imported where they run
    import httpx

    from synth.retrieve.progress import Progress
    from synth.retrieve.run import RetrievalResult, RunSettings

VERIFY_PARALLEL_FROM = 10  # questions per worker below which verifying in one process is faster


@dataclass(frozen=True)
class ImportOutcome:
    """What ``import-bib`` did to a record: what it read, added and merged, what it noticed."""

    path: Path
    read: int
    added: int
    merges: list[Merge]
    problems: list[tuple[str, Problem]]  # (file, problem)
    changed: bool

    @property
    def known(self) -> int:
        """How many entries the record had from these files already, unchanged."""
        return sum(1 for merge in self.merges if merge.known)

    @property
    def skipped(self) -> int:
        """How many entries were not imported."""
        return sum(1 for _, problem in self.problems if problem.skipped)


@dataclass(frozen=True)
class VerifyOutcome:
    """The claims of one question after ``verify``."""

    question: Question
    path: Path
    results: list[ClaimResult]
    changed: bool
    sources: list[Source] = field(default_factory=list)  # what the claims were checked against


def import_sources(root: Path, question_id: str, files: Sequence[Path]) -> ImportOutcome:
    """Add the sources of BibTeX or JSON files (read in order, as one) to a question's record."""
    (question,) = load_questions(root, [question_id])
    existing = read_sources(report_file(root, question.id, SOURCES_FILE))
    read = read_imports(files)
    combined, merges = combine_sources(existing, read.imported)
    keyed = assign_keys(combined, existing)
    changed = write_sources(root, question.id, keyed)
    path = report_file(root, question.id, SOURCES_FILE)
    added = len(keyed) - len(existing)
    return ImportOutcome(path, len(read.imported), added, merges, read.problems, changed)


def retrieve_question(
    root: Path,
    question: Question,
    *,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    env: Mapping[str, str] | None = None,
    settings: RunSettings | None = None,
    today: Callable[[], dt.date] | None = None,
) -> RetrievalResult:
    """Retrieve one question and update its record; raise ``AllDatabasesFailed`` writing nothing.

    Merges what the databases found with the existing record, keeps the best ``limit``
    (plus pinned and imported sources), assigns keys and writes ``sources.bib`` and
    ``retrieval.yaml``.
    """
    from synth.retrieve.cache import utc_today
    from synth.retrieve.http import make_client
    from synth.retrieve.merge import merge_sources, select_sources
    from synth.retrieve.run import MAILTO_ENV, RunSettings, retrieve

    environment = os.environ if env is None else env
    settings = settings or RunSettings(env=environment, cache_root=cache_dir(root, "http"))
    existing = read_sources(report_file(root, question.id, SOURCES_FILE))  # a broken record
    pinned_files = pinned_file_sources(root, question)  # or pinned file fails before any request
    with make_client(transport, mailto=environment.get(MAILTO_ENV, "").strip()) as client:
        result = retrieve(question, client, settings=settings, progress=progress)
    pool = merge_sources([*existing, *pinned_files, *result.sources])
    keyed = assign_keys(select_sources(pool, question), existing)
    changed = write_sources(root, question.id, keyed)
    runs = tuple(_count_kept(run, keyed) for run in result.databases)
    final = replace(result, sources=tuple(keyed), databases=runs, changed=changed)
    queries = question.search.queries or (question.question,)
    date = (today or utc_today)().isoformat()
    write_log(root, question.id, RetrievalLog(question.id, date, queries, runs, final.duplicates))
    return final


def _count_kept(run: DatabaseRun, kept: Sequence[Source]) -> DatabaseRun:
    """A database's run with how many of the kept sources it found."""
    if run.status == "skipped":
        return run
    return replace(run, kept=sum(1 for s in kept if run.name in s.databases))


def verify_questions(root: Path, questions: Sequence[Question]) -> list[VerifyOutcome]:
    """Verify each question, on every core when there are many (questions are independent)."""
    return run_tasks(partial(verify_question, root), questions, VERIFY_PARALLEL_FROM)


def verify_question(root: Path, question: Question) -> VerifyOutcome:
    """(Re)compute a question's ``claims.yaml`` from its stored sources."""
    # Imported here, not at the top: a build needs neither numpy nor the verifier, and a no-op
    # build's time is mostly start-up.
    from synth.verify.extract import extract_claims
    from synth.verify.verifier import verify_claims

    sources = read_sources(report_file(root, question.id, SOURCES_FILE))
    claims = extract_claims(question, sources)
    results = verify_claims(claims, sources)
    changed = write_claims(root, question.id, results)
    path = report_file(root, question.id, CLAIMS_FILE)
    return VerifyOutcome(question, path, results, changed, sources)
