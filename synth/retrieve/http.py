"""The network seam: one httpx client factory, per-host spacing, retries with backoff.

Every request synth makes goes through :class:`PoliteFetcher`, which

* waits for the host's own spacing (:class:`HostLimiter`) before each request, so a
  database is never asked faster than its published terms allow;
* makes each request as one bounded :func:`~synth.retrieve.exchange.exchange` (redirects
  by hand without secrets to other hosts, a size cap on the decompressed body, one deadline
  for the whole request);
* retries 429, 5xx, timeouts and dropped or truncated connections with exponential
  backoff and full jitter, honouring ``Retry-After`` but never going below the host's
  spacing;
* stops at once on a spent daily quota, and gives up when the database's total time
  budget would be exceeded -- each request's deadline ends within it -- so a run can never
  hang on one database;
* parses an answer before caching it, so a body that does not parse is never replayed.

``sleep``, ``clock`` and ``rng`` are injectable so tests do not really wait.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx

from synth import __version__
from synth.errors import ConnectionFailed, RateLimitError, RetrievalError
from synth.retrieve.cache import ResponseCache
from synth.retrieve.exchange import (
    ERROR_BODY_BYTES,
    Answer,
    DeadlinePassed,
    ExchangeError,
    exchange,
    shown_url,
)
from synth.retrieve.request import ApiRequest
from synth.text import printable, shorten

DEFAULT_TIMEOUT = 30.0  # seconds for one read (httpx's timeouts are per read)
REQUEST_DEADLINE = 60.0  # seconds for one whole request, connect to last byte
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
QUOTA_WAIT = 3600  # seconds: a server asking for a longer wait means "come back tomorrow"
# Words that OpenAlex, Crossref and Semantic Scholar use when a *daily* allowance is
# gone; waiting seconds will not help then, so retrying would only burn the budget.
_QUOTA_WORDS = re.compile(r"daily|per day|quota|credits?\b|insufficient", re.IGNORECASE)
# A tag cannot hold another "<", so a body of 200 KB of "<" is read once, not once per "<".
_TAG = re.compile(r"<[^<>]*>")
Parsed = TypeVar("Parsed")


def user_agent(mailto: str = "") -> str:
    """The polite User-Agent: ``synth/<version> (mailto:<address>)``."""
    contact = f" (mailto:{mailto})" if mailto else ""
    return f"synth/{__version__}{contact}"


def make_client(
    transport: httpx.BaseTransport | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    mailto: str = "",
) -> httpx.Client:
    """Build the one httpx client synth uses; tests pass ``httpx.MockTransport``."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent(mailto), "Accept-Encoding": "gzip, deflate"},
        # Redirects are followed by synth.retrieve.exchange, which keeps secrets on their host.
        follow_redirects=False,
    )


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one database: attempts per request, backoff and total time budget."""

    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    budget: float = 180.0  # seconds per database, all requests and waits included
    # A host that cannot be reached at all (no network, DNS failure) rarely comes back
    # within seconds; one retry is enough before reporting it.
    max_connect_attempts: int = 2


class HostLimiter:
    """Start-to-start spacing of requests to one host; thread-safe.

    The lock is held while waiting, so concurrent callers queue up and a host
    never sees two requests closer together than ``interval`` seconds.
    """

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next_at: float | None = None
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Wait until the host may be asked again, then book the following slot."""
        with self._lock:
            now = self._clock()
            # Loop because a timed wait may wake a hair early; the spacing is a floor.
            while self._next_at is not None and now < self._next_at:
                self._sleep(self._next_at - now)
                now = self._clock()
            self._next_at = now + self.interval

    def push_back(self, delay: float) -> None:
        """Hold the next request back at least ``delay`` seconds from now (e.g. Retry-After)."""
        with self._lock:
            wanted = self._clock() + max(delay, self.interval)
            if self._next_at is None or wanted > self._next_at:
                self._next_at = wanted

    def wait_needed(self) -> float:
        """Seconds until the next slot (0 when free)."""
        with self._lock:
            if self._next_at is None:
                return 0.0
            return max(0.0, self._next_at - self._clock())


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delta seconds or an HTTP date; ``None`` if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, moment.timestamp() - current)


def body_excerpt(content: bytes, limit: int = 120) -> str:
    """A short one-line text of an error body: JSON ``message``/``error``, or HTML without tags.

    Printable only: a body's terminal escapes and control characters never reach a terminal.
    """
    text = content[:ERROR_BODY_BYTES].decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        for key in ("message", "error", "detail"):
            if isinstance(data.get(key), str):
                text = data[key]
                break
    return shorten(_TAG.sub(" ", text), limit)


def is_quota_exhausted(answer: Answer) -> bool:
    """True when a 429 says a daily allowance is spent (waiting seconds will not help)."""
    if answer.status != 429:
        return False
    delay = retry_after_seconds(answer.headers.get("Retry-After"))
    if delay is not None and delay > QUOTA_WAIT:
        return True
    # OpenAlex and others announce the allowance left and when it resets (seconds).
    for prefix in ("X-RateLimit-", "RateLimit-"):
        remaining = answer.headers.get(prefix + "Remaining", "").strip()
        reset = answer.headers.get(prefix + "Reset", "").strip()
        if remaining == "0" and reset.isdigit() and int(reset) > QUOTA_WAIT:
            return True
    return bool(_QUOTA_WORDS.search(body_excerpt(answer.content, 400)))


def status_fix(status: int, url_env: str, key_env: str) -> str:
    """What a user can do about a refusal with HTTP ``status``."""
    if status in (401, 403):
        if key_env:
            return f"check the API key in {key_env} (is it set, current and allowed?)"
        return "the service refused access; try again later"
    if status in (404, 410):
        where = f"check {url_env} if you set it, else " if url_env else ""
        return f"{where}the service may have moved; try again later"
    if 400 <= status < 500:
        return (
            "the service refused the query: check the question's search settings (queries, "
            "years, pinned ids)"
        )
    return "try again later, or report it if it persists"


