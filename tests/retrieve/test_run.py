"""Retrieving one question over MockTransport: concurrency, failures, configuration."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from support.hostile import drip
from support.retrieval import env_for, make_question, payload_for
from support.server import Fault, RecordedApi
from support.timing import within_seconds

from synth.errors import AllDatabasesFailed, ConfigurationError, NoNetwork
from synth.models import Concept, Search, Source
from synth.retrieve.concepts import query_sent
from synth.retrieve.http import RetryPolicy, make_client
from synth.retrieve.providers import arxiv, crossref, openalex, semanticscholar
from synth.retrieve.run import RunSettings, plan_requests, retrieve

BASE = "http://mock.test"
FAST = {"openalex": 0.0, "crossref": 0.0, "arxiv": 0.0, "semanticscholar": 0.0}


def recorded(request: httpx.Request) -> httpx.Response:
    """Answer every database with its recorded body."""
    found = payload_for(request.url.path)
    if found is None:
        return httpx.Response(404, content=b"unknown path")
    return httpx.Response(200, content=found[1].read_bytes())


def settings(**changes: object) -> RunSettings:
    base = RunSettings(
        env=env_for(BASE), intervals=FAST, policy=RetryPolicy(max_attempts=2, backoff_base=0.01)
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_every_database_is_asked_and_reported_ok() -> None:
    result = retrieve(
        make_question(), make_client(httpx.MockTransport(recorded)), settings=settings()
    )
    assert [(d.name, d.status) for d in result.databases] == [
        ("openalex", "ok"),
        ("crossref", "ok"),
        ("arxiv", "ok"),
        ("semanticscholar", "ok"),
    ]


def test_duplicates_across_databases_are_counted() -> None:
    result = retrieve(
        make_question(), make_client(httpx.MockTransport(recorded)), settings=settings()
    )
    found = sum(d.found for d in result.databases)
    assert result.duplicates == found - len(result.sources) > 0


def test_one_failing_database_is_named_and_others_proceed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/crossref"):
            return httpx.Response(500)
        return recorded(request)

    result = retrieve(
        make_question(), make_client(httpx.MockTransport(handler)), settings=settings()
    )
    crossref = result.report("crossref")
    assert crossref is not None and crossref.status == "failed"
    assert "HTTP 500 after 2 attempts" in crossref.error
    assert result.report("arxiv") is not None and result.sources


def test_malformed_body_fails_only_that_database() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/graph"):
            return httpx.Response(200, content=b'{"data": [')
        return recorded(request)

    result = retrieve(
        make_question(), make_client(httpx.MockTransport(handler)), settings=settings()
    )
    report = result.report("semanticscholar")
    assert report is not None and "malformed response" in report.error


def test_every_database_failing_raises_naming_each() -> None:
    client = make_client(httpx.MockTransport(lambda r: httpx.Response(503)))
    with pytest.raises(AllDatabasesFailed, match="every database failed for chem-agents") as caught:
        retrieve(make_question(), client, settings=settings())
    assert all(name in str(caught.value) for name in ("openalex", "crossref", "arxiv"))


def test_no_network_at_all_is_reported_as_such() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    with pytest.raises(NoNetwork, match="no network"):
        retrieve(make_question(), make_client(httpx.MockTransport(handler)), settings=settings())


def test_missing_openalex_key_fails_before_any_request() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return recorded(request)

    env = {k: v for k, v in env_for(BASE).items() if k != "OPENALEX_API_KEY"}
    with pytest.raises(ConfigurationError, match="OPENALEX_API_KEY is not set"):
        retrieve(
            make_question(), make_client(httpx.MockTransport(handler)), settings=settings(env=env)
        )
    assert calls == []


def test_without_openalex_no_key_is_needed() -> None:
    env = {k: v for k, v in env_for(BASE).items() if k != "OPENALEX_API_KEY"}
    question = replace(make_question(), search=Search(queries=("x",), databases=("crossref",)))
    result = retrieve(
        question, make_client(httpx.MockTransport(recorded)), settings=settings(env=env)
    )
    assert [d.name for d in result.databases] == ["crossref"]


def test_plan_has_pinned_request_then_the_concepts_then_one_per_query() -> None:
    # OpenAlex and arXiv search booleans: they also get the query built from the concepts
    # (here the keyword, a concept of one term); arXiv has no pinned DOI to fetch.
    plan = plan_requests(make_question(), env_for(BASE))
    assert Counter({k: len(v) for k, v in plan.items()}) == Counter(
        {"openalex": 3, "crossref": 2, "arxiv": 2, "semanticscholar": 2}
    )


def test_plan_sends_boolean_databases_the_concepts_and_the_others_the_text() -> None:
    concepts = (Concept("alignment", ("RLHF",)), Concept("robustness", ("adversarial",)))
    question = replace(make_question(), sources=(), concepts=concepts)
    plan = plan_requests(question, env_for(BASE))
    sent = {name: [query_sent(r) for r in requests] for name, requests in plan.items()}
    assert sent["openalex"][0] == "(alignment OR RLHF) AND (robustness OR adversarial)"
    assert sent["arxiv"][0] == (
        "(all:alignment OR all:RLHF) AND (all:robustness OR all:adversarial)"
    )
    assert sent["crossref"] == ["large language models chemistry tools"]


def test_plan_skips_the_question_text_for_boolean_databases_with_concepts() -> None:
    # The default query is the question itself: the concepts say it better where they can.
    question = replace(
        make_question(), sources=(), search=Search(queries=(make_question().question,))
    )
    plan = plan_requests(question, env_for(BASE))
    assert len(plan["openalex"]) == 1 and len(plan["crossref"]) == 1


class Overlap:
    """Counts how many callers are inside ``held()`` at once (each stays 50 ms)."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self._lock = threading.Lock()

    def held(self) -> None:
        with self._lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.05)
        with self._lock:
            self.inside -= 1


