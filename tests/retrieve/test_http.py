"""The network seam: spacing, retries, Retry-After, quota, budget, User-Agent (no real sleeps)."""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support.hostile import TERMINAL_ESCAPES, drip
from support.server import Fault, RecordedApi
from support.timing import within_seconds

from synth import __version__
from synth.errors import ConnectionFailed, RateLimitError, RetrievalError
from synth.retrieve.cache import ResponseCache
from synth.retrieve.http import (
    ApiRequest,
    HostLimiter,
    PoliteFetcher,
    RetryPolicy,
    body_excerpt,
    make_client,
    retry_after_seconds,
    status_fix,
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


def as_is(content: bytes) -> bytes:
    """The parse step of tests that look at the body itself."""
    return content


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
        fetcher.fetch(ApiRequest(URL), as_is)
    assert sent == [0.0, 3.0, 6.0]


def test_500_is_retried_then_succeeds() -> None:
    time = FakeTime()
    handler = replies(httpx.Response(500), httpx.Response(200, content=b"body"))
    fetcher, sent = fetcher_for(handler, time)
    assert fetcher.fetch(ApiRequest(URL), as_is) == b"body"
    assert len(sent) == 2 and fetcher.requests_made == 2


def test_retry_after_is_honoured() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=b"x")
    )
    fetcher, sent = fetcher_for(handler, time, interval=1.0)
    fetcher.fetch(ApiRequest(URL), as_is)
    assert sent == [0.0, 7.0]


def test_short_retry_after_never_undercuts_host_spacing() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, content=b"x")
    )
    fetcher, sent = fetcher_for(handler, time, interval=3.0)
    fetcher.fetch(ApiRequest(URL), as_is)
    assert sent[1] - sent[0] >= 3.0


def test_html_429_is_retried_like_any_429() -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(429, content=HTML_429, headers={"Content-Type": "text/html"}),
        httpx.Response(200, content=b"x"),
    )
    fetcher, sent = fetcher_for(handler, time)
    assert fetcher.fetch(ApiRequest(URL), as_is) == b"x"


def test_persistent_429_raises_rate_limit_error_after_max_attempts() -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429), time)
    with pytest.raises(RateLimitError, match="HTTP 429 after 5 attempts"):
        fetcher.fetch(ApiRequest(URL), as_is)
    assert len(sent) == 5


def test_backoff_grows_exponentially_with_jitter_below_ceiling() -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(lambda r: httpx.Response(503), time, interval=0.0)
    with pytest.raises(RetrievalError):
        fetcher.fetch(ApiRequest(URL), as_is)
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert all(0 <= gap <= 2**i for i, gap in enumerate(gaps))
    assert len(set(gaps)) == len(gaps)  # jittered, not a fixed ladder


def test_daily_quota_429_is_not_retried() -> None:
    time = FakeTime()
    body = b'{"error": "Rate limit exceeded", "message": "Daily credit limit reached"}'
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429, content=body), time)
    with pytest.raises(RateLimitError, match="daily quota is spent"):
        fetcher.fetch(ApiRequest(URL), as_is)
    assert len(sent) == 1


def test_retry_after_of_hours_counts_as_quota() -> None:
    time = FakeTime()
    response = httpx.Response(429, headers={"Retry-After": "43200"})
    fetcher, sent = fetcher_for(lambda r: response, time)
    with pytest.raises(RateLimitError, match="daily quota"):
        fetcher.fetch(ApiRequest(URL), as_is)


def test_zero_remaining_with_reset_in_hours_counts_as_quota() -> None:
    time = FakeTime()
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30000"}
    fetcher, sent = fetcher_for(lambda r: httpx.Response(429, headers=headers), time)
    with pytest.raises(RateLimitError, match="daily quota"):
        fetcher.fetch(ApiRequest(URL), as_is)
    assert len(sent) == 1


def test_budget_stops_retrying() -> None:
    time = FakeTime()
    handler = lambda r: httpx.Response(503, headers={"Retry-After": "30"})  # noqa: E731
    policy = RetryPolicy(budget=50.0, max_attempts=10)
    fetcher, sent = fetcher_for(handler, time, policy=policy)
    with pytest.raises(RetrievalError, match="time budget of 50s"):
        fetcher.fetch(ApiRequest(URL), as_is)
    assert len(sent) == 2 and time.now <= 50.0


def test_client_error_is_not_retried_and_names_body() -> None:
    time = FakeTime()
    body = b'{"error":"Paper with id 0 not found"}'
    fetcher, sent = fetcher_for(lambda r: httpx.Response(404, content=body), time)
    with pytest.raises(RetrievalError, match="HTTP 404 .*Paper with id 0 not found"):
        fetcher.fetch(ApiRequest(URL), as_is)
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
    assert fetcher.fetch(ApiRequest(URL), as_is) == b"x"


def test_unreachable_host_gives_connection_failed_after_one_retry() -> None:
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    fetcher, sent = fetcher_for(handler, time)
    with pytest.raises(ConnectionFailed, match="could not connect"):
        fetcher.fetch(ApiRequest(URL), as_is)
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
        fetcher.fetch(request, as_is)
    assert "api_key=SECRET" in seen[0]
    assert "SECRET" not in str(caught.value) and "SECRET" not in caught.value.url


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_body_excerpt_strips_html() -> None:
    assert body_excerpt(HTML_429) == "429 Too Many Requests"


