"""The Markdown extension that hands synth's marked HTML blocks to the page unparsed."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from markdown import htmlparser
from support.paths import REPO
from support.synthesis import example_claims, example_question, example_sources

from synth.markdown import PASS_END, PASS_START
from synth.models import Review
from synth.site.render import render_report
from synth.site.report import Report

# The extensions mkdocs.yml gives Python-Markdown, with and without this one.
EXTENSIONS = ["tables", "attr_list", "toc", "pymdownx.superfences"]
WITH = ["synth.site.passthrough", *EXTENSIONS]


def _page() -> str:
    """The example report's page as synth writes it, without its front matter."""
    report = Report(example_question(), example_sources(), example_claims(), Review(None, ()))
    return render_report(report).split("\n---\n", 1)[1]


def _tags(html: str) -> list[str]:
    return re.findall(r"<[^>]+>", html)


def test_a_marked_block_comes_out_as_it_went_in() -> None:
    # Read as Markdown, the line after the list would become a paragraph with emphasis.
    block = '<p class="x">a <em>b</em></p>\n\n<ul>\n<li>c</li>\n</ul>\n*d*'
    page = f"## Head\n\n{PASS_START}\n{block}\n{PASS_END}\n\nAfter *that*.\n"
    html = markdown.markdown(page, extensions=WITH)
    assert f"\n{block}\n" in html and "<p>After <em>that</em>.</p>" in html


def test_markdown_does_not_read_the_tags_of_a_marked_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    original = htmlparser.HTMLExtractor.handle_starttag

    def record(self: htmlparser.HTMLExtractor, tag: str, attrs: list[tuple[str, str]]) -> None:
        read.append(tag)
        original(self, tag, attrs)

    monkeypatch.setattr(htmlparser.HTMLExtractor, "handle_starttag", record)
    page = f"{PASS_START}\n<p><em>marked</em></p>\n{PASS_END}\n\n<div><small>raw</small></div>\n"
    markdown.markdown(page, extensions=WITH)
    assert read == ["div", "small"]  # the unmarked raw block's tags only


def test_the_report_page_is_the_same_with_and_without_the_extension() -> None:
    page = _page()
    assert PASS_START in page
    unmarked = "\n".join(line for line in page.split("\n") if line not in (PASS_START, PASS_END))
    fast = markdown.markdown(page, extensions=WITH)
    slow = markdown.markdown(unmarked, extensions=EXTENSIONS)
    assert _tags(fast) == _tags(slow)
    assert re.sub(r"\s+", " ", fast) == re.sub(r"\s+", " ", slow)


def test_a_block_never_closed_is_left_to_markdown() -> None:
    html = markdown.markdown(f"{PASS_START}\n<p>*open*</p>\n", extensions=WITH)
    assert "<p>*open*</p>" in html


def test_every_line_between_the_headings_of_a_report_page_is_html() -> None:
    page = _page()
    blocks = re.findall(f"(?s){re.escape(PASS_START)}\n(.*?)\n{re.escape(PASS_END)}", page)
    assert len(blocks) > 10
    for block in blocks:
        assert all(line.startswith("<") for line in block.split("\n") if line.strip())
    outside = re.sub(f"(?s){re.escape(PASS_START)}.*?{re.escape(PASS_END)}", "", page)
    assert all(line.startswith("#") for line in outside.split("\n") if line.strip())


def test_the_site_loads_the_extension() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = yaml.load(config, Loader=_IgnoreTags)["markdown_extensions"]
    assert "synth.site.passthrough" in extensions


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's !ENV tags read as plain values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