@dataclass
class PoliteFetcher:
    """Fetch for one database: host spacing, retries, the day's cache and a time budget."""

    client: httpx.Client
    database: str
    limiter: HostLimiter
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    cache: ResponseCache | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    cancel: threading.Event = field(default_factory=threading.Event)
    url_env: str = ""  # the variable overriding the database's address, named in fixes
    key_env: str = ""  # the variable holding its API key, named in fixes
    requests_made: int = 0
    _deadline: float | None = None

    def start_budget(self) -> None:
        """Start the database's total time budget now."""
        self._deadline = self.clock() + self.policy.budget

    def fetch(self, request: ApiRequest, parse: Callable[[bytes], Parsed]) -> Parsed:
        """The parsed body of a successful response, from the cache or the network; else raise.

        A body is cached only once ``parse`` accepted it: an HTML error page sent with 200
        must not be replayed for the rest of the day.
        """
        if self._deadline is None:
            self.start_budget()
        if self.cache is not None:
            cached = self.cache.get(request)
            if cached is not None:
                try:
                    return parse(cached)
                except RetrievalError:
                    pass  # kept by an older synth that parsed it differently: ask again
        content = self._fetch_with_retries(request)
        parsed = parse(content)
        if self.cache is not None:
            self.cache.put(request, content)
        return parsed

    def _fetch_with_retries(self, request: ApiRequest) -> bytes:
        """Try up to ``max_attempts`` times; raise ``RetrievalError`` naming the last failure."""
        display_url = shown_url(httpx.URL(request.url), request)
        for attempt in range(1, self.policy.max_attempts + 1):
            self._check_budget(request, attempt, self.limiter.wait_needed())
            self.limiter.acquire()
            self.requests_made += 1
            seconds = self._request_seconds()
            try:
                answer = exchange(
                    self.client,
                    request,
                    seconds=seconds,
                    read_timeout=min(DEFAULT_TIMEOUT, seconds),
                    cancel=self.cancel,
                )
            except ExchangeError as error:
                raise RetrievalError(
                    f"{self.database}: {error.what} ({display_url}) -- {error.fix}",
                    url=display_url,
                    attempt=attempt,
                ) from error
            except (httpx.TimeoutException, DeadlinePassed):
                problem, status, delay = f"no complete answer within {seconds:.0f}s", None, None
            except httpx.ConnectError as error:
                if attempt >= self.policy.max_connect_attempts:
                    raise ConnectionFailed(
                        f"{self.database}: could not connect to {display_url} "
                        f"({printable(str(error))}) -- check the network connection"
                        + (f" and {self.url_env} if you set it" if self.url_env else ""),
                        url=display_url,
                        attempt=attempt,
                    ) from error
                problem, status, delay = "could not connect", None, None
            except httpx.TransportError as error:
                problem, status, delay = _describe_transport_error(error), None, None
            else:
                display_url = shown_url(answer.url, request)
                status = answer.status
                if status in request.ok_statuses:
                    return answer.content
                if is_quota_exhausted(answer):
                    raise RateLimitError(
                        f"{self.database}: the daily quota is spent (HTTP 429: "
                        f"{body_excerpt(answer.content)}) -- try again tomorrow or use an API "
                        "key with a larger allowance",
                        url=display_url,
                        status=status,
                        attempt=attempt,
                    )
                if status not in RETRY_STATUSES:
                    raise RetrievalError(
                        f"{self.database}: HTTP {status} from {display_url}: "
                        f"{body_excerpt(answer.content)} -- "
                        f"{status_fix(status, self.url_env, self.key_env)}",
                        url=display_url,
                        status=status,
                        attempt=attempt,
                    )
                problem = f"HTTP {status}"
                delay = retry_after_seconds(answer.headers.get("Retry-After"))
            if attempt == self.policy.max_attempts:
                error_type = RateLimitError if status == 429 else RetrievalError
                raise error_type(
                    f"{self.database}: {problem} after {attempt} attempts ({display_url}) -- "
                    "the service is having trouble; try again later",
                    url=display_url,
                    status=status,
                    attempt=attempt,
                )
            wait = delay if delay is not None else self._backoff(attempt)
            self._check_budget(request, attempt, max(wait, self.limiter.interval), problem)
            self.limiter.push_back(wait)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns/raises

    def _request_seconds(self) -> float:
        """This request's deadline: ``REQUEST_DEADLINE``, or less when the budget ends sooner."""
        assert self._deadline is not None
        return max(0.001, min(REQUEST_DEADLINE, self._deadline - self.clock()))

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter: uniform in [0, base * 2^(attempt-1)], capped."""
        ceiling = min(self.policy.backoff_cap, self.policy.backoff_base * 2 ** (attempt - 1))
        return self.rng.uniform(0.0, ceiling)

    def _check_budget(
        self, request: ApiRequest, attempt: int, wait: float, problem: str = ""
    ) -> None:
        """Give up when waiting ``wait`` more seconds would overrun the database's budget."""
        assert self._deadline is not None
        if self.clock() + wait < self._deadline:
            return
        why = f" (last: {problem})" if problem else ""
        raise RetrievalError(
            f"{self.database}: gave up after its time budget of {self.policy.budget:.0f}s"
            f"{why} -- try again later",
            url=request.url,
            attempt=attempt,
        )


def _describe_transport_error(error: httpx.TransportError) -> str:
    """Name a connection failure in a few words."""
    if isinstance(error, httpx.RemoteProtocolError):
        return "connection dropped or body truncated"
    return type(error).__name__
