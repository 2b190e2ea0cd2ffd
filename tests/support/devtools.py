"""Headless Chromium driven over the DevTools protocol, and a loopback server for a built site.

Chromium is driven without extra packages: ``--remote-debugging-pipe`` speaks
NUL-separated JSON on file descriptors 3 and 4. Waiting is by polling the page
(bounded), because the search runs in a web worker and a fixed
``--virtual-time-budget`` does not wait for it. Used by tests/site/test_browser.py
and by benchmarks/site_screenshots.py.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import gzip
import json
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# What a static host (GitHub Pages among them) sends for the record files; Python's
# http.server guesses nothing for .yaml and .bib, so the test server is told the same.
TYPES = {".yaml": "text/yaml; charset=utf-8", ".bib": "text/x-bibtex; charset=utf-8"}
# Compressed on the way, as static hosts (GitHub Pages among them) send text.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".yaml", ".bib", "/")


def find_chromium() -> str | None:
    """The Chromium binary ($SYNTH_CHROMIUM first), or None."""
    for name in (os.environ.get("SYNTH_CHROMIUM", ""), *BROWSERS):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


class TimedOut(AssertionError):
    """A page did not reach the awaited state in time."""


class DevTools:
    """One headless Chromium and one page in it, commanded over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path, width: int = 1280, height: int = 1600) -> None:
        to_browser, self._send = os.pipe()
        self._receive, from_browser = os.pipe()

        def wire() -> None:  # in the child: the protocol wants the pipes as fds 3 and 4
            read = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            write = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)

        command = [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"]
        self._process = subprocess.Popen(
            command,
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self._session = ""
        self.events: list[dict[str, Any]] = []  # protocol events seen so far (Network.*, ...)
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.viewport(width, height)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            while b"\0" not in self._buffer:
                left = deadline - time.monotonic()
                ready, _, _ = select.select([self._receive], [], [], max(left, 0))
                chunk = os.read(self._receive, 1 << 22) if ready else b""
                assert chunk, f"no answer from Chromium to {method}"
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            answer = json.loads(raw)
            if answer.get("id") == self._next_id:
                assert "error" not in answer, answer["error"]
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self.events.append(answer)

    def viewport(self, width: int, height: int = 1600) -> None:
        """Emulate a screen ``width`` CSS pixels wide (a phone below 600: touch, mobile)."""
        mobile = width < 600
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def color_scheme(self, scheme: str) -> None:
        """Emulate the system's colour scheme: "light" or "dark" (prefers-color-scheme)."""
        features = [{"name": "prefers-color-scheme", "value": scheme}]
        self.send("Emulation.setEmulatedMedia", features=features)

    def evaluate(self, expression: str, wait: bool = False) -> Any:
        """The value of a JavaScript expression in the page (``wait``: await its promise)."""
        found = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait
        )
        if "exceptionDetails" in found:
            raise AssertionError(f"{expression[:80]}: {found['exceptionDetails']}")
        return found["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 30) -> Any:
        """Poll until the expression is truthy (bounded); return its value."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        raise TimedOut(f"timed out after {seconds} s waiting for: {expression}")

    def open(self, url: str) -> None:
        """Load a URL and wait until its scripts have run."""
        self.send("Page.navigate", url=url)
        self.wait_for(f'location.href === {json.dumps(url)} && document.readyState === "complete"')

    def screenshot(self, path: Path, top: float = 0, height: float | None = None) -> None:
        """A PNG of the page from ``top`` down, ``height`` CSS pixels (default: to the end)."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {
            "x": 0,
            "y": top,
            "width": size["width"],
            "height": min(height or size["height"], size["height"] - top),
            "scale": 1,
        }
        params = {"format": "png", "captureBeyondViewport": True, "clip": clip}
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", **params)["data"]))

    def close(self) -> None:
        """Quit Chromium and release the pipes."""
        try:
            self._session = ""
            self.send("Browser.close")
        except (AssertionError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._send)
        os.close(self._receive)


@contextmanager
def serve(site: Path, prefix: str = "/", port: int = 0) -> Iterator[str]:
    """Serve the built ``site`` on 127.0.0.1 under ``prefix`` (as GitHub Pages serves a
    project site under /<repo>/); yields the site's address, ending in ``prefix``.

    Paths outside the prefix are 404, so a link that escapes it shows up as broken.
    """

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(site / "does-not-exist")
            return super().translate_path("/" + path[len(prefix) :])

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            path = Path(self.translate_path(self.path.split("?")[0]))
            if path.is_dir():
                path = path / "index.html"
            wanted = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (wanted and path.is_file() and self.path.split("?")[0].endswith(COMPRESSED)):
                return super().do_GET()
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None):  # type: ignore[no-untyped-def]
            # A static host answers a missing page with the site's 404.html, styled.
            page = site / "404.html"
            if code != 404 or not page.exists():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    handler = functools.partial(Handler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
