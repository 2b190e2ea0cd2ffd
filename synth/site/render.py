"""Render a question's record as a Markdown report page, and the home page (pure).

Every number on a page is counted here from the record passed in; nothing is
typed by hand. All outside text goes through ``synth.markdown.escape``. The headings
are Markdown (the table of contents and permalinks come from them); what is under
them is raw HTML, which mkdocs passes through without parsing it as Markdown.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import quote

from synth.citation import labels
from synth.markdown import (
    SEARCH_EXCLUDED,
    emphasised,
    escape,
    html_list,
    html_paragraph,
    html_table,
    passthrough,
    yaml_string,
)
from synth.models import Question, Source
from synth.questions.relevance import question_terms, relevance
from synth.record.display import shown
from synth.site.answer import header_line, render_abstract
from synth.site.charts import render_charts
from synth.site.cite import cite_label
from synth.site.cite import cite_link as _cite
from synth.site.claims import render_claims
from synth.site.evidence import render_evidence_map
from synth.site.findings import render_findings
from synth.site.references import render_references
from synth.site.report import Counts, IndexRow, Report
from synth.text import plural
from synth.verify.method import describe_method

# Record files offered for download: the name a browser saves each under (the report's id
# tells downloads from two reports apart) and the type it is (a hint: the host sends its own).
DOWNLOADS = (
    ("sources.bib", "{id}.bib", "text/x-bibtex"),
    ("claims.yaml", "{id}.claims.yaml", "text/yaml"),
)


def _origins(sources: Sequence[Source]) -> str:
    counts = Counter(d for s in sources for d in s.databases)
    return ", ".join(f"{escape(name)} ({n})" for name, n in sorted(counts.items())) or "none"


def render_introduction(report: Report) -> str:
    """The Introduction: the question, its keywords and the sources it rests on."""
    q = report.question
    parts = [
        "## Introduction\n",
        html_paragraph(f"<strong>Research question.</strong> {escape(q.question)}"),
    ]
    if q.concepts:
        described = (
            f"<em>{escape(c.name)}</em> ({', '.join(escape(t) for t in c.terms)})"
            if c.terms
            else f"<em>{escape(c.name)}</em>"
            for c in q.concepts
        )
        parts.append(html_paragraph(f"<strong>Concepts.</strong> {'; '.join(described)}."))
    if q.keywords:
        keywords = ", ".join(escape(k) for k in q.keywords)
        parts.append(html_paragraph(f"<strong>Keywords.</strong> {keywords}"))
    if report.sources:
        topic = question_terms(q)
        on_topic = set(report.synthesis.on_topic)
        by_key = {s.key: s for s in report.sources}
        ranked = sorted(
            report.sources,
            key=lambda s: (s.key not in on_topic, -relevance(f"{s.title} {s.abstract}", topic)),
        )
        titles = "; ".join(
            f"{escape(shown(s).title)} ({escape(cite_label(s.key, by_key))})" for s in ranked[:5]
        )
        more = len(report.sources) - 5
        tail = f"; and {plural(more, 'more source')}" if more > 0 else ""
        parts.append(html_paragraph(f"<strong>Sources examined</strong> include: {titles}{tail}."))
    return "\n".join(parts)


def render_methodology(report: Report, counts: Counts) -> str:
    """The Methodology: databases and queries, dates, claim extraction and verification."""
    q = report.question
    blocks = [f"## Methodology {{ {SEARCH_EXCLUDED} }}\n"]
    if report.retrieved:
        queries = "; ".join(f"“{escape(x)}”" for x in q.search.queries) or escape(q.question)
        years = ""
        if q.search.year_from or q.search.year_to:
            years = f" Years {q.search.year_from or '…'}–{q.search.year_to or '…'}."
        blocks.append(
            html_paragraph(
                f"<strong>Search.</strong> Retrieved on {escape(report.retrieved)} with the "
                f"queries {queries}. At most {q.search.limit} sources kept, ranked by "
                f"relevance.{years}"
            )
        )
        sent = [
            f"{escape(d.name)}: " + "; ".join(f"“{escape(x)}”" for x in d.queries)
            for d in report.databases
            if d.queries
        ]
        if sent:
            blocks.append(html_paragraph("<strong>Queries sent.</strong> " + " · ".join(sent)))
        if report.databases:
            rows = [
                [escape(d.name), escape(d.status), str(d.found), str(d.kept), escape(d.error)]
                for d in report.databases
            ]
            header = ["Database", "Status", "Found", "Kept", "Error"]
            blocks.append(html_table(header, rows, "llrrl") + "\n")
            failed = [d.name for d in report.databases if d.status == "failed"]
            if failed:
                blocks.append(
                    html_paragraph(
                        f"<strong>Failed databases:</strong> {', '.join(escape(n) for n in failed)}"
                        "; the report rests on the others."
                    )
                )
    blocks.append(
        html_paragraph(f"<strong>Sources by origin:</strong> {_origins(report.sources)}.")
    )
    blocks += [html_paragraph(text) for text in _method_paragraphs(q.max_claims, counts)]
    return "\n".join(blocks)


def _method_paragraphs(max_claims: int, counts: Counts) -> list[str]:
    """How claims are taken, checked and counted, and how the record is reviewed (HTML)."""
    return [
        f"<strong>Claims.</strong> {counts.hand_written} claim(s) come from the question file; "
        f"up to {max_claims} in all are taken, the rest extracted from abstracts: sentences "
        "that state something checkable, ranked by how much of the question they touch, at "
        "most two per source.",
        f"<strong>Verification.</strong> {emphasised(describe_method())}",
        "<strong>Concepts.</strong> A sentence mentions a concept when it uses one of its terms "
        "(the name is one), up to case, plurals and other inflections, hyphens and spaces, and "
        "abbreviations the abstract defines (Schwartz and Hearst, 2003). A source's title "
        "counts as a sentence. Two concepts are connected only by one sentence that mentions "
        "both; a pair (or all of them together) that no sentence connects is a gap. A source "
        "that mentions none of the concepts, or only one when the question has three or more, "
        "is off-topic: it stays in the record, is listed apart and counts for nothing.",
        "<strong>What a claim counts as.</strong> A claim taken from a source is found in that "
        "source trivially: it is <em>quoted</em>, not verified. It is <em>corroborated</em> when "
        "another source supports it and <em>contradicted</em> when another states the opposite. "
        "A claim written with the question is <em>verified</em> when its source supports it. "
        "Support counts only when the supporting sentence mentions every concept of the "
        "question the claim mentions. Claims from off-topic sources, or about none of the "
        "concepts, are set aside; the rest are the findings.",
        "<strong>Review.</strong> Several automated reviewers each score one aspect out of 10 "
        "from the record; the overall score is their weighted mean (see Results).",
    ]


def render_results(report: Report, counts: Counts) -> str:
    """The Results: the counts and the reviewers' scores with their reasons."""
    rows = [
        ["Sources in the record", str(counts.sources)],
        ["Sources with an abstract", str(counts.with_abstract)],
        ["Sources on topic", str(counts.on_topic)],
        ["Off-topic sources (set apart)", str(counts.off_topic)],
        ["Concept pairs connected by a sentence", f"{counts.connected} of {counts.pairs}"],
        ["Claims checked", str(counts.claims)],
        ["Claims set aside (off-topic source, or no concept)", str(counts.set_aside)],
        ["Findings about the question", str(counts.findings)],
        ["… quoted only (found in their own source)", str(counts.quoted)],
        ["… verified (written with the question, found in its source)", str(counts.verified)],
        ["… corroborated by a second source", str(counts.corroborated)],
        ["… contradicted", str(counts.contradicted)],
        ["… not found", str(counts.not_found)],
    ]
    reviewers = [
        [escape(r.name), "—" if r.score is None else f"{r.score:.1f}", escape(r.reason)]
        for r in report.review.reviewers
    ]
    score = report.review.score
    overall = "no reviewer had anything to score" if score is None else f"{score:.1f}/10"
    quality = html_paragraph(
        f"<strong>Quality of the record: {overall}</strong> (how well the record is sourced and "
        "checked; not an answer to the question)"
    )
    return (
        "## Results\n\n"
        + html_table(["Measure", "Count"], rows, "lr")
        + "\n\n"
        + quality
        + "\n"
        + html_table(["Reviewer", "Score", "Why"], reviewers, "lrl")
        + "\n"
    )


