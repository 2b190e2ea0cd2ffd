"""The built site in a real browser: headless Chromium against a server on 127.0.0.1.

Chromium is driven over the DevTools protocol without extra packages:
``--remote-debugging-pipe`` speaks NUL-separated JSON on file descriptors 3 and 4.
Waiting is by polling the page (bounded), because the search runs in a web worker and
a fixed ``--virtual-time-budget`` does not wait for it.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import json
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support.git_repo import EXAMPLE_ID, REPO

from synth.site.build import build

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
REPORT = f"/reports/{EXAMPLE_ID}/"


def _chromium() -> str:
    """The Chromium binary, or a skip (a failure under CI=true) saying that it is missing."""
    for name in (os.environ.get("SYNTH_CHROMIUM", ""), *BROWSERS):
        found = shutil.which(name) if name else None
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail(
            "Chromium is not installed, and CI must run the browser test -- .ci/run "
            "installs it with: apt-get install -y chromium"
        )
    pytest.skip("Chromium is not installed here (apt-get install chromium); CI runs this test")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository built into a site: synth build, then mkdocs build --strict."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "questions", root / "questions")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("index.md"))
    shutil.copy(REPO / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    build(root)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(root / "site")]
    subprocess.run(command, cwd=root, check=True, capture_output=True)
    return root / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port, for the duration of the module."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CLAIMS_TABLE = 'document.querySelector(\'span[id^="claim-"]\')?.closest("table")'


class DevTools:
    """One headless Chromium and one page in it, commanded over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
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
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=1280,
            height=1600,
            deviceScaleFactor=1,
            mobile=False,
        )

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
                chunk = os.read(self._receive, 1 << 20) if ready else b""
                assert chunk, f"no answer from Chromium to {method}"
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            answer = json.loads(raw)
            if answer.get("id") == self._next_id:
                assert "error" not in answer, answer["error"]
                result: dict[str, Any] = answer.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        found = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return found["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 30) -> Any:
        """Poll until the expression is truthy (bounded); return its value."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        pytest.fail(f"timed out after {seconds} s waiting for: {expression}")

    def open(self, url: str) -> None:
        """Load a URL and wait until its scripts have run."""
        self.send("Page.navigate", url=url)
        self.wait_for(f'location.href === {json.dumps(url)} && document.readyState === "complete"')

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


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    """A fresh headless Chromium with a throw-away profile."""
    devtools = DevTools(_chromium(), tmp_path / "profile")
    yield devtools
    devtools.close()


def test_claims_table_is_visible_on_the_example_report(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    browser.evaluate(f"{CLAIMS_TABLE}.scrollIntoView()")
    visible = browser.evaluate(
        f"{CLAIMS_TABLE}.checkVisibility({{checkOpacity: true, checkVisibilityCSS: true}})"
    )
    assert visible is True
    rows = browser.evaluate(f"{CLAIMS_TABLE}.tBodies[0].rows.length")
    claims = (REPO / "docs" / "reports" / EXAMPLE_ID / "claims.yaml").read_text(encoding="utf-8")
    assert rows == claims.count("\n- id: ")


def test_site_search_finds_a_claim(server: str, browser: DevTools) -> None:
    # mkdocs-material opens its search with the query from the `q` parameter.
    browser.open(f"{server}{REPORT}?q=ChatGPT")
    text = browser.wait_for('document.querySelector(".md-search-result__list")?.innerText')
    assert "ChatGPT was released in November 2022." in text


def test_screenshot_of_the_example_report(server: str, browser: DevTools, tmp_path: Path) -> None:
    browser.open(f"{server}{REPORT}")
    shot = tmp_path / "report.png"
    shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a blank page compresses to far less


def test_charts_are_drawn_offline_on_the_example_report(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    # mkdocs-material draws each chart into a closed shadow root of a div.mermaid that
    # replaces the fenced source: a drawn chart is such a div with a height.
    heights = browser.wait_for(
        'Array.from(document.querySelectorAll("div.mermaid"), d => d.offsetHeight)'
        ".filter(h => h > 100).length === 2"
        ' && Array.from(document.querySelectorAll("div.mermaid"), d => d.offsetHeight)'
    )
    assert len(heights) == 2  # the verdicts pie and the sources per year
    assert browser.evaluate('document.querySelectorAll("pre.mermaid").length') == 0


def test_sort_script_orders_the_home_page_table(server: str, browser: DevTools) -> None:
    browser.open(f"{server}/")
    assert browser.evaluate('document.querySelectorAll(".sortable table tbody tr").length') >= 1
    assert browser.evaluate("typeof window.mermaid") == "undefined"  # not loaded without charts


def test_the_report_opens_with_the_answer_and_its_gaps(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    first = browser.evaluate('document.querySelector("#abstract ~ p")?.innerText')
    assert first.startswith("Answer. No source relates all four concepts")
    gaps = browser.evaluate(
        'Array.from(document.querySelectorAll("#abstract ~ ul")[0].querySelectorAll("li"),'
        " li => li.innerText)"
    )
    assert "No source relates mixture of experts to robustness." in gaps


def test_the_evidence_map_and_the_sentences_behind_its_marks(
    server: str, browser: DevTools
) -> None:
    browser.open(f"{server}{REPORT}")
    table = 'document.querySelector(".evidence-map table")'
    browser.evaluate(f"{table}.scrollIntoView()")
    assert browser.evaluate(f"{table}.checkVisibility()") is True
    marks = browser.evaluate(f'{table}.querySelectorAll("[aria-label^=mentions]").length')
    assert marks == 2 + 2 + 2 + 2 + 4 + 2  # what each on-topic source mentions (Qwen2: all)
    sentences = 'document.querySelector("details.evidence-sentences")'
    assert browser.evaluate(f"{sentences}.open") is False
    browser.evaluate(f'{sentences}.querySelector("summary").click()')
    opened = browser.evaluate(f"{sentences}.open && {sentences}.innerText")
    assert (
        "“We introduce Mixtral 8x7B, a Sparse Mixture of Experts (SMoE) language model.”" in opened
    )


def test_findings_are_listed_under_each_concept(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    counts = browser.evaluate(
        'Array.from(document.querySelectorAll("ol.findings"), list => list.children.length)'
    )
    assert len(counts) == 4 and all(counts)
    quote = browser.evaluate('document.querySelector("li.finding details blockquote").textContent')
    assert quote.startswith("“(ii) On self-invoking code generation task")


def test_the_home_page_gives_each_report_its_answer(server: str, browser: DevTools) -> None:
    browser.open(f"{server}/")
    answers = ".sortable tbody tr td:nth-child(2)"
    cells = browser.evaluate(
        f"Array.from(document.querySelectorAll({answers!r}), c => c.innerText)"
    )
    assert cells and cells[0].startswith("No source relates all four concepts")
