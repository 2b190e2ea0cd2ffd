"""Query the databases of one question concurrently: one worker per host, spaced requests.

Each database gets its own thread, :class:`~synth.retrieve.http.HostLimiter` and time
budget, so hosts are asked at the same time while requests to one host stay spaced
(and arXiv stays on a single connection). A failing database is reported and the
others go on -- whatever went wrong in it -- and only when every database fails is an
error raised. Answers are parsed one at a time: parsing holds the GIL anyway, and a
parsed answer can take 25 times its size, so one at a time bounds the memory a question
can take to about one answer's worth.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import httpx

from synth.errors import AllDatabasesFailed, ConnectionFailed, NoNetwork, RetrievalError
from synth.models import DatabaseRun, Question, Source
from synth.retrieve.cache import ResponseCache
from synth.retrieve.concepts import query_sent
from synth.retrieve.exchange import Cancelled
from synth.retrieve.http import HostLimiter, PoliteFetcher, RetryPolicy
from synth.retrieve.merge import merge_sources
from synth.retrieve.progress import NullProgress, Progress
from synth.retrieve.providers import arxiv, crossref, openalex, semanticscholar
from synth.retrieve.providers.base import pinned_identifiers
from synth.retrieve.request import ApiRequest
from synth.text import printable, shorten

PROVIDERS: dict[str, ModuleType] = {m.NAME: m for m in (openalex, crossref, arxiv, semanticscholar)}
MAILTO_ENV = "SYNTH_MAILTO"
_PARSE_LOCK = threading.Lock()


@dataclass(frozen=True)
class RetrievalResult:
    """The sources a retrieval produced and a report per database."""

    question_id: str
    sources: tuple[Source, ...]
    databases: tuple[DatabaseRun, ...]
    duplicates: int = 0  # records merged into others (across databases and the old record)
    changed: bool = False  # whether sources.bib changed (set by retrieve_question)

    def report(self, name: str) -> DatabaseRun | None:
        """The report of database ``name``, if it was asked."""
        return next((d for d in self.databases if d.name == name), None)


@dataclass
class RunSettings:
    """Knobs of a run; defaults are the real network, tests inject clocks and sleeps."""

    env: Mapping[str, str]
    cache_root: Path | None = None
    policy: RetryPolicy = RetryPolicy()
    clock: Callable[[], float] = time.monotonic
    rng_seed: int | None = None
    intervals: Mapping[str, float] | None = None  # override host spacing (benchmarks)


def plan_requests(question: Question, env: Mapping[str, str]) -> dict[str, list[ApiRequest]]:
    """The requests each selected database will get: pinned ids first, then the searches.

    A database whose search is boolean (its provider has ``concept_request``) gets one query
    built from the question's concepts, then only the queries the question writes out; the
    others get the free-text queries (the question itself by default).
    """
    mailto = env.get(MAILTO_ENV, "").strip()
    pinned = pinned_identifiers(question)
    queries = question.search.queries or (question.question,)
    concepts = question.effective_concepts
    written = tuple(q for q in queries if q != question.question)
    plan: dict[str, list[ApiRequest]] = {}
    for name in question.search.databases:
        provider = PROVIDERS.get(name)
        if provider is None:
            continue
        requests = []
        pinned_request = provider.pinned_request(pinned, env, mailto)
        if pinned_request is not None:
            requests.append(pinned_request)
        searches = queries
        if concepts and hasattr(provider, "concept_request"):
            requests.append(provider.concept_request(concepts, question.search, env, mailto))
            searches = written
        requests.extend(provider.search_request(q, question.search, env, mailto) for q in searches)
        plan[name] = requests
    return plan


def _run_database(
    name: str,
    requests: list[ApiRequest],
    fetcher: PoliteFetcher,
    progress: Progress,
) -> tuple[list[Source], DatabaseRun, RetrievalError | None]:
    """Make one database's requests in order; stop at the first request that fails.

    Whatever goes wrong here fails this database only: a bug met on a strange answer is
    reported as one, and the other databases and the next question go on.
    """
    provider_parse: Callable[[bytes], list[Source]] = PROVIDERS[name].parse

    def parse(body: bytes) -> list[Source]:
        with _PARSE_LOCK:
            return provider_parse(body)

    found: list[Source] = []
    sent: list[str] = []  # the search expressions asked, for the retrieval log
    progress.start(name, len(requests))
    fetcher.start_budget()
    try:
        for done, request in enumerate(requests, start=1):
            if query_sent(request):
                sent.append(query_sent(request))
            found.extend(fetcher.fetch(request, parse))
            progress.step(name, done)
    except RetrievalError as error:
        failure = error
    except Cancelled:
        raise
    except Exception as error:  # one database's bug must not end the run
        failure = RetrievalError(
            f"{name}: unexpected {type(error).__name__} on its answer ({shorten(str(error))}) "
            "-- this is a bug in synth: please report it with the question file"
        )
    else:
        progress.finish(name, "ok")
        return found, DatabaseRun(name, "ok", len(found), queries=tuple(sent)), None
    progress.finish(name, "failed")
    message = printable(str(failure))
    return found, DatabaseRun(name, "failed", len(found), 0, message, tuple(sent)), failure


def _interruptible_sleep(cancel: threading.Event) -> Callable[[float], None]:
    """A sleep that wakes up and raises ``Cancelled`` as soon as the run is interrupted."""

    def sleep(seconds: float) -> None:
        if cancel.wait(max(0.0, seconds)):
            raise Cancelled

    return sleep


def all_failed_error(
    question: Question, reports: list[DatabaseRun], errors: list[RetrievalError | None]
) -> AllDatabasesFailed:
    """The one-line error for a question whose every database failed."""
    if all(isinstance(error, ConnectionFailed) for error in errors):
        return NoNetwork(
            f"no network: could not connect to any database for {question.id} -- check the "
            "connection; the record was left untouched and `synth build` still works from it"
        )
    reasons = "; ".join(r.error for r in reports)
    return AllDatabasesFailed(
        f"every database failed for {question.id} ({reasons}) -- the previous record was "
        "kept; try again later"
    )


def retrieve(
    question: Question,
    client: httpx.Client,
    *,
    settings: RunSettings | None = None,
    progress: Progress | None = None,
) -> RetrievalResult:
    """Query every database of the question concurrently and merge what they found."""
    settings = settings or RunSettings(env=os.environ)
    progress = progress or NullProgress()
    plan = plan_requests(question, settings.env)  # raises ConfigurationError before any I/O
    cache = ResponseCache(settings.cache_root) if settings.cache_root else None
    if cache is not None:
        cache.prune()  # earlier days' answers are never read again
    cancel = threading.Event()
    sleep = _interruptible_sleep(cancel)
    rng = random.Random(settings.rng_seed)
    fetchers = {
        name: PoliteFetcher(
            client=client,
            database=name,
            limiter=HostLimiter(
                (settings.intervals or {}).get(name, PROVIDERS[name].INTERVAL),
                clock=settings.clock,
                sleep=sleep,
            ),
            policy=settings.policy,
            cache=cache,
            clock=settings.clock,
            sleep=sleep,
            rng=random.Random(rng.random()),
            cancel=cancel,
            url_env=PROVIDERS[name].URL_ENV,
            key_env=getattr(PROVIDERS[name], "KEY_ENV", ""),
        )
        for name in plan
    }
    executor = ThreadPoolExecutor(max_workers=max(1, len(plan)), thread_name_prefix="synth")
    futures: dict[str, Future[tuple[list[Source], DatabaseRun, RetrievalError | None]]] = {
        name: executor.submit(_run_database, name, plan[name], fetchers[name], progress)
        for name in plan
    }
    try:
        outcomes = {name: future.result() for name, future in futures.items()}
    except BaseException:
        cancel.set()  # wake sleeping workers so Ctrl-C does not wait for arXiv's spacing
        executor.shutdown(wait=False, cancel_futures=True)
        progress.close()
        raise
    executor.shutdown(wait=True)
    progress.close()
    reports = [outcomes[name][1] for name in plan]
    skipped = [
        DatabaseRun(name, "skipped", error="not a known database")
        for name in question.search.databases
        if name not in PROVIDERS
    ]
    if reports and all(r.status == "failed" for r in reports):
        raise all_failed_error(question, reports, [outcomes[name][2] for name in plan])
    found = [source for name in plan for source in outcomes[name][0]]
    merged = merge_sources(found)
    return RetrievalResult(
        question_id=question.id,
        sources=tuple(merged),
        databases=tuple(reports + skipped),
        duplicates=len(found) - len(merged),
    )