def render_limitations(report: Report, counts: Counts) -> str:
    """The Limitations: general ones, and those this record has."""
    items = [
        "Claims are checked against abstracts only, not full texts; a claim made only in the "
        "body of a paper is reported as not found.",
        "Verification is lexical (fuzzy matching with checks of numbers, dates, negation, "
        "entities and direction); it can miss paraphrases and cannot judge study quality.",
        "Review scores are automated and are not peer review. Consult the primary sources.",
        "Concepts are found by their terms: a source that names a concept in other words is "
        "not counted as mentioning it, and one that uses a term in another sense is.",
    ]
    if counts.sources - counts.with_abstract:
        items.append(
            f"{counts.sources - counts.with_abstract} source(s) have no abstract in the record, "
            "so no claim can be checked against them."
        )
    failed = [d.name for d in report.databases if d.status == "failed"]
    if failed:
        items.append(f"Retrieval failed for: {', '.join(escape(n) for n in failed)}.")
    retracted = [s for s in report.sources if s.retracted]
    if retracted:
        items.append("Retracted: " + ", ".join(_cite(s.key, {s.key: s}) for s in retracted) + ".")
    return f"## Limitations {{ {SEARCH_EXCLUDED} }}\n\n" + html_list(items)


def page_title(text: str) -> str:
    """A page title safe in ``<title>`` and the header, where the theme prints it unescaped."""
    return html.escape(" ".join(text.split()), quote=True)


