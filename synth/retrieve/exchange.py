"""One HTTP exchange, bounded whatever the server sends.

:func:`exchange` makes one request for :class:`~synth.retrieve.http.PoliteFetcher`:

* **redirects** are followed here, at most ``MAX_REDIRECTS``. Once a redirect leaves the
  request's origin (scheme, host, port), the request's own headers (Semantic Scholar's
  ``x-api-key``) and secret parameters (OpenAlex's ``api_key``) are no longer sent, and a
  body is never resent there (httpx strips only ``Authorization``, and a 307 resends a POST);
* the **body** is read as a stream and decompressed here (gzip, deflate) a bounded piece at a
  time, so no more than ``MAX_RESPONSE_BYTES`` are ever held: 2 MB of gzip that inflate to
  2 GiB stop at the cap;
* the whole exchange -- connecting, redirects, headers, body -- ends by one **deadline**.
  httpx's timeouts are per read, so a server sending a byte a second never trips them; the
  exchange therefore runs in a helper thread the caller stops waiting for at the deadline
  (the helper stops reading at its next chunk).

Failures no retry can mend raise :class:`ExchangeError` (what happened, and the fix);
the deadline raises :class:`DeadlinePassed`; httpx's transport errors pass through.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import httpx

from synth.retrieve.request import ApiRequest
from synth.text import shorten

MAX_RESPONSE_BYTES = 8 * 1024 * 1024  # decompressed; real answers of 100 works are under 4 MB
ERROR_BODY_BYTES = 64 * 1024  # of an error answer: enough for its message, the rest is unread
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# The fix for redirects that cannot be followed: only the user knows whether they set an address.
MOVED = (
    "the service may have moved or be misconfigured: check the database's SYNTH_*_URL "
    "override if you set one, else try again later"
)
CHUNK_BYTES = 64 * 1024
_WAIT_SLICE = 0.2  # seconds: how often a waiting caller looks whether the run was cancelled
Result = TypeVar("Result")


class ExchangeError(Exception):
    """An answer that retrying will not mend; ``fix`` says what the user can do."""

    def __init__(self, what: str, fix: str) -> None:
        self.what = what
        self.fix = fix
        super().__init__(f"{what} -- {fix}")


class DeadlinePassed(Exception):
    """The exchange was not complete by its deadline."""


class Cancelled(Exception):
    """The run was interrupted (Ctrl-C): a waiting worker stops at once."""


@dataclass(frozen=True)
class Answer:
    """A complete answer: status, headers, the decompressed body and the final URL."""

    status: int
    headers: httpx.Headers
    content: bytes
    url: httpx.URL


def exchange(
    client: httpx.Client,
    request: ApiRequest,
    *,
    seconds: float,
    read_timeout: float,
    cancel: threading.Event | None = None,
) -> Answer:
    """Make ``request`` and read its answer within ``seconds``; see the module docstring."""
    return within(
        seconds,
        lambda stop: _exchange(client, request, time.monotonic() + seconds, read_timeout, stop),
        cancel,
    )


def within(
    seconds: float,
    work: Callable[[threading.Event], Result],
    cancel: threading.Event | None = None,
) -> Result:
    """``work(stop)`` run in a helper thread; raise ``DeadlinePassed`` after ``seconds``.

    ``stop`` is set when the caller gives up, so ``work`` can end early; until it does, the
    helper is a daemon thread and never keeps the process alive.
    """
    outcome: list[Result] = []
    failure: list[BaseException] = []
    done = threading.Event()
    stop = threading.Event()

    def run() -> None:
        try:
            outcome.append(work(stop))
        except BaseException as error:  # handed to the waiting caller, who re-raises it
            failure.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name="synth-exchange", daemon=True).start()
    deadline = time.monotonic() + seconds
    try:
        while not done.wait(max(0.0, min(_WAIT_SLICE, deadline - time.monotonic()))):
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if time.monotonic() >= deadline:
                raise DeadlinePassed
    finally:
        stop.set()
    if failure:
        raise failure[0]
    return outcome[0]


def _exchange(
    client: httpx.Client,
    request: ApiRequest,
    deadline: float,
    read_timeout: float,
    stop: threading.Event,
) -> Answer:
    """Send, follow redirects and read the final answer's body (in the helper thread)."""
    origin = _origin(httpx.URL(request.url))
    secrets_allowed = True
    timeout = httpx.Timeout(read_timeout)
    outgoing = client.build_request(
        request.method,
        request.url,
        params=request.params + request.secret_params,
        json=request.json_body,
        headers=dict(request.headers),
        timeout=timeout,
    )
    for hop in range(MAX_REDIRECTS + 1):
        response = client.send(outgoing, stream=True, follow_redirects=False)
        try:
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                limit = MAX_RESPONSE_BYTES if response.status_code in request.ok_statuses else 0
                content = read_body(response, limit, deadline, stop)
                return Answer(response.status_code, response.headers, content, response.url)
            target = _redirect_url(response.url, location)
            if hop == MAX_REDIRECTS:
                raise ExchangeError(
                    f"more than {MAX_REDIRECTS} redirects (the last to "
                    f"{shown_url(target, request)})",
                    MOVED,
                )
            secrets_allowed = secrets_allowed and _origin(target) == origin
            method, body, headers = _redirected(
                outgoing.method, response.status_code, target, request, secrets_allowed
            )
            if not secrets_allowed:
                target = without_secrets(target, request)
            outgoing = client.build_request(
                method, target, json=body, headers=headers, timeout=timeout
            )
        finally:
            response.close()
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port: what must stay the same for secrets to be sent."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def without_secrets(url: httpx.URL, request: ApiRequest) -> httpx.URL:
    """``url`` without the request's secret parameters (a server may echo them back)."""
    for name, _ in request.secret_params:
        url = url.copy_remove_param(name)
    return url


