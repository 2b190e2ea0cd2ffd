"""Retrieval: the network stage, from a question to ``docs/reports/<id>/sources.bib``.

``retrieve`` queries OpenAlex, Crossref, arXiv and Semantic Scholar concurrently
(each host spaced to its published terms) and merges what they found;
``retrieve_question`` is the whole edge: it merges with the existing record, keeps
the best ``limit`` (plus pinned and imported sources), assigns keys and writes
``sources.bib`` and ``retrieval.yaml`` atomically -- or nothing at all when every
database failed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import httpx

from synth.bibtex import assign_keys
from synth.imports import pinned_file_sources
from synth.models import Question, Source
from synth.record import atomic_write, read_sources, report_dir, write_sources
from synth.retrieve.http import make_client
from synth.retrieve.log import (
    LOG_FILE,
    DatabaseLog,
    RetrievalLog,
    log_from_result,
    log_to_yaml,
    read_retrieval_log,
)
from synth.retrieve.merge import merge_sources, rank_sources, select_sources
from synth.retrieve.progress import NullProgress, Progress, progress_for, summary_lines
from synth.retrieve.run import (
    MAILTO_ENV,
    DatabaseReport,
    RetrievalResult,
    RunSettings,
    default_cache_root,
    retrieve,
)

__all__ = [
    "DatabaseLog",
    "DatabaseReport",
    "NullProgress",
    "Progress",
    "RetrievalLog",
    "RetrievalResult",
    "RunSettings",
    "make_client",
    "merge_sources",
    "progress_for",
    "rank_sources",
    "read_retrieval_log",
    "retrieval_log_path",
    "retrieve",
    "retrieve_question",
    "select_sources",
    "summary_lines",
]


def _today() -> dt.date:
    """Today's date in UTC."""
    return dt.datetime.now(dt.UTC).date()


def retrieval_log_path(root: Path, question_id: str) -> Path:
    """Where a question's retrieval log lives: ``docs/reports/<id>/retrieval.yaml``."""
    return report_dir(root, question_id) / LOG_FILE


def _count_kept(reports: tuple[DatabaseReport, ...], kept: list[Source]) -> list[DatabaseReport]:
    """Fill in how many kept sources each database found."""
    return [
        replace(r, kept=sum(1 for s in kept if r.name in s.databases))
        if r.status != "skipped"
        else r
        for r in reports
    ]


def retrieve_question(
    root: Path,
    question: Question,
    *,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    env: Mapping[str, str] | None = None,
    settings: RunSettings | None = None,
    today: Callable[[], dt.date] = _today,
) -> RetrievalResult:
    """Retrieve one question and update its record; raise ``AllDatabasesFailed`` writing nothing."""
    environment = os.environ if env is None else env
    settings = settings or RunSettings(env=environment, cache_root=default_cache_root(root))
    folder = report_dir(root, question.id)
    bib_path = folder / "sources.bib"
    existing = read_sources(bib_path)  # a broken record fails before any request
    pinned_files = pinned_file_sources(root, question)  # so does a broken pinned file
    with make_client(transport, mailto=environment.get(MAILTO_ENV, "").strip()) as client:
        result = retrieve(question, client, settings=settings, progress=progress)
    pool = merge_sources([*existing, *pinned_files, *result.sources])
    kept = select_sources(pool, question)
    keyed = assign_keys(kept, existing)
    changed = write_sources(bib_path, keyed)
    reports = _count_kept(result.databases, keyed)
    final = replace(
        result,
        sources=tuple(keyed),
        databases=tuple(reports),
        changed=changed,
    )
    queries = question.search.queries or (question.question,)
    atomic_write(folder / LOG_FILE, log_to_yaml(log_from_result(final, queries, today())))
    return final
