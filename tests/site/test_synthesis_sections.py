"""The report page answers first: Abstract, findings by concept, evidence map, off-topic."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.paths import EXAMPLE_ID, REPO
from support.synthesis import (
    DEEP_LEARNING_REVIEW,
    example_claims,
    example_question,
    example_sources,
)

from synth.markdown import anchor
from synth.models import Concept, Review
from synth.site.build import build
from synth.site.render import render_report
from synth.site.report import Report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with its record, its pages built."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "questions", root / "questions")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("index.md"))
    build(root)
    return root


@pytest.fixture(scope="module")
def page(built: Path) -> str:
    return (built / "docs" / "reports" / EXAMPLE_ID / "index.md").read_text(encoding="utf-8")


def section(page: str, title: str) -> str:
    return page.split(f"\n## {title}")[1].split("\n## ")[0]


def test_the_abstract_opens_with_the_answer(page: str) -> None:
    abstract = section(page, "Abstract")
    first = abstract.split("<p>")[1]
    assert first.startswith("<strong>Answer.</strong> No source relates all four concepts;")


def test_the_abstract_states_the_gaps_in_words(page: str) -> None:
    abstract = section(page, "Abstract")
    assert "<li>No source relates mixture of experts to robustness.</li>\n" in abstract
    assert "robustness to code generation." not in abstract


def test_the_abstract_counts_quotes_apart_from_verification(page: str) -> None:
    abstract = section(page, "Abstract")
    assert "6 are only quoted" in abstract and "0 verified" in abstract


def test_the_header_carries_no_score_that_reads_as_a_verdict(page: str) -> None:
    header = page.split("## Abstract")[0]
    assert "/10" not in header and "supported" not in header
    assert '<span class="nobreak">14 sources (6 on topic)</span>' in header
    assert '<span class="nobreak">4 gaps</span>' in header


def test_the_evidence_map_has_a_row_per_on_topic_source(page: str) -> None:
    table = section(page, "Evidence map").split("### Concept pairs")[0]
    rows = re.findall(r'<tr><td data-label="Source">(.*?)</td>', table)
    assert len(rows) == 6 + 1  # six on-topic sources and the totals
    assert "Ahmed" not in table  # the deep-learning review is off-topic


def test_each_concept_pair_is_listed_with_its_sentences_or_as_a_gap(page: str) -> None:
    pairs = section(page, "Evidence map").split("### Concept pairs")[1].split("### Gaps")[0]
    row = next(
        r
        for r in pairs.splitlines()
        if r.startswith('<tr><td data-label="Concepts">mixture of experts and robustness')
    )
    assert "none: a gap" in row
    row = next(
        r
        for r in pairs.splitlines()
        if r.startswith('<tr><td data-label="Concepts">robustness and code generation')
    )
    assert row.count("<br>") == 2  # three sources, each with its sentence


def test_findings_come_under_each_concept_they_mention(page: str) -> None:
    findings = section(page, "What the sources say")
    headings = re.findall(r"^### (.+)$", findings, re.MULTILINE)
    assert headings == ["Alignment", "Mixture of experts", "Robustness", "Code generation"]
    alignment = findings.split("### Alignment")[1].split("###")[0]
    assert "Yu et al. (2024)</a> report that on self-invoking code generation task" in alignment


def test_the_off_topic_sources_are_listed_apart_with_what_they_mention(page: str) -> None:
    review = next(s for s in example_sources() if s.doi == DEEP_LEARNING_REVIEW)
    references = section(page, "References")
    apart = references.split("### Off-topic sources")[1]
    entry = next(line for line in apart.splitlines() if anchor(review.key) in line)
    assert entry.endswith("<em>Mentions only robustness.</em></li>")
    assert anchor(review.key) not in references.split("### Off-topic sources")[0]


def test_a_quoted_claim_is_shown_as_quoted_not_verified(page: str) -> None:
    claims = section(page, "Extracted Claims")
    row = next(r for r in claims.splitlines() if "claim-97d1fd1544" in r)  # Mixtral, quoted
    assert 'data-mark="“">quoted</span>' in row and "verified" not in row


def test_the_home_page_shows_each_reports_one_line_answer(built: Path) -> None:
    home = (built / "docs" / "index.md").read_text(encoding="utf-8")
    answer = '<td data-label="Answer">No source relates all four concepts; none relates alignment'
    assert answer in home


HOSTILE = '<script>alert(1)</script> "x" | *y*'


def test_hostile_concept_names_never_become_tags_or_break_attributes() -> None:
    question = replace(
        example_question(), concepts=(Concept(HOSTILE, ("robust",)), Concept("code generation"))
    )
    report = Report(question, example_sources(), example_claims(), Review(None, ()))
    page = render_report(report)
    assert "<script>" not in page
    assert 'aria-label="mentions &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;' in page
    for row in re.findall(r"^<tr>.*$", page, re.MULTILINE):
        assert row.endswith("</tr>")
