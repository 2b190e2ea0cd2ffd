"""The References section: every source, the claims citing it and the concepts it mentions;
off-topic sources listed apart (pure)."""

from __future__ import annotations

from urllib.parse import urlsplit

from synth.markdown import (
    anchor,
    arxiv_url,
    claim_anchor,
    doi_url,
    escape,
    html_anchor_link,
    html_link,
    html_paragraph,
    safe_url,
)
from synth.models import QUESTION_ORIGIN
from synth.record.display import shown
from synth.site.cite import cite_label
from synth.site.evidence import off_topic_intro, reference_concepts
from synth.site.report import Report, display_order


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
    """The References: every source, with its DOI and arXiv links, the claims citing it and
    the question's concepts it mentions; off-topic sources in a list apart."""
    citing = _citing_claims(report)
    items: list[str] = []
    apart: list[str] = []
    off_topic = set(report.synthesis.off_topic)
    by_key = {s.key: s for s in report.sources}  # the year of namesakes: 2024a, 2024b
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
            f"Cited by {'claim' if len(claims) == 1 else 'claims'} {', '.join(claims)}. "
            if claims
            else ""
        )
        year = cite_label(source.key, by_key).rpartition(", ")[2]
        (apart if source.key in off_topic else items).append(
            f'<li id="{anchor(source.key)}">{escape(text.authors) or "Anonymous"} '
            f"({escape(year)}). {escape(text.title_sentence)}{venue} "
            f"{' · '.join(links)}{flag} <small>{cited}<code>{escape(source.key)}</code></small>"
            f"{reference_concepts(report.synthesis, source.key)}</li>"
        )
    head = "## References\n\n"
    if not items and not apart:
        return head + html_paragraph(
            "No sources in the record yet: run <code>synth retrieve</code> or "
            "<code>synth import-bib</code>."
        )
    page = head + _ordered(items) if items else ""
    page = page or head + html_paragraph("No source in the record is on topic.")
    if apart:
        page += "\n### Off-topic sources\n\n" + html_paragraph(off_topic_intro(report.synthesis))
        page += "\n" + _ordered(apart)
    return page


def _ordered(items: list[str]) -> str:
    """A numbered list of ``<li>`` items (each carries its own id)."""
    return "<ol>\n" + "\n".join(items) + "\n</ol>\n"
