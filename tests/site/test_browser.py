"""The built site in a real browser: headless Chromium against a server on 127.0.0.1.

The site is served under ``/synth/``, as GitHub Pages serves a project site, so every
test here also checks that the site works under a sub-path. axe-core (from npm, see
package.json) runs inside the page for the accessibility checks.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from support.devtools import DevTools, find_chromium, serve
from support.git_repo import EXAMPLE_ID, REPO
from support.site import build_example_site

PREFIX = "/synth/"
REPORT = f"reports/{EXAMPLE_ID}/"
MISSING = "reports/no-such-report/"
PAGES = {"home": "", "report": REPORT, "about": "about/", "404": MISSING}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CLAIMS_TABLE = 'document.querySelector(\'h3[id^="claim-"]\')?.closest("table")'


def _required(what: str, install: str) -> None:
    """Skip (fail under CI=true, which must run every browser test) for a missing tool."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed, and CI must run the browser tests -- {install}")
    pytest.skip(f"{what} is not installed here ({install}); CI runs this test")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, published under a project path as the publish workflow does."""
    return build_example_site(tmp_path_factory.mktemp("repo"), f"https://example.org{PREFIX}")


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 under /synth/; the address ends in /synth/."""
    with serve(site, PREFIX) as address:
        yield address


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    """A fresh headless Chromium with a throw-away profile (no stored colour scheme)."""
    binary = find_chromium()
    if binary is None:
        _required("Chromium", "apt-get install -y chromium")
    devtools = DevTools(str(binary), tmp_path / "profile")
    yield devtools
    devtools.close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


# --- the claims, search and sorting ----------------------------------------------------------


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


def _search(browser: DevTools, server: str, query: str) -> list[dict[str, str]]:
    """The search results for a query: each result's title text and link."""
    # mkdocs-material opens its search with the query from the `q` parameter.
    browser.open(f"{server}{REPORT}?q={query}")
    found = browser.wait_for(
        "(() => { const links = document.querySelectorAll('a.md-search-result__link');"
        " return links.length && Array.from(links, a => ({"
        " title: a.querySelector('h1, h2')?.innerText || '', href: a.href})); })()"
    )
    assert isinstance(found, list)
    return found


def test_site_search_finds_a_claim_and_links_to_its_row(server: str, browser: DevTools) -> None:
    results = _search(browser, server, "ChatGPT")
    claim = next(r for r in results if r["title"] == "ChatGPT was released in November 2022.")
    assert urlsplit(claim["href"]).fragment.startswith("claim-")


@pytest.mark.parametrize(
    ("query", "claim"),
    [
        # The example's record changes as the synthesis extracts other claims: words inside
        # the parentheses of claims it keeps.
        ("CodeGPT", "in the zero-shot code generation task."),
        ("SMoE", "a Sparse Mixture of Experts (SMoE) language model."),
    ],
)
def test_site_search_finds_a_word_in_parentheses(
    server: str, browser: DevTools, query: str, claim: str
) -> None:
    titles = [result["title"] for result in _search(browser, server, query)]
    assert any(title.endswith(claim) for title in titles), titles


