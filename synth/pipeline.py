"""The stages in order, for the commands: import, verify, build.

Each function reads what it needs from the repository, calls the pure stages,
and writes the record or the pages atomically. ``build`` reads only the
repository: it never touches the network.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from synth.claims import extract_claims
from synth.errors import UsageError
from synth.history import history_section, load_histories
from synth.imports import Skipped, combine_sources, read_import
from synth.models import ClaimResult, Question, Source
from synth.questions import load_questions
from synth.record import (
    CLAIMS_FILE,
    REPORTS_DIR,
    SOURCES_FILE,
    assign_keys,
    atomic_write,
    read_claims,
    read_sources,
    report_dir,
    write_claims,
    write_sources,
)
from synth.render import DatabaseRun, Report, render_index, render_report
from synth.retrieve.log import LOG_FILE, read_retrieval_log
from synth.review import ReviewInput, review
from synth.verify import verify_claims

INDEX_PAGE = Path("docs") / "index.md"


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


def verify_question(root: Path, question: Question) -> VerifyOutcome:
    """(Re)compute a question's ``claims.yaml`` from its stored sources."""
    folder = report_dir(root, question.id)
    sources = read_sources(folder / SOURCES_FILE)
    claims = extract_claims(question, sources)
    results = verify_claims(claims, sources)
    path = folder / CLAIMS_FILE
    changed = write_claims(path, question.id, results)
    return VerifyOutcome(question, path, results, changed)


def record_dates(root: Path) -> dict[str, str]:
    """The date each question's record was last committed, from one ``git log`` call.

    Outside a git checkout (a tarball) there are no dates, and pages say nothing.
    """
    try:
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", str(REPORTS_DIR)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            date = line[1:]
            continue
        parts = Path(line).parts
        if len(parts) == 4 and parts[3] in (SOURCES_FILE, CLAIMS_FILE):
            dates.setdefault(parts[2], date)
    return dates


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
    """Render every report page and the home page from the record; no network.

    The home page lists every question, so all are read; with ``ids`` only those
    reports' pages are rendered.
    """
    questions = load_questions(root)
    wanted = set(ids) if ids else None
    if wanted:
        unknown = sorted(wanted - {q.id for q in questions})
        if unknown:
            raise UsageError(f"no question {', '.join(unknown)} -- see `ls questions/`")
    dates = record_dates(root)
    histories = load_histories(root)  # all questions from one batched git log
    outcome = BuildOutcome()
    reports = []
    for question in questions:
        report = load_report(root, question, dates.get(question.id, ""))
        reports.append(report)
        if wanted is None or question.id in wanted:
            present = [r.claim.id for r in report.results]
            history = history_section(histories, question.id, present)
            page = replace(report, extra_sections=(*report.extra_sections, history))
            _write(outcome, report_dir(root, question.id) / "index.md", render_report(page))
    _write(outcome, root / INDEX_PAGE, render_index(reports))
    return outcome


def _write(outcome: BuildOutcome, path: Path, text: str) -> None:
    (outcome.written if atomic_write(path, text) else outcome.unchanged).append(path)