def test_body_excerpt_of_200_kb_of_angle_brackets_is_linear() -> None:
    # The old tag pattern tried every "<" against the rest of the body: 43 s.
    with within_seconds(5):
        assert body_excerpt(b"<" * 200_000 + b"boom").endswith("…")


def test_body_excerpt_never_carries_terminal_escapes() -> None:
    excerpt = body_excerpt(TERMINAL_ESCAPES)
    assert excerpt == "]0;pwned[2J[31mbad request[0m"
    assert excerpt.isprintable()


def test_body_excerpt_of_deeply_nested_json_is_its_text() -> None:
    assert body_excerpt(b"[" * 100_000, 10) == "[" * 9 + "…"


def test_every_refusal_names_its_fix() -> None:
    assert status_fix(401, "SYNTH_X_URL", "X_KEY") == (
        "check the API key in X_KEY (is it set, current and allowed?)"
    )
    assert status_fix(404, "SYNTH_X_URL", "") == (
        "check SYNTH_X_URL if you set it, else the service may have moved; try again later"
    )
    assert status_fix(400, "", "").startswith("the service refused the query: check the question")
    assert status_fix(405, "", "") == (
        "the service refused the query: check the question's search settings (queries, years, "
        "pinned ids)"
    )


def test_client_error_message_ends_with_the_fix() -> None:
    time = FakeTime()
    fetcher, _ = fetcher_for(lambda r: httpx.Response(403, content=b"Forbidden"), time)
    fetcher.key_env = "SEMANTIC_SCHOLAR_API_KEY"
    with pytest.raises(RetrievalError) as caught:
        fetcher.fetch(ApiRequest(URL), as_is)
    assert str(caught.value) == (
        f"testdb: HTTP 403 from {URL}: Forbidden -- check the API key in "
        "SEMANTIC_SCHOLAR_API_KEY (is it set, current and allowed?)"
    )


def test_persistent_5xx_message_says_to_try_later() -> None:
    time = FakeTime()
    fetcher, _ = fetcher_for(lambda r: httpx.Response(503), time)
    with pytest.raises(
        RetrievalError, match="after 5 attempts .* -- the service is having trouble"
    ):
        fetcher.fetch(ApiRequest(URL), as_is)


def rejecting_html(content: bytes) -> bytes:
    """A parse step that refuses what is not JSON, as the providers' parsers do."""
    if content.startswith(b"<"):
        raise RetrievalError("testdb: malformed response (not JSON)")
    return content


def test_a_200_that_does_not_parse_is_not_cached(tmp_path: Path) -> None:
    time = FakeTime()
    handler = replies(
        httpx.Response(200, content=b"<html>maintenance</html>"), httpx.Response(200, content=b"{}")
    )
    fetcher, sent = fetcher_for(handler, time)
    fetcher.cache = ResponseCache(tmp_path)
    with pytest.raises(RetrievalError, match="malformed"):
        fetcher.fetch(ApiRequest(URL), rejecting_html)
    assert list(tmp_path.rglob("*.body")) == []
    assert fetcher.fetch(ApiRequest(URL), rejecting_html) == b"{}"  # asked again, not replayed
    assert len(sent) == 2


def test_a_body_that_parsed_is_cached_and_replayed(tmp_path: Path) -> None:
    time = FakeTime()
    fetcher, sent = fetcher_for(replies(httpx.Response(200, content=b"{}")), time)
    fetcher.cache = ResponseCache(tmp_path)
    assert fetcher.fetch(ApiRequest(URL), rejecting_html) == b"{}"
    assert fetcher.fetch(ApiRequest(URL), rejecting_html) == b"{}"
    assert len(sent) == 1


def test_a_cached_body_that_no_longer_parses_is_asked_for_again(tmp_path: Path) -> None:
    ResponseCache(tmp_path).put(ApiRequest(URL), b"<html>kept by an older synth</html>")
    time = FakeTime()
    fetcher, sent = fetcher_for(replies(httpx.Response(200, content=b"{}")), time)
    fetcher.cache = ResponseCache(tmp_path)
    assert fetcher.fetch(ApiRequest(URL), rejecting_html) == b"{}"
    assert len(sent) == 1


def test_a_drip_ends_at_the_request_deadline_then_the_budget(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=drip(every=0.2, seconds=30), every_request=True)]}
    base = server.start()
    fetcher = PoliteFetcher(
        client=make_client(),
        database="crossref",
        limiter=HostLimiter(0.0),
        policy=RetryPolicy(budget=2.0, backoff_base=0.01),
    )
    start = clock.monotonic()
    with within_seconds(15), pytest.raises(RetrievalError) as caught:
        fetcher.fetch(ApiRequest(base + "/crossref/works"), as_is)
    assert clock.monotonic() - start < 3.0  # the budget is 2 s; a read never timed out
    assert str(caught.value) == (
        "crossref: gave up after its time budget of 2s (last: no complete answer within 2s) "
        "-- try again later"
    )