def front_matter(question: Question) -> str:
    """YAML front matter: the page title, the layout, and the question's tags for the tags page.

    Without an explicit title mkdocs takes the H1's text *unescaped* into ``<title>``,
    where a title containing ``</title><script>`` would break out.
    """
    lines = [f"title: {yaml_string(page_title(question.display_title))}\n"]
    # The site's navigation (three links, also in the menu and behind the header's title)
    # makes way on a report page for the claims table; the table of contents stays.
    lines.append("hide:\n  - navigation\n")
    if question.tags:
        lines.append("tags:\n" + "".join(f"  - {yaml_string(t)}\n" for t in question.tags))
    return "---\n" + "".join(lines) + "---\n\n"


def _downloads(question_id: str, counts: Counts) -> str:
    """Links to the record files; only to those that exist (the page sits beside them)."""
    present = {"sources.bib": counts.sources, "claims.yaml": counts.claims}
    links = [
        f'<a href="{name}" download="{html.escape(saved.format(id=question_id))}" '
        f'type="{kind}">{name}</a>'
        for name, saved, kind in DOWNLOADS
        if present[name]
    ]
    return "download " + ", ".join(links) if links else ""


def render_report(report: Report) -> str:
    """The whole Markdown page of one report."""
    counts = Counts.of(report)
    q = report.question
    header = f"# {escape(q.display_title)}\n\n" + header_line(
        report, counts, _downloads(q.id, counts)
    )
    # The charts count claims by what they count as (a quote is not a verified claim).
    counted = [
        replace(j.result, verdict=replace(j.result.verdict, label=j.kind))
        for j in report.synthesis.claims
    ]
    charts = render_charts(report.sources, counted, labels(report.sources))
    sections = [
        header,
        render_abstract(report, counts),
        render_findings(report),
        render_evidence_map(report),
        render_introduction(report),
        render_methodology(report, counts),
        render_results(report, counts),
        charts,
        render_limitations(report, counts),
        render_claims(report),
        *report.extra_sections,
        render_references(report),
    ]
    return front_matter(q) + passthrough("\n".join(sections))


def render_index(rows: Sequence[IndexRow]) -> str:
    """The home page: one row per report with its question, answer, date, sources and score."""
    cells = []
    for row in sorted(rows, key=lambda r: r.question_id):
        page = html.escape(f"reports/{quote(row.question_id)}/")
        cells.append(
            [
                f'<a href="{page}">{escape(row.title)}</a>',
                escape(row.answer),
                escape(row.date) or "—",
                f"{row.on_topic} of {row.sources}",
                "—" if row.score is None else f"{row.score:.1f}",
            ]
        )
    intro = (
        "# Living literature reports\n\n"
        "Each report answers a research question from the sources recorded in this repository. "
        "Every claim is checked against the abstracts it cites, and every number is counted "
        "from the record. [How synth works](about.md).\n\n"
    )
    if not cells:
        return intro + "No reports yet: add a question with `synth new`.\n"
    header = ["Report", "Answer", "Updated", "Sources on topic", "Record quality"]
    # The wrapper marks the table for docs/javascripts/tablesort.js (click a header to sort)
    # and, on a phone, shows each report as a card (report.css).
    # It is raw HTML, so the link is the page's final address (mkdocs rewrites only the
    # links of Markdown): reports/<id>/ with mkdocs's default use_directory_urls.
    sortable = html_table(header, cells, "lllrr", labelled=True)
    return intro + f'<div class="sortable cards reports">\n{sortable}\n</div>\n'
