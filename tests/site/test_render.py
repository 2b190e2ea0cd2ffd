import re
from dataclasses import replace

import markdown
from mkdocs.utils.meta import get_data
from support.paths import REPO

from synth.markdown import claim_anchor
from synth.models import (
    Check,
    Claim,
    ClaimResult,
    Concept,
    Evidence,
    Question,
    QuestionClaim,
    Review,
    ReviewerScore,
    Source,
    Verdict,
)
from synth.site.claims import HEADER
from synth.site.render import front_matter, render_index, render_report
from synth.site.report import Counts, DatabaseRun, IndexRow, Report, display_order

HOSTILE = '| <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'
# The hostile source's title and abstract each mention one of the two concepts.
QUESTION = Question(
    id="q",
    question="Is RLHF robust?",
    concepts=(Concept("title"), Concept("abstract")),
    claims=(QuestionClaim("Second."),),
)
SOURCE = Source(
    "evil2024x",
    "Title " + HOSTILE,
    ("Eve " + HOSTILE,),
    2024,
    venue=HOSTILE,
    doi="10.1000/x",
    url="javascript:alert(4)",
    abstract="Abstract " + HOSTILE,
)
REVIEW = Review(7.0, (ReviewerScore("Verification", 7.0, "reason " + HOSTILE),))


def _result(text: str, label: str = "supported", origin: str = "evil2024x") -> ClaimResult:
    evidence = Evidence("evil2024x", "Evidence " + HOSTILE, 88.0, (0, 8))
    checks = (Check("number", label == "supported", "2021 is not in the evidence " + HOSTILE),)
    return ClaimResult(Claim(text[:6], text, origin, origin), Verdict(label, 0.5, evidence, checks))


def _report(**changes: object) -> Report:
    report = Report(QUESTION, [SOURCE], [_result("Claim " + HOSTILE, "not-found")], REVIEW)
    return replace(report, **changes)  # type: ignore[arg-type]


def test_hostile_text_never_becomes_a_tag() -> None:
    page = render_report(_report())
    assert "<script" not in page
    assert "<img" not in page
    assert not re.search(r"\]\(javascript:", page)


def test_hostile_text_keeps_claims_table_rows_intact() -> None:
    page = render_report(_report())
    table = page.split("## Extracted Claims")[1].split("##")[0]
    rows = [line for line in table.splitlines() if line.startswith("<tr><td")]
    assert rows
    for row in rows:
        assert row.endswith("</td></tr>")
        assert len(re.findall(r"<td[ >]", row)) == 6 and row.count("</td>") == 6


def test_unsafe_source_url_is_not_linked() -> None:
    no_doi = replace(SOURCE, doi="")
    references = render_report(_report(sources=[no_doi])).split("## References")[1]
    assert "alert(4)" not in references
    assert "](javascript" not in references and 'href="javascript' not in references


def test_failed_check_explains_itself_on_the_page() -> None:
    page = render_report(_report())
    assert "2021 is not in the evidence" in page


def test_counts_come_from_the_record() -> None:
    results = [
        _result("Title A"),
        _result("Title B", "contradicted"),
        _result("Title C", "not-found", "question"),
        _result("Nothing of the question"),
    ]
    counts = Counts.of(_report(results=results))
    assert (counts.claims, counts.findings, counts.set_aside) == (4, 3, 1)
    assert (counts.quoted, counts.verified, counts.not_found) == (2, 0, 1)
    assert counts.hand_written == 1


def test_abstract_states_the_number_of_sources_listed() -> None:
    sources = [replace(SOURCE, key=f"k{i}") for i in range(3)]
    page = render_report(_report(sources=sources))
    references = page.split("## References")[1]
    assert "It draws on 3 sources" in page
    assert references.count("<li id=") == 3


def test_failed_database_is_named_in_methodology_and_limitations() -> None:
    runs = [
        DatabaseRun("openalex", "ok", 10, 8),
        DatabaseRun("crossref", "failed", error="HTTP 500"),
    ]
    page = render_report(_report(retrieved="2026-11-26", databases=runs))
    methodology = page.split("## Methodology")[1].split("## Results")[0]
    assert "<strong>Failed databases:</strong> crossref" in methodology
    assert "Retrieval failed for: crossref" in page


def test_question_claims_come_first_in_question_order() -> None:
    results = [_result("Zzz extracted"), _result("Second.", origin="question")]
    ordered = display_order(_report(results=results))
    assert [r.claim.text for r in ordered] == ["Second.", "Zzz extracted"]


