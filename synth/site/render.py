"""Render a question's record as a Markdown report page, and the home page (pure).

Every number on a page is counted here from the record passed in; nothing is
typed by hand. All outside text goes through ``synth.markdown.escape``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from synth.markdown import (
    anchor,
    arxiv_url,
    claim_anchor,
    doi_url,
    escape,
    escape_highlight,
    html_anchor_link,
    html_link,
    html_table,
    safe_url,
    table,
    yaml_string,
)
from synth.models import QUESTION_ORIGIN, Evidence, Question, Source
from synth.questions.relevance import question_terms, relevance
from synth.record.display import shown
from synth.site.charts import render_charts
from synth.site.report import Counts, Report, display_order
from synth.site.verdicts import verdict_badge
from synth.text import plural
from synth.verify.method import describe_method

# mkdocs-material leaves elements with this attribute out of its search index. A thousand
# reports' quotes and boilerplate would make the index a download too large for browsers.
SEARCH_EXCLUDED = "data-search-exclude"
# Record files offered for download: the name a browser saves each under (the report's id
# tells downloads from two reports apart) and the type it is (a hint: the host sends its own).
DOWNLOADS = (
    ("sources.bib", "{id}.bib", "text/x-bibtex"),
    ("claims.yaml", "{id}.claims.yaml", "text/yaml"),
)


def source_label(source: Source) -> str:
    """``Surname et al., year`` for citing a source in running text."""
    return shown(source).label


def _cite(key: str, by_key: dict[str, Source]) -> str:
    """A link to a source's entry in the References (HTML: it also sits in HTML blocks)."""
    source = by_key.get(key)
    if source is None:
        return escape(key)
    return html_anchor_link(escape(source_label(source)), anchor(key))


def _origins(sources: Sequence[Source]) -> str:
    counts = Counter(d for s in sources for d in s.databases)
    return ", ".join(f"{escape(name)} ({n})" for name, n in sorted(counts.items())) or "none"


def render_abstract(report: Report, counts: Counts) -> str:
    """The Abstract: question, sources, claims and score in one paragraph."""
    q = report.question
    recorded = ", recorded in [`sources.bib`](sources.bib)" if counts.sources else ""
    return (
        f"## Abstract\n\nThis report collects evidence on the question: *{escape(q.question)}* "
        f"It draws on {plural(counts.sources, 'source')} "
        f"({counts.with_abstract} with an abstract){recorded}. "
        f"{plural(counts.claims, 'claim')} "
        f"({counts.hand_written} written with the question, "
        f"{counts.claims - counts.hand_written} extracted from abstracts) were checked against "
        f"the abstracts: {counts.supported} supported, {counts.contradicted} contradicted and "
        f"{counts.not_found} not found; {counts.independent} of them are also supported by a "
        f"second, independent source. An automated multi-reviewer assessment gives "
        f"**{report.review.score:.1f}/10**. This is a machine-generated synthesis of abstracts, "
        f"not original research.\n"
    )


def render_introduction(report: Report) -> str:
    """The Introduction: the question, its keywords and the sources it rests on."""
    q = report.question
    parts = [f"## Introduction\n\n**Research question.** {escape(q.question)}\n"]
    if q.keywords:
        parts.append(f"**Keywords.** {', '.join(escape(k) for k in q.keywords)}\n")
    if report.sources:
        topic = question_terms(q)
        ranked = sorted(report.sources, key=lambda s: -relevance(f"{s.title} {s.abstract}", topic))
        titles = "; ".join(
            f"{escape(shown(s).title)} ({escape(source_label(s))})" for s in ranked[:5]
        )
        more = len(report.sources) - 5
        tail = f"; and {plural(more, 'more source')}" if more > 0 else ""
        parts.append(f"**Sources examined** include: {titles}{tail}.\n")
    return "\n".join(parts)


