"""One bounded exchange against loopback servers that misbehave: gzip bombs, drips, redirects
to another port, broken gzip; and the helper-thread deadline on its own."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
import pytest
from support.hostile import MIB, drip, gzip_bomb, invalid_gzip, redirect, redirect_loop
from support.retrieval import PAYLOADS
from support.server import Fault, RecordedApi
from support.timing import within_seconds

from synth.retrieve.exchange import (
    ERROR_BODY_BYTES,
    MAX_REDIRECTS,
    MAX_RESPONSE_BYTES,
    Cancelled,
    DeadlinePassed,
    ExchangeError,
    exchange,
    within,
)
from synth.retrieve.http import make_client
from synth.retrieve.request import ApiRequest

CROSSREF_BODY = PAYLOADS["/works:crossref"].read_bytes()


def ask(url: str, *, seconds: float = 10.0, **request: Any) -> tuple[int, bytes]:
    """Status and body of one exchange with ``ApiRequest(url, **request)``."""
    with make_client() as client:
        answer = exchange(client, ApiRequest(url, **request), seconds=seconds, read_timeout=seconds)
    return answer.status, answer.content


def test_a_plain_answer_is_read_whole(server: RecordedApi) -> None:
    assert ask(server.start() + "/crossref/works") == (200, CROSSREF_BODY)


def test_a_gzip_answer_is_decompressed(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=gzip_bomb(4 * MIB))]}
    assert ask(server.start() + "/crossref/works") == (200, bytes(4 * MIB))


def test_a_gzip_bomb_stops_at_the_size_cap(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=gzip_bomb(64 * MIB))]}
    with pytest.raises(ExchangeError) as caught:
        ask(server.start() + "/crossref/works")
    assert (
        caught.value.what
        == "the answer is larger than 8 MB once decompressed, so synth stopped reading it"
    )
    assert "lower search.limit" in caught.value.fix


def test_an_error_answer_is_read_only_as_far_as_its_message(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(500, b"x" * (4 * ERROR_BODY_BYTES))]}
    assert ask(server.start() + "/crossref/works") == (500, b"x" * ERROR_BODY_BYTES)


def test_invalid_gzip_is_an_exchange_error_not_a_decoding_traceback(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=invalid_gzip())]}
    with pytest.raises(ExchangeError, match=r"^the answer is not valid gzip \(.*\) -- the service"):
        ask(server.start() + "/crossref/works")


def test_a_body_dripped_a_byte_a_second_ends_at_the_deadline(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=drip(every=0.2, seconds=20))]}
    start = time.monotonic()
    with within_seconds(10), pytest.raises(DeadlinePassed):
        ask(server.start() + "/crossref/works", seconds=1.5)
    assert time.monotonic() - start < 2.5  # no read ever timed out: only the deadline ended it


def test_a_status_line_dripped_a_byte_at_a_time_ends_at_the_deadline(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=drip(every=0.2, seconds=20, headers_too=True))]}
    start = time.monotonic()
    with within_seconds(10), pytest.raises(DeadlinePassed):
        ask(server.start() + "/crossref/works", seconds=1.5)
    assert time.monotonic() - start < 2.5


def test_redirect_to_another_port_drops_api_key_header_and_secret_params(
    server: RecordedApi, other_server: RecordedApi
) -> None:
    server.faults = {"semanticscholar": [Fault(action=redirect(other_server.start()))]}
    status, body = ask(
        server.start() + "/graph/v1/paper/search",
        params=(("query", "x"),),
        headers=(("x-api-key", "S2-SECRET"),),
        secret_params=(("api_key", "OA-SECRET"),),
    )
    assert status == 200 and json.loads(body)
    (sent,) = other_server.hits
    assert "x-api-key" not in sent.headers
    assert "OA-SECRET" not in sent.path and "query=x" in sent.path
    assert server.hits[0].headers["x-api-key"] == "S2-SECRET"  # the origin itself got the key


def test_redirect_on_the_same_origin_keeps_the_api_key(server: RecordedApi) -> None:
    base = server.start()
    server.faults = {"semanticscholar": [Fault(action=redirect(base, 301))]}
    ask(base + "/graph/v1/paper/search", headers=(("x-api-key", "S2-SECRET"),))
    assert [h.headers.get("x-api-key") for h in server.hits] == ["S2-SECRET", "S2-SECRET"]


def test_a_post_redirected_to_another_port_is_not_resent(
    server: RecordedApi, other_server: RecordedApi
) -> None:
    server.faults = {"semanticscholar": [Fault(action=redirect(other_server.start(), 307))]}
    with pytest.raises(ExchangeError, match="a POST was redirected to another host"):
        ask(
            server.start() + "/graph/v1/paper/batch",
            method="POST",
            json_body={"ids": ["DOI:10.1/x"]},
            headers=(("x-api-key", "S2-SECRET"),),
        )
    assert other_server.hits == []


def test_a_redirect_loop_stops_after_the_limit(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=redirect_loop(), every_request=True)]}
    with pytest.raises(ExchangeError, match=f"^more than {MAX_REDIRECTS} redirects"):
        ask(server.start() + "/crossref/works")
    assert len(server.hits) == MAX_REDIRECTS + 1


def test_the_cap_is_far_above_a_real_answer_of_a_hundred_works() -> None:
    # The largest recorded Crossref item (with its references) is 34 KB: 100 are 3.4 MB.
    assert 2 * 100 * len(CROSSREF_BODY) < MAX_RESPONSE_BYTES


def test_within_hands_back_the_work_result_and_its_errors() -> None:
    assert within(1.0, lambda stop: 42) == 42
    with pytest.raises(KeyError):
        within(1.0, lambda stop: {}["missing"])


def test_within_tells_the_work_to_stop_when_the_caller_gives_up() -> None:
    stopped = threading.Event()

    def work(stop: threading.Event) -> None:
        if stop.wait(5):
            stopped.set()

    with pytest.raises(DeadlinePassed):
        within(0.2, work)
    assert stopped.wait(2)


def test_within_stops_waiting_when_the_run_is_cancelled() -> None:
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    with within_seconds(3), pytest.raises(Cancelled):
        within(30.0, lambda stop: stop.wait(30), cancel)


def test_a_client_never_follows_redirects_by_itself() -> None:
    assert make_client(httpx.MockTransport(lambda r: httpx.Response(200))).follow_redirects is False


def test_a_redirect_echoing_the_api_key_never_shows_it(server: RecordedApi) -> None:
    server.faults = {"crossref": [Fault(action=redirect_loop(), every_request=True)]}
    with pytest.raises(ExchangeError) as caught:
        ask(server.start() + "/crossref/works", secret_params=(("api_key", "OA-SECRET"),))
    assert "api_key=OA-SECRET" in server.hits[-1].path  # the server did echo it back
    assert "OA-SECRET" not in str(caught.value)
    assert str(caught.value).startswith(f"more than {MAX_REDIRECTS} redirects (the last to http")