def shown_url(url: httpx.URL, request: ApiRequest) -> str:
    """``url`` for a message: without secrets, printable, at most 200 characters."""
    return shorten(str(without_secrets(url, request)), 200)


def _redirect_url(current: httpx.URL, location: str) -> httpx.URL:
    """Where a redirect points, resolved against the answer's URL.

    An unusable address is not quoted: it may carry an echoed key.
    """
    try:
        target = current.join(location)
    except httpx.InvalidURL as error:
        raise ExchangeError(
            "redirected to an invalid address", "the service may be misconfigured; try again later"
        ) from error
    if target.scheme not in ("http", "https"):
        raise ExchangeError(
            f"redirected to a non-HTTP address ({shorten(target.scheme, 20)}:)",
            "the service may be misconfigured; try again later",
        )
    return target


def _redirected(
    method: str, status: int, target: httpx.URL, request: ApiRequest, secrets_allowed: bool
) -> tuple[str, object, dict[str, str]]:
    """Method, JSON body and headers of the request a redirect asks for.

    The request's headers go only while the chain stays on its origin; a body never
    leaves it.
    """
    body = request.json_body
    if status == 303 or (status in (301, 302) and method == "POST"):
        method, body = "GET", None  # what browsers do; 307 and 308 keep the method and body
    if secrets_allowed:
        return method, body, dict(request.headers)
    if body is not None:
        raise ExchangeError(
            f"a {method} was redirected to another host ({target.host})",
            f"synth does not resend a request body to another host; {MOVED}",
        )
    return method, body, {}


def read_body(
    response: httpx.Response, limit: int, deadline: float, stop: threading.Event
) -> bytes:
    """The decompressed body, at most ``limit`` bytes; ``limit`` 0 means an error answer.

    An error answer is cut at ``ERROR_BODY_BYTES`` (only its message is wanted); a
    successful one larger than ``limit`` raises ``ExchangeError``: half a list of works
    is no answer to keep.
    """
    cap = limit or ERROR_BODY_BYTES
    pieces: list[bytes] = []
    size = 0
    try:
        for piece in _decoded(response, cap + 1):
            pieces.append(piece)
            size += len(piece)
            if size > cap:
                if not limit:
                    break
                raise ExchangeError(
                    f"the answer is larger than {cap // 2**20} MB once decompressed, so "
                    "synth stopped reading it",
                    "if the service really sends that much, lower search.limit in the "
                    "question; otherwise try again later",
                )
            if stop.is_set() or time.monotonic() > deadline:
                raise DeadlinePassed
    except ExchangeError:
        if limit:
            raise  # an error answer's status says enough without a readable body
    return b"".join(pieces)[:cap]


def _decoded(response: httpx.Response, most: int) -> Iterator[bytes]:
    """The body's bytes after Content-Encoding; never more than ``most`` from one chunk."""
    if response.is_stream_consumed:
        # An answer built in memory (httpx.MockTransport in tests) was read, and decoded, by
        # httpx when it was made; nothing came over a network to bound.
        content = response.content
        yield from (content[i : i + CHUNK_BYTES] for i in range(0, len(content), CHUNK_BYTES))
        return
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw(CHUNK_BYTES)
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ExchangeError(
            f"the answer is compressed with {shorten(encoding, 40)!r}, which synth did not ask for",
            "the service may be misconfigured; try again later",
        )
    inflater = _Inflater(encoding)
    produced = 0
    for chunk in response.iter_raw(CHUNK_BYTES):
        piece = inflater.feed(chunk, most - produced)
        produced += len(piece)
        yield piece
        if produced >= most:
            return
    if not inflater.finished:
        raise _broken(encoding, "it ends early")


class _Inflater:
    """zlib decompression whose output per call is bounded (a bomb never inflates at once)."""

    def __init__(self, encoding: str) -> None:
        # wbits MAX_WBITS | 32 reads a gzip or a zlib header; some servers send "deflate"
        # without one (raw), which httpx accepts too.
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)
        self._encoding = encoding
        self._raw_fallback = encoding == "deflate"
        self._started = False

    @property
    def finished(self) -> bool:
        """True once the compressed stream's end was read."""
        return self._inflate.eof

    def feed(self, data: bytes, most: int) -> bytes:
        """Up to ``most`` bytes of output for ``data`` (data past the stream's end is ignored)."""
        if self._inflate.eof:
            return b""
        try:
            out = self._inflate.decompress(data, max(1, most))
        except zlib.error as error:
            if self._raw_fallback and not self._started:
                self._raw_fallback = False
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, most)
            raise _broken(self._encoding, str(error)) from error
        self._started = True
        return out


def _broken(encoding: str, why: str) -> ExchangeError:
    """The error for a compressed body that cannot be decompressed."""
    return ExchangeError(
        f"the answer is not valid {encoding} ({why})",
        "the service sent a broken answer; try again later",
    )