def render_methodology(report: Report, counts: Counts) -> str:
    """The Methodology: databases and queries, dates, claim extraction and verification."""
    q = report.question
    lines = [f"## Methodology {{ {SEARCH_EXCLUDED} }}\n"]
    if report.retrieved:
        queries = "; ".join(f"“{escape(x)}”" for x in q.search.queries) or escape(q.question)
        lines.append(
            f"**Search.** Retrieved on {escape(report.retrieved)} with the queries {queries}."
        )
        years = ""
        if q.search.year_from or q.search.year_to:
            years = f" Years {q.search.year_from or '…'}–{q.search.year_to or '…'}."
        lines.append(f" At most {q.search.limit} sources kept, ranked by relevance.{years}\n")
        if report.databases:
            rows = [
                [escape(d.name), escape(d.status), str(d.found), str(d.kept), escape(d.error)]
                for d in report.databases
            ]
            lines.append(table(["Database", "Status", "Found", "Kept", "Error"], rows, "llrrl"))
            failed = [d.name for d in report.databases if d.status == "failed"]
            if failed:
                lines.append(
                    f"\n**Failed databases:** {', '.join(escape(n) for n in failed)}; "
                    "the report rests on the others.\n"
                )
        lines.append("")
    lines.append(f"**Sources by origin:** {_origins(report.sources)}.\n")
    lines.append(
        f"**Claims.** {counts.hand_written} claim(s) come from the question file; up to "
        f"{q.max_claims} in all are taken, the rest extracted from abstracts: sentences that "
        "state something checkable, ranked by how much of the question they touch, at most two "
        "per source.\n"
    )
    lines.append(f"**Verification.** {describe_method()}\n")
    lines.append(
        "**Independence.** A claim taken from a source is trivially found in that source; it "
        "counts as independently verified only when a different source also supports it.\n"
    )
    lines.append(
        "**Review.** Several automated reviewers each score one aspect out of 10 from the "
        "record; the overall score is their weighted mean (see Results).\n"
    )
    return "\n".join(lines)