def test_index_lists_every_report_with_its_answer_and_sources() -> None:
    other = replace(QUESTION, id="other", title="Other")
    reports = [_report(), _report(question=other, sources=[], results=[])]
    page = render_index([IndexRow.of(report) for report in reports])
    assert '<a href="reports/other/">Other</a>' in page
    # The hostile source mentions each concept, but in different sentences.
    answer = '<td data-label="Answer">{}</td>'
    assert answer.format("No source relates title to abstract.") in page
    assert (
        answer.format("No source relates title to abstract; none mentions title (and 1 more gap).")
        in page
    )
    cell = '<td style="text-align: right;" data-label="Sources on topic">{}</td>'
    assert cell.format("1 of 1") in page and cell.format("0 of 0") in page


def test_methodology_shows_the_verifiers_method_text_as_markdown_would() -> None:
    from synth.verify.method import describe_method

    methodology = render_report(_report()).split("## Methodology")[1].split("## Results")[0]
    rendered = markdown.markdown(describe_method())[len("<p>") : -len("</p>")]
    assert f"<strong>Verification.</strong> {rendered}</p>" in methodology


def test_methodology_states_the_verifiers_thresholds() -> None:
    from synth.verify.method import MODEL

    methodology = render_report(_report()).split("## Methodology")[1].split("## Results")[0]
    assert f"at least {MODEL.support:.2f}" in methodology


def _claims_section(page: str) -> str:
    return page.split("## Extracted Claims")[1].split("\n## ")[0]


def test_each_claim_is_a_heading_with_its_id_and_a_numbered_link_to_it() -> None:
    result = _result("Claim one.")
    rows = _claims_section(render_report(_report(results=[result]))).splitlines()
    row = next(r for r in rows if r.startswith("<tr><td"))
    target = claim_anchor(result.claim.id)
    assert f'<a href="#{target}" aria-label="Claim 1">1</a>' in row
    assert f'<h3 id="{target}">Claim one.</h3>' in row


def test_the_stylesheet_names_each_claim_cards_cells_with_the_columns_header() -> None:
    claims = _claims_section(render_report(_report()))
    assert '<div class="claims cards">' in claims and "data-label" not in claims
    css = (REPO / "docs" / "stylesheets" / "report.css").read_text(encoding="utf-8")
    named = re.findall(r'\.claims td:nth-child\((\d)\)::before \{ content: "([^"]*): "; \}', css)
    assert named == [(str(i + 1), HEADER[i]) for i in range(2, len(HEADER))]


def test_contradicted_and_not_found_have_different_marks_and_tones() -> None:
    # Claims of the question: what an extracted claim counts as does not rest on its own verdict.
    results = [
        _result("Against.", "contradicted", "question"),
        _result("Absent.", "not-found", "question"),
    ]
    page = render_report(_report(results=results))
    claims = _claims_section(page)
    assert '<span class="verdict verdict--negative" data-mark="✗">contradicted</span>' in claims
    assert '<span class="verdict verdict--missing" data-mark="?">not found</span>' in claims


def test_references_link_back_to_the_claims_that_cite_them() -> None:
    results = [_result("One."), _result("Two.", origin="question")]
    page = render_report(_report(results=results))
    entry = page.split("## References")[1].split("</li>")[0]
    ordered = display_order(_report(results=results))
    links = [f'<a href="#{claim_anchor(r.claim.id)}">{n}</a>' for n, r in enumerate(ordered, 1)]
    assert f"Cited by claims {', '.join(links)}." in entry


def test_reference_without_citing_claims_says_nothing_about_them() -> None:
    page = render_report(_report(results=[]))
    assert "Cited by" not in page.split("## References")[1]


def test_downloads_are_named_for_the_report() -> None:
    header = render_report(_report()).split("## Abstract")[0]
    assert '<a href="sources.bib" download="q.bib" type="text/x-bibtex">sources.bib</a>' in header
    assert (
        '<a href="claims.yaml" download="q.claims.yaml" type="text/yaml">claims.yaml</a>' in header
    )


def test_header_facts_do_not_break_inside_a_date() -> None:
    header = render_report(_report(date="2026-11-26")).split("## Abstract")[0]
    assert '<span class="nobreak">updated 2026-11-26</span>' in header


def test_report_charts_are_inline_svg_not_a_script() -> None:
    page = render_report(_report())
    charts = page.split("## Charts")[1].split("\n## ")[0]
    assert charts.count('<svg class="chart__svg"') == 3
    assert "mermaid" not in page and "charts:" not in page.split("\n---\n")[0]


def test_a_url_without_identifiers_is_linked_by_its_host() -> None:
    source = replace(SOURCE, doi="", url="https://example.org/paper")
    references = render_report(_report(sources=[source])).split("## References")[1]
    assert '<a href="https://example.org/paper">example.org</a>' in references


def test_front_matter_keeps_a_title_and_tags_with_an_emoji_for_mkdocs() -> None:
    question = replace(QUESTION, title="Do robots 🤖 dream?", tags=("robots",))
    body, meta = get_data(front_matter(question) + "# Page\n")
    assert body == "# Page\n"
    assert (meta["title"], meta["tags"]) == ("Do robots 🤖 dream?", ["robots"])
