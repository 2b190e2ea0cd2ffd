"""A loopback HTTP server that serves the recorded payloads, with latency and injected faults.

Used by the integration tests and by ``benchmarks/retrieve.py`` and
``benchmarks/hostile_network.py``. Each database can be given a list of faults that answer
its first requests, in order: a status with an optional body and headers, a truncated body
(the connection closes early), or an ``action`` that writes whatever it likes to the
socket (``support.hostile``: gzip bombs, drips, redirects). A fault marked
``every_request`` answers all of that database's requests.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from support.retrieval import payload_for

MAX_REQUESTS = 200  # a runaway retry loop fails the test instead of hanging it


class _Server(ThreadingHTTPServer):
    """Quiet about clients that hang up mid-answer, as synth does on a bomb or a drip."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Fault:
    """One injected answer: ``status`` with ``body``/``headers``, a truncated 200, or ``action``."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    truncate: bool = False
    action: Callable[[BaseHTTPRequestHandler], None] | None = None
    every_request: bool = False


@dataclass
class Hit:
    """One request the server saw (``path`` with its query string)."""

    database: str
    path: str
    at: float
    method: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RecordedApi:
    """The server: start() gives a base URL; hits lists every request seen."""

    latency: float = 0.0
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    _server: _Server | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> str:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                self.do_GET()

            def do_GET(self) -> None:
                found = payload_for(self.path.split("?", 1)[0])
                database = found[0] if found else "?"
                headers = {name.lower(): value for name, value in self.headers.items()}
                with api._lock:
                    hit = Hit(database, self.path, time.monotonic(), self.command, headers)
                    api.hits.append(hit)
                    too_many = len(api.hits) > MAX_REQUESTS
                    queue = api.faults.get(database, [])
                    fault = (
                        (queue[0] if queue[0].every_request else queue.pop(0)) if queue else None
                    )
                if api.latency:
                    time.sleep(api.latency)
                if found is None or too_many:
                    self._send(404 if found is None else 503, b"no such recording")
                    return
                if fault is not None and fault.action is not None:
                    fault.action(self)
                    self.close_connection = True
                elif fault is None:
                    self._send(200, found[1].read_bytes())
                elif fault.truncate:
                    body = found[1].read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self._send(fault.status, fault.body, fault.headers)

            def _send(
                self, status: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()
            ) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def times(self, database: str) -> list[float]:
        """When each request to ``database`` arrived."""
        return [hit.at for hit in self.hits if hit.database == database]