def test_databases_are_queried_concurrently() -> None:
    overlap = Overlap()

    def handler(request: httpx.Request) -> httpx.Response:
        overlap.held()
        return recorded(request)

    retrieve(make_question(), make_client(httpx.MockTransport(handler)), settings=settings())
    assert overlap.most >= 2


def test_an_unexpected_error_in_one_database_fails_only_that_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def broken(content: bytes) -> list[Source]:
        calls.append(len(content))
        raise KeyError("a bug met on a strange answer")

    monkeypatch.setattr(crossref, "parse", broken)
    result = retrieve(
        make_question(), make_client(httpx.MockTransport(recorded)), settings=settings()
    )
    report = result.report("crossref")
    assert calls and report is not None and report.status == "failed"
    assert report.error == (
        "crossref: unexpected KeyError on its answer ('a bug met on a strange answer') -- this "
        "is a bug in synth: please report it with the question file"
    )
    assert [d.status for d in result.databases if d.name != "crossref"] == ["ok"] * 3


def test_answers_are_parsed_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    overlap = Overlap()

    def slow(parse: Callable[[bytes], list[Source]]) -> Callable[[bytes], list[Source]]:
        def parse_slowly(content: bytes) -> list[Source]:
            overlap.held()
            return parse(content)

        return parse_slowly

    for provider in (openalex, crossref, arxiv, semanticscholar):
        monkeypatch.setattr(provider, "parse", slow(provider.parse))
    retrieve(make_question(), make_client(httpx.MockTransport(recorded)), settings=settings())
    assert overlap.most == 1 and overlap.inside == 0


def test_retrieval_prunes_earlier_days_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "2000-01-01").mkdir()
    (tmp_path / "2000-01-01" / "old.body").write_bytes(b"{}")
    retrieve(
        make_question(),
        make_client(httpx.MockTransport(recorded)),
        settings=settings(cache_root=tmp_path),
    )
    assert not (tmp_path / "2000-01-01").exists()
    assert list(tmp_path.glob("*/*.body"))  # today's answers were kept


def test_a_dripping_database_ends_within_its_budget_and_the_others_are_kept() -> None:
    server = RecordedApi()
    server.faults = {"arxiv": [Fault(action=drip(every=0.2, seconds=30), every_request=True)]}
    env = env_for(server.start())
    start = time.monotonic()
    try:
        with within_seconds(20), make_client() as client:
            result = retrieve(
                make_question(),
                client,
                settings=settings(env=env, policy=RetryPolicy(budget=2.0, backoff_base=0.01)),
            )
    finally:
        server.stop()
    assert time.monotonic() - start < 3.5  # budget 2 s; a byte every 0.2 s never times out a read
    report = result.report("arxiv")
    assert report is not None and report.status == "failed"
    assert "arxiv: gave up after its time budget of 2s" in report.error
    assert [d.status for d in result.databases if d.name != "arxiv"] == ["ok"] * 3
