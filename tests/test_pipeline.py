"""retrieve_question: the whole edge, from a question to sources.bib and retrieval.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from support.retrieval import env_for, make_question, payload_for

from synth.errors import AllDatabasesFailed, SourceFileError
from synth.models import PinnedSource, Source
from synth.paths import SOURCES_FILE, report_file
from synth.pipeline import retrieve_question
from synth.record.bibtex import assign_keys
from synth.record.log import read_retrieval_log
from synth.record.store import read_sources, write_sources
from synth.retrieve.http import RetryPolicy
from synth.retrieve.run import RunSettings

BASE = "http://mock.test"
FAST = {"openalex": 0.0, "crossref": 0.0, "arxiv": 0.0, "semanticscholar": 0.0}
DAY = dt.date(2026, 3, 1)


def recorded(request: httpx.Request) -> httpx.Response:
    found = payload_for(request.url.path)
    return httpx.Response(200, content=found[1].read_bytes()) if found else httpx.Response(404)


def failing(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503)


def run(root: Path, handler: object, **kwargs: object) -> object:
    settings = RunSettings(
        env=env_for(BASE),
        cache_root=root / ".synth-cache",
        intervals=FAST,
        policy=RetryPolicy(max_attempts=2, backoff_base=0.01),
    )
    return retrieve_question(
        root,
        kwargs.pop("question", make_question()),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        settings=settings,
        today=lambda: DAY,
    )


def bib(root: Path) -> Path:
    return report_file(root, "chem-agents", SOURCES_FILE)


def test_writes_keyed_sources_and_log(tmp_path: Path) -> None:
    run(tmp_path, recorded)
    sources = read_sources(bib(tmp_path))
    assert sources and all(s.key for s in sources)
    log = read_retrieval_log(bib(tmp_path).parent / "retrieval.yaml")
    assert log is not None and log.date == "2026-03-01"
    assert [d.status for d in log.databases] == ["ok"] * 4
    sent = {d.name: d.queries for d in log.databases}
    assert sent["crossref"] == ("large language models chemistry tools",)
    assert sent["openalex"][0] == '"chemistry tools"'  # the keyword, a concept of one term


def test_kept_counts_are_reported_per_database(tmp_path: Path) -> None:
    result = run(tmp_path, recorded)
    kept = {d.name: d.kept for d in result.databases}  # type: ignore[attr-defined]
    sources = read_sources(bib(tmp_path))
    assert kept["arxiv"] == sum(1 for s in sources if "arxiv" in s.databases)


def test_rerun_same_day_uses_cache_and_changes_no_byte(tmp_path: Path) -> None:
    run(tmp_path, recorded)
    before = bib(tmp_path).read_bytes()
    result = run(tmp_path, failing)  # every answer would fail: only the cache can serve
    assert result.changed is False  # type: ignore[attr-defined]
    assert bib(tmp_path).read_bytes() == before


def test_every_database_failing_leaves_record_untouched(
    tmp_path: Path, seed_sources: list[Source]
) -> None:
    write_sources(tmp_path, "chem-agents", seed_sources)
    before = bib(tmp_path).read_bytes()
    with pytest.raises(AllDatabasesFailed):
        run(tmp_path, failing)
    assert bib(tmp_path).read_bytes() == before
    assert not (bib(tmp_path).parent / "retrieval.yaml").exists()


def test_imported_sources_are_kept_and_keep_their_keys(
    tmp_path: Path, seed_sources: list[Source]
) -> None:
    imported = seed_sources[:3]
    write_sources(tmp_path, "chem-agents", imported)
    question = replace(make_question(), search=replace(make_question().search, limit=1))
    run(tmp_path, recorded, question=question)
    keys = {s.key for s in read_sources(bib(tmp_path))}
    assert {s.key for s in imported} <= keys


def test_interrupt_writes_nothing(tmp_path: Path) -> None:
    def interrupted(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, interrupted)
    assert not bib(tmp_path).parent.exists()


def test_existing_record_is_merged_not_duplicated(tmp_path: Path) -> None:
    run(tmp_path, recorded)
    first = read_sources(bib(tmp_path))
    write_sources(tmp_path, "chem-agents", assign_keys(first))
    run(tmp_path, recorded)
    assert len(read_sources(bib(tmp_path))) == len(first)


PINNED_BIB = """@article{Chen2021,
  title = {Evaluating Large Language Models Trained on Code},
  author = {Chen, Mark},
  year = {2021},
  eprint = {2107.03374},
  archivePrefix = {arXiv}
}
"""


def test_sources_of_a_pinned_bibtex_file_are_kept(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(PINNED_BIB, encoding="utf-8")
    question = replace(make_question(), sources=(PinnedSource(bibtex="refs.bib"),))
    run(tmp_path, recorded, question=question)
    pinned = [s for s in read_sources(bib(tmp_path)) if "import:refs.bib" in s.databases]
    assert [s.arxiv for s in pinned] == ["2107.03374"]


def test_a_broken_pinned_file_stops_before_any_request(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(PINNED_BIB + "@article{bad title={x}}\n", encoding="utf-8")
    question = replace(make_question(), sources=(PinnedSource(bibtex="refs.bib"),))
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return recorded(request)

    with pytest.raises(SourceFileError, match=r"^refs\.bib:8: .* -- fix the entry"):
        run(tmp_path, handler, question=question)
    assert requests == []
    assert not bib(tmp_path).exists()