def render_results(report: Report, counts: Counts) -> str:
    """The Results: the counts and the reviewers' scores with their reasons."""
    rows = [
        ["Sources in the record", str(counts.sources)],
        ["Sources with an abstract", str(counts.with_abstract)],
        ["Claims checked", str(counts.claims)],
        ["Supported", str(counts.supported)],
        ["Contradicted", str(counts.contradicted)],
        ["Not found", str(counts.not_found)],
        ["Also supported by a second source", str(counts.independent)],
    ]
    reviewers = [
        [escape(r.name), f"{r.score:.1f}", escape(r.reason)] for r in report.review.reviewers
    ]
    return (
        "## Results\n\n"
        + table(["Measure", "Count"], rows, "lr")
        + f"\n\n**Quality score: {report.review.score:.1f}/10**\n\n"
        + table(["Reviewer", "Score", "Why"], reviewers, "lrl")
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
    listed = "\n".join(f"- {item}" for item in items)
    return f"## Limitations {{ {SEARCH_EXCLUDED} }}\n\n{listed}\n"


def _evidence_cell(evidence: Evidence | None, by_key: dict[str, Source]) -> str:
    if evidence is None:
        return "—"
    quote = escape_highlight(evidence.sentence, evidence.span)
    # Quotes stay out of the site search index (SEARCH_EXCLUDED); the claim text stays in it.
    return f"<span {SEARCH_EXCLUDED}>“{quote}” — {_cite(evidence.source, by_key)}</span>"


def render_claims(report: Report) -> str:
    """The Extracted Claims table: claim, verdict, confidence, evidence, second source.

    Each claim is a small heading with the claim's id: the site search indexes it as its
    own section, so a result names the claim and lands on its row; the number links to it.
    On a phone each row is a card (``cards`` in report.css).
    """
    by_key = {s.key: s for s in report.sources}
    rows = []
    for number, result in enumerate(display_order(report), start=1):
        claim, verdict = result.claim, result.verdict
        if claim.origin != QUESTION_ORIGIN:
            origin = f"from {_cite(claim.origin, by_key)}"
        elif claim.source:
            origin = f"from the question, attributed to {_cite(claim.source, by_key)}"
        else:
            origin = "from the question"
        why = "; ".join(escape(c.detail) for c in verdict.failed_checks if c.detail)
        verdict_cell = verdict_badge(verdict.label)
        if why:
            verdict_cell += f" <small>{why}</small>"
        second = _cite(result.independent.source, by_key) if result.independent else "—"
        target = claim_anchor(claim.id)
        rows.append(
            [
                f'<a href="#{target}" aria-label="Claim {number}">{number}</a>',
                f'<h3 class="claim-text" id="{target}">{escape(claim.text)}</h3> '
                f"<small>{origin}</small>",
                verdict_cell,
                f"{verdict.confidence:.2f}",
                _evidence_cell(verdict.evidence, by_key),
                second,
            ]
        )
    if not rows:
        return "## Extracted Claims\n\nNo claims in the record yet: run `synth verify`.\n"
    header = ["#", "Claim", "Verdict", "Confidence", "Evidence", "Second source"]
    claims = html_table(header, rows, "llllll", labelled=True)
    return f'## Extracted Claims\n\n<div class="claims cards">\n{claims}\n</div>\n'


def _citing_claims(report: Report) -> dict[str, list[str]]:
    """For each source key, links to the claims (by number) that cite it in any way."""
    citing: dict[str, list[str]] = {}
    for number, result in enumerate(display_order(report), start=1):
        claim = result.claim
        keys = {claim.origin, claim.source}
        keys |= {e.source for e in (result.verdict.evidence, result.independent) if e}
        link = html_anchor_link(str(number), claim_anchor(claim.id))
        for key in sorted(keys - {"", QUESTION_ORIGIN}):
            citing.setdefault(key, []).append(link)
    return citing


def render_references(report: Report) -> str:
    """The References: every source, with its DOI and arXiv links and the claims citing it."""
    citing = _citing_claims(report)
    items = []
    for source in report.sources:
        text = shown(source)
        links = []
        if text.doi:
            links.append(html_link(f"doi:{text.doi}", doi_url(text.doi)))
        if source.arxiv:
            links.append(html_link(f"arXiv:{source.arxiv}", arxiv_url(source.arxiv)))
        if not links and safe_url(text.url):
            links.append(html_link(urlsplit(text.url).hostname or "web page", text.url))
        flag = " <strong>Retracted.</strong>" if source.retracted else ""
        venue = f" <em>{escape(text.venue_sentence)}</em>" if text.venue else ""
        claims = citing.get(source.key, [])
        cited = (
            f" <small>Cited by {'claim' if len(claims) == 1 else 'claims'} {', '.join(claims)}."
            "</small>"
            if claims
            else ""
        )
        items.append(
            f'<li id="{anchor(source.key)}">{escape(text.authors) or "Anonymous"} '
            f"({text.year}). {escape(text.title_sentence)}{venue} "
            f"{' · '.join(links)}{flag}{cited} <small><code>{escape(source.key)}</code></small>"
            "</li>"
        )
    if not items:
        return (
            "## References\n\n"
            "No sources in the record yet: run `synth retrieve` or `synth import-bib`.\n"
        )
    return "## References\n\n<ol>\n" + "\n".join(items) + "\n</ol>\n"


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
    """Links to the record files; only to those that exist, or a strict site build fails."""
    present = {"sources.bib": counts.sources, "claims.yaml": counts.claims}
    links = [
        f'[{name}]({name}){{ download="{saved.format(id=question_id)}" type="{kind}" }}'
        for name, saved, kind in DOWNLOADS
        if present[name]
    ]
    return "download " + ", ".join(links) if links else ""


def render_report(report: Report) -> str:
    """The whole Markdown page of one report."""
    counts = Counts.of(report)
    q = report.question
    facts = [
        f"Question `{q.id}`",
        f"updated {escape(report.date)}" if report.date else "",
        plural(counts.sources, "source"),
        f"{counts.supported} of {plural(counts.claims, 'claim')} supported",
        f"score {report.review.score:.1f}/10",
        _downloads(q.id, counts),
    ]
    # Each fact stays on one line: a phone breaks the line between facts, not inside a date.
    line = " · ".join(f'<span class="nobreak">{fact}</span>' for fact in facts if fact)
    header = f"# {escape(q.display_title)}\n\n<small>{line}</small>\n"
    labels = {s.key: source_label(s) for s in report.sources}
    charts = render_charts(report.sources, report.results, labels)
    sections = [
        header,
        render_abstract(report, counts),
        render_introduction(report),
        render_methodology(report, counts),
        render_results(report, counts),
        charts,
        render_limitations(report, counts),
        render_claims(report),
        *report.extra_sections,
        render_references(report),
    ]
    return front_matter(q) + "\n".join(sections)


def render_index(reports: Sequence[Report]) -> str:
    """The home page: one row per report with its question, date, sources, claims and score."""
    rows = []
    for report in sorted(reports, key=lambda r: r.question.id):
        counts = Counts.of(report)
        page = html.escape(f"reports/{quote(report.question.id)}/")
        rows.append(
            [
                f'<a href="{page}">{escape(report.question.display_title)}</a>',
                escape(report.question.question),
                escape(report.date) or "—",
                str(counts.sources),
                f"{counts.supported}/{counts.claims}",
                f"{report.review.score:.1f}",
            ]
        )
    intro = (
        "# Living literature reports\n\n"
        "Each report answers a research question from the sources recorded in this repository. "
        "Every claim is checked against the abstracts it cites, and every number is counted "
        "from the record. [How synth works](about.md).\n\n"
    )
    if not rows:
        return intro + "No reports yet: add a question with `synth new`.\n"
    header = ["Report", "Question", "Updated", "Sources", "Claims verified", "Score"]
    # The wrapper marks the table for docs/javascripts/tablesort.js (click a header to sort)
    # and, on a phone, shows each report as a card (report.css).
    # It is raw HTML, so the link is the page's final address (mkdocs rewrites only the
    # links of Markdown): reports/<id>/ with mkdocs's default use_directory_urls.
    sortable = html_table(header, rows, "lllrrr", labelled=True)
    return intro + f'<div class="sortable cards reports">\n{sortable}\n</div>\n'
