"""The "What the sources say" section: the findings, organised by concept (pure).

Under each of the question's concepts come the findings that mention it, those that
connect the most concepts first. Each finding is written for a reader (third person,
attributed); its verbatim sentence, which is what was verified, is one click away.
A finding that connects several concepts appears under each of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from synth.markdown import SEARCH_EXCLUDED, escape, html_paragraph
from synth.models import Source
from synth.site.cite import cite_link, cite_marker, escape_cited
from synth.site.report import Report
from synth.site.verdicts import verdict_badge
from synth.synthesis.answer import listing
from synth.synthesis.findings import Finding
from synth.text import plural

KIND_MEANING = {
    "quoted": "found only in the abstract it was taken from",
    "verified": "written with the question and supported by its source",
    "corroborated": "supported by a source other than its own",
    "contradicted": "another source states the opposite",
    "not-found": "no source supports it",
}


def finding_anchor(finding: Finding) -> str:
    """The HTML id of a finding (its leading claim's id, which is hex)."""
    return f"finding-{finding.id}"


def kind_badge(kind: str) -> str:
    """What a finding counts as, drawn as verdicts are, with what it means on hover."""
    return verdict_badge(kind, KIND_MEANING.get(kind, ""))


def render_findings(report: Report) -> str:
    """The findings under each concept, or why there are none."""
    synthesis = report.synthesis
    head = "## What the sources say\n\n"
    if not synthesis.concepts:
        return head + html_paragraph(
            "The question names no concepts: add <code>concepts:</code> to map its findings."
        )
    if not synthesis.findings:
        return head + html_paragraph(
            "No claim in the record is a finding about the question's concepts from an "
            "on-topic source. The evidence map below shows what the sources mention."
        )
    by_key = {s.key: s for s in report.sources}
    intro = html_paragraph(
        f"{plural(len(synthesis.findings), 'finding')} from the on-topic sources, under each "
        "concept they mention; those that connect the most concepts come first. The wording is "
        "rewritten for reading; the quoted sentence is what was checked."
    )
    parts = [head + intro]
    placed: set[str] = set()
    for index, concept in enumerate(synthesis.concepts):
        found = synthesis.findings_for(index)
        parts.append(f"### {escape(concept.name[:1].upper() + concept.name[1:])}\n")
        if not found:
            parts.append(html_paragraph(f"No finding mentions {escape(concept.name)}."))
            continue
        items = []
        for finding in found:
            items.append(_finding_item(report, finding, by_key, finding.id not in placed))
            placed.add(finding.id)
        parts.append('<ol class="findings">\n' + "\n".join(items) + "\n</ol>\n")
    return "\n".join(parts)


def _finding_item(
    report: Report, finding: Finding, by_key: Mapping[str, Source], first: bool
) -> str:
    """One finding: the reader's text, its kind and sources, and the quote behind it."""
    synthesis = report.synthesis
    text = escape_cited(finding.text(cite_marker), by_key)
    names = [synthesis.concepts[i].name for i in finding.concepts]
    facts = [kind_badge(finding.kind)]
    if finding.written:
        facts.append("a claim written with the question")
    if len(names) > 1:
        facts.append(f"connects {escape(listing(names))}")
    if finding.supporting:
        facts.append("supported by " + ", ".join(cite_link(k, by_key) for k in finding.supporting))
    if finding.contradicting:
        against = ", ".join(cite_link(k, by_key) for k in finding.contradicting)
        facts.append("contradicted by " + against)
    if finding.reason:
        facts.append(escape(finding.reason))
    quote = ""
    if finding.quote:
        where = finding.quote_source
        source = f" — {cite_link(where, by_key)}" if where else ""
        label = "The sentence checked"
        if finding.kind == "not-found":
            label = "The closest sentence, which does not support it"
        quote = (
            f"<details {SEARCH_EXCLUDED}><summary>{label}</summary>"
            f"<blockquote>“{escape(finding.quote)}”{source}</blockquote></details>"
        )
    ident = f' id="{finding_anchor(finding)}"' if first else ""
    return f"<li{ident}><p>{text}</p><p>{' · '.join(facts)}</p>{quote}</li>"
