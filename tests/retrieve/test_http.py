"""The network seam: spacing, retries, Retry-After, quota, budget, User-Agent (no real sleeps)."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest

from synth import __version__
from synth.errors import ConnectionFailed, RateLimitError, RetrievalError
from synth.retrieve.http import (
    ApiRequest,
    HostLimiter,
    PoliteFetcher,
    RetryPolicy,
    body_excerpt,
    make_client,
    retry_after_seconds,
    user_agent,
)

URL = "http://api.test/works"
# The shape Crossref's 429 pages are quoted with in CrossRef/rest-api-doc#159 and #237.
HTML_429 = b"<html><body><h1>429 Too Many Requests</h1></body></html>"


class FakeTime:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetcher_for(
    handler: Callable[[httpx.Request], httpx.Response],
    time: FakeTime,
    *,
    interval: float = 1.0,
    policy: RetryPolicy | None = None,
) -> tuple[PoliteFetcher, list[float]]:
    """A fetcher over a MockTransport; returns it and the fake times requests were sent at."""
    sent: list[float] = []

    def recording(request: httpx.Request) -> httpx.Response:
        sent.append(time.now)
        return handler(request)

    fetcher = PoliteFetcher(
        client=make_client(httpx.MockTransport(recording)),
        database="testdb",
        limiter=HostLimiter(interval, clock=time.clock, sleep=time.sleep),
        policy=policy or RetryPolicy(backoff_base=1.0, budget=100.0),
        clock=time.clock,
        sleep=time.sleep,
        rng=random.Random(1),
    )
    return fetcher, sent


def replies(*responses: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """A handler giving these responses in turn."""
    queue = list(responses)
    return lambda request: queue.pop(0)


def test_user_agent_names_version_and_contact() -> None:
    assert user_agent("me@example.org") == f"synth/{__version__} (mailto:me@example.org)"


def test_client_sends_user_agent() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200)

    make_client(httpx.MockTransport(handler), mailto="a@b.c").get(URL)
    assert seen == [user_agent("a@b.c")]


def test_requests_to_one_host_are_spaced_by_interval() -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(lambda r: httpx.Response(200, content=b"ok"), time, interval=3.0)
    for _ in range(3):
        fetcher.fetch(ApiRequest(URL))
    assert sent == [0.0, 3.0, 6.0]


def test_500_is_retried_then_succeeds() -> None:
    time = FakeTime()
    handler = replies(httpx.Response(500), httpx.Response(200, content=b"body"))
    fetcher, sent = fetcher_for(handler, time)
    assert fetcher.fetch(ApiRequest(URL)) == b"body"
    assert len(sent) == 2 and fetcher.requests_made == 2


def test_retry_after_is_honoured() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=b"x")
    )
    fetcher, sent = fetcher_for(handler, time, interval=1.0)
    fetcher.fetch(ApiRequest(URL))
    assert sent == [0.0, 7.0]


def test_short_retry_after_never_undercuts_host_spacing() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, content=b"x")
    )
    fetcher, sent = fetcher_for(handler, time, interval=3.0)
    fetcher.fetch(ApiRequest(URL))
    assert sent[1] - sent[0] >= 3.0


def test_html_429_is_retried_like_any_429() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, content=HTML_429, headers={"Content-Type": "text/html"}),
        httpx.Response(200, content=b"x"),
    )
    fetcher, sent = fetcher_for(handler, time)
    assert fetcher.fetch(ApiRequest(URL)) == b"x"


def test_persistent_429_raises_rate_limit_error_after_max_attempts() -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429), time)
    with pytest.raises(RateLimitError, match="HTTP 429 after 5 attempts"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 5


def test_backoff_grows_exponentially_with_jitter_below_ceiling() -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(lambda r: httpx.Response(503), time, interval=0.0)
    with pytest.raises(RetrievalError):
        fetcher.fetch(ApiRequest(URL))
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert all(0 <= gap <= 2**i for i, gap in enumerate(gaps))
    assert len(set(gaps)) == len(gaps)  # jittered, not a fixed ladder


def test_daily_quota_429_is_not_retried() -> None:
    time = FakeTime()
    body = b'{"error": "Rate limit exceeded", "message": "Daily credit limit reached"}'
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429, content=body), time)
    with pytest.raises(RateLimitError, match="daily quota is spent"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 1


def test_retry_after_of_hours_counts_as_quota() -> None:
    time = FakeTime()
    response = httpx.Response(429, headers={"Retry-After": "43200"})
    fetcher, sent = fetcher_for(lambda r: response, time)
    with pytest.raises(RateLimitError, match="daily quota"):
        fetcher.fetch(ApiRequest(URL))


def test_zero_remaining_with_reset_in_hours_counts_as_quota() -> None:
    time = FakeTime()
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30000"}
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429, headers=headers), time)
    with pytest.raises(RateLimitError, match="daily quota"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 1


def test_budget_stops_retrying() -> None:
    time = FakeTime()
    handler = lambda r: httpx.Response(503, headers={"Retry-After": "30"})  # noqa: E731
    policy = RetryPolicy(budget=50.0, max_attempts=10)
    fetcher, sent = fetcher_for(handler, time, policy=policy)
    with pytest.raises(RetrievalError, match="time budget of 50s"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 2 and time.now <= 50.0


def test_client_error_is_not_retried_and_names_body() -> None:
    time = FakeTime()
    body = b'{"error":"Paper with id 0 not found"}'
    fetcher, sent = fetcher_for(lambda r: httpx.Response(404, content=body), time)
    with pytest.raises(RetrievalError, match="HTTP 404 .*Paper with id 0 not found"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 1


def test_dropped_connection_is_retried() -> None:
    time = FakeTime()
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.RemoteProtocolError("peer closed connection", request=request)
        return httpx.Response(200, content=b"x")

    fetcher, _ = fetcher_for(handler, time)
    assert fetcher.fetch(ApiRequest(URL)) == b"x"


def test_unreachable_host_gives_connection_failed_after_one_retry() -> None:
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    fetcher, sent = fetcher_for(handler, time)
    with pytest.raises(ConnectionFailed, match="could not connect"):
        fetcher.fetch(ApiRequest(URL))
    assert len(sent) == 2


def test_secret_params_are_sent_but_not_shown_in_errors() -> None:
    time = FakeTime()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(400, content=b"bad")

    fetcher, _ = fetcher_for(handler, time)
    request = ApiRequest(URL, params=(("q", "x"),), secret_params=(("api_key", "SECRET"),))
    with pytest.raises(RetrievalError) as caught:
        fetcher.fetch(request)
    assert "api_key=SECRET" in seen[0]
    assert "SECRET" not in str(caught.value) and "SECRET" not in caught.value.url


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_body_excerpt_strips_html() -> None:
    assert body_excerpt(HTML_429) == "429 Too Many Requests"