def test_a_claim_link_highlights_the_claims_row(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    target = browser.evaluate('document.querySelector("h3[id^=claim-]").id')
    browser.open(f"{server}{REPORT}#{target}")
    colours = browser.evaluate(
        f'Array.from(document.getElementById("{target}").closest("tr").cells,'
        " c => getComputedStyle(c).backgroundColor)"
    )
    plain = browser.evaluate(
        'getComputedStyle(document.querySelectorAll(".claims tbody tr")[1].cells[0])'
        ".backgroundColor"
    )
    assert len(set(colours)) == 1 and colours[0] != plain


def test_references_link_back_to_the_claims_citing_them(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    back = browser.evaluate(
        "Array.from(document.querySelectorAll('ol li[id^=src-] a[href^=\"#claim-\"]'),"
        " a => document.getElementById(a.hash.slice(1)) !== null)"
    )
    assert back and all(back)


def _set_home_rows(browser: DevTools, rows: list[tuple[str, str, str]]) -> None:
    """Replace the home page's rows by (title, updated, record quality) rows, all else equal."""
    body = "".join(
        f"<tr><td>{title}</td><td>answer</td><td>{date}</td><td>1 of 2</td><td>{score}</td></tr>"
        for title, date, score in rows
    )
    browser.evaluate(f'document.querySelector(".sortable tbody").innerHTML = {json.dumps(body)}')


def _column(browser: DevTools, index: int) -> list[str]:
    return list(
        browser.evaluate(
            f'Array.from(document.querySelectorAll(".sortable tbody tr"), r => r.cells[{index}]'
            ".textContent)"
        )
    )


def test_sorting_by_date_orders_whole_dates_newest_first(server: str, browser: DevTools) -> None:
    browser.open(server)
    _set_home_rows(
        browser,
        [
            ("a", "2026-03-01", "1.0"),
            ("b", "—", "2.0"),
            ("c", "2026-11-26", "3.0"),
            ("d", "2025-12-31", "4.0"),
        ],
    )
    browser.evaluate('document.querySelectorAll(".sortable th")[2].click()')
    assert _column(browser, 2) == ["2026-11-26", "2026-03-01", "2025-12-31", "—"]
    browser.evaluate('document.querySelectorAll(".sortable th")[2].click()')
    assert _column(browser, 2) == ["2025-12-31", "2026-03-01", "2026-11-26", "—"]


def test_first_click_on_score_sorts_highest_first(server: str, browser: DevTools) -> None:
    browser.open(server)
    _set_home_rows(browser, [("a", "—", "8.2"), ("b", "—", "10.0"), ("c", "—", "9.1")])
    browser.evaluate('document.querySelectorAll(".sortable th")[4].click()')
    assert _column(browser, 4) == ["10.0", "9.1", "8.2"]
    browser.evaluate('document.querySelectorAll(".sortable th")[0].click()')
    assert _column(browser, 0) == ["a", "b", "c"]  # text sorts A to Z first


# --- self-contained, under a sub-path --------------------------------------------------------


def test_no_page_requests_anything_from_another_host(server: str, browser: DevTools) -> None:
    browser.send("Network.enable")
    for page in PAGES.values():
        browser.open(f"{server}{page}")
        browser.wait_for('document.querySelector(".md-search-result__meta") !== null')
    requested = [
        event["params"]["request"]["url"]
        for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    origin = f"{urlsplit(server).scheme}://{urlsplit(server).netloc}/"
    assert len(requested) > len(PAGES)  # the pages and what they load were seen
    # A data: URL (the theme's icon of a collapsible block) is inline: it leaves no host.
    assert [url for url in requested if not url.startswith((origin, "data:"))] == []


def test_every_page_is_styled_and_every_link_resolves_under_a_sub_path(
    server: str, browser: DevTools
) -> None:
    to_visit, seen, checked = [server, f"{server}{MISSING}"], set(), {}
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.open(url)
        styled = browser.evaluate(
            "Array.from(document.styleSheets).some(s => s.href && s.href.includes("
            '"/assets/stylesheets/main") && s.cssRules.length > 0)'
            ' && document.querySelector(".md-header").getBoundingClientRect().height < 100'
        )
        assert styled, f"{url} is not styled"
        links = browser.evaluate(
            "Array.from(document.querySelectorAll('a[href], link[href], script[src]'),"
            " e => e.href || e.src)"
        )
        for link in links:
            address, fragment = urldefrag(link)
            if not address.startswith(server.rstrip("/")):
                assert not address.startswith(f"http://{urlsplit(server).netloc}/"), (
                    f"{url} links outside the site's path: {link}"
                )
                continue
            if address not in checked:
                checked[address] = _status(address)
            assert checked[address] == 200, f"{url} links to {link}: HTTP {checked[address]}"
            if fragment and address == url:
                assert browser.evaluate(
                    f"document.getElementById({json.dumps(fragment)}) !== null"
                ), link
            if address.endswith("/") and address not in seen:
                to_visit.append(address)
    assert f"{server}{REPORT}" in seen and f"{server}about/" in seen


def test_the_404_page_leads_back_to_the_reports(server: str, browser: DevTools) -> None:
    assert _status(f"{server}{MISSING}") == 404
    browser.open(f"{server}{MISSING}")
    back = browser.evaluate('Array.from(document.querySelectorAll("article a"), a => a.href)')
    assert server in back


def test_record_downloads_have_a_name_and_are_served(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    links = browser.evaluate(
        'Object.fromEntries(Array.from(document.querySelectorAll("a[download]"),'
        " a => [a.getAttribute('download'), a.href]))"
    )
    assert set(links) == {f"{EXAMPLE_ID}.bib", f"{EXAMPLE_ID}.claims.yaml"}
    assert all(_status(url) == 200 for url in links.values())


# --- charts, phones, accessibility -----------------------------------------------------------


def test_charts_are_inline_svg_with_a_text_alternative(server: str, browser: DevTools) -> None:
    browser.open(f"{server}{REPORT}")
    charts = browser.evaluate(
        'Array.from(document.querySelectorAll("figure.chart > svg[role=img]"), svg => ({'
        " label: svg.getAttribute('aria-labelledby').split(' ').map("
        "   id => document.getElementById(id).textContent).join(' '),"
        " bars: svg.querySelectorAll('path').length, height: svg.getBoundingClientRect().height}))"
    )
    assert len(charts) == 3
    for chart in charts:
        assert chart["bars"] >= 1 and chart["height"] > 20
    years = next(c["label"] for c in charts if c["label"].startswith("Sources per year"))
    assert "2024: 6 sources" in years  # six of the example's sources are from 2024
    assert browser.evaluate('document.querySelectorAll("script[src*=mermaid]").length') == 0


def test_report_has_no_horizontal_overflow_on_a_phone(server: str, browser: DevTools) -> None:
    browser.viewport(390, 844)
    browser.open(f"{server}{REPORT}")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    # The claims are cards: one block per claim, each within the screen.
    cards = browser.evaluate(
        f"Array.from({CLAIMS_TABLE}.tBodies[0].rows, r => [getComputedStyle(r).display,"
        " r.getBoundingClientRect().right])"
    )
    assert cards and all(display == "block" and right <= 390 for display, right in cards)


def test_claim_cards_name_their_cells_on_a_phone(server: str, browser: DevTools) -> None:
    browser.viewport(390, 844)
    browser.open(f"{server}{REPORT}")
    names = browser.evaluate(
        f"Array.from({CLAIMS_TABLE}.tBodies[0].rows[0].cells,"
        " c => getComputedStyle(c, '::before').content)"
    )
    assert names[2:] == ['"Counts as: "', '"Confidence: "', '"Evidence: "', '"Second source: "']
    assert all(name in ("none", "normal") for name in names[:2])


def test_a_verdict_shows_its_mark_before_its_words_but_not_to_screen_readers(
    server: str, browser: DevTools
) -> None:
    browser.open(f"{server}{REPORT}")
    shown = browser.evaluate(
        'Array.from(document.querySelectorAll(".claims .verdict"), v =>'
        " [getComputedStyle(v, '::before').content, v.innerText])"
    )
    # Drawn before the words, with an empty text alternative: screen readers read the words.
    assert ['"✓ " / ""', "verified"] in shown and ['"? " / ""', "not found"] in shown


def test_home_page_lists_reports_as_cards_on_a_phone(server: str, browser: DevTools) -> None:
    browser.viewport(390, 844)
    browser.open(server)
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    cards = browser.evaluate(
        'Array.from(document.querySelectorAll(".sortable tbody tr"), r =>'
        " [getComputedStyle(r).display, r.getBoundingClientRect().right])"
    )
    assert cards and all(display == "block" and right <= 390 for display, right in cards)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(server: str, browser: DevTools, scheme: str) -> None:
    if not AXE.exists():
        _required("axe-core", "PUPPETEER_SKIP_DOWNLOAD=1 npm ci")
    browser.color_scheme(scheme)
    found = {}
    for name, page in PAGES.items():
        browser.open(f"{server}{page}")
        # The theme follows the system's scheme (palette media queries).
        palette = browser.evaluate("document.body.dataset.mdColorScheme")
        assert palette == ("slate" if scheme == "dark" else "default")
        browser.evaluate(AXE.read_text(encoding="utf-8"))
        violations = browser.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ' x' + v.nodes.length + ': ' + v.nodes[0].target.join(' ')))",
            wait=True,
        )
        if violations:
            found[name] = violations
    assert found == {}


def test_screenshot_of_the_example_report(server: str, browser: DevTools, tmp_path: Path) -> None:
    browser.open(f"{server}{REPORT}")
    shot = tmp_path / "report.png"
    browser.screenshot(shot, height=1600)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a blank page compresses to far less


def test_sitemap_and_canonical_links_name_the_published_address(site: Path) -> None:
    published = f"https://example.org{PREFIX}"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{published}{REPORT}</loc>" in sitemap
    page = (site / REPORT / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{published}{REPORT}">' in page


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
    quote = browser.evaluate(
        'document.querySelector("ol.findings li details blockquote").textContent'
    )
    assert quote.startswith("“(ii) On self-invoking code generation task")


def test_the_home_page_gives_each_report_its_answer(server: str, browser: DevTools) -> None:
    browser.open(server)
    answers = ".sortable tbody tr td:nth-child(2)"
    cells = browser.evaluate(
        f"Array.from(document.querySelectorAll({answers!r}), c => c.innerText)"
    )
    assert cells and cells[0].startswith("No source relates all four concepts")
