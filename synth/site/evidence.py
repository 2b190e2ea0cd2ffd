"""The Evidence map section, and each reference's concepts (pure).

The map is a table of the on-topic sources against the question's concepts; each mark
opens the sentence that shows the mention. Below it, every pair of concepts with the
sources whose sentences connect them, and the gaps in words. Off-topic sources are
listed apart in the References, each with the little it mentions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from synth.markdown import SEARCH_EXCLUDED, escape, html_list, html_paragraph, html_table
from synth.models import Source
from synth.site.cite import cite_link
from synth.site.report import Report
from synth.synthesis.answer import gap_sentence, listing
from synth.synthesis.evidence import MANY_CONCEPTS, TITLE, Mention, SourceCoverage
from synth.synthesis.synthesise import Synthesis
from synth.text import plural


def render_evidence_map(report: Report) -> str:
    """Concepts x sources, the sentences behind each mark, the concept pairs, and the gaps."""
    synthesis = report.synthesis
    head = f"## Evidence map {{ {SEARCH_EXCLUDED} }}\n\n"
    if not synthesis.concepts:
        return head + html_paragraph("The question names no concepts, so there is nothing to map.")
    counted = [c for c in synthesis.map.sources if c.counted]
    if not counted:
        return head + html_paragraph(
            f"None of the {plural(len(synthesis.map.sources), 'source')} is on topic: "
            "no source mentions enough of the question's concepts to map."
        )
    by_key = {s.key: s for s in report.sources}
    names = [c.name for c in synthesis.concepts]
    rows = [
        [cite_link(c.key, by_key)] + [_cell(c, i, names[i]) for i in range(len(names))]
        for c in counted
    ]
    totals = [f"{len(synthesis.map.sources_of(i))} of {len(counted)}" for i in range(len(names))]
    rows.append(["<strong>On-topic sources that mention it</strong>", *totals])
    # On a phone each source is a card with each concept under its name (report.css "cards").
    header = ["Source", *(escape(n) for n in names)]
    table = html_table(header, rows, "l" + "c" * len(names), labelled=True)
    intro = html_paragraph(
        "Which on-topic sources mention each concept. Two concepts are connected only by a "
        "sentence that mentions both; the sentences behind each mark are listed below the "
        "table (a title counts as a sentence)."
    )
    return (
        head
        + intro
        + "\n"
        + f'<div class="evidence-map cards">\n{table}\n</div>\n\n'
        + _sentences(counted, names, by_key)
        + _pairs(synthesis, by_key)
        + _gaps(synthesis)
    )


def _cell(coverage: SourceCoverage, concept: int, name: str) -> str:
    attribute = html.escape(" ".join(name.split()), quote=True)
    if coverage.sentence_for(concept) is None:
        return f'<span title="does not mention {attribute}">—</span>'
    return f'<span role="img" aria-label="mentions {attribute}">✓</span>'


def _sentences(
    counted: Sequence[SourceCoverage], names: Sequence[str], by_key: Mapping[str, Source]
) -> str:
    """Each on-topic source's sentences that show its marks, one collapsible list."""
    items = []
    for coverage in counted:
        lines = []
        for mention in coverage.evidence:
            where = "title" if mention.index == TITLE else f"sentence {mention.index}"
            mentioned = listing([names[i] for i in sorted(mention.concepts)])
            lines.append(f"<li>{escape(mentioned)} ({where}): “{escape(mention.text)}”</li>")
        items.append(f"<li>{cite_link(coverage.key, by_key)}<ul>{''.join(lines)}</ul></li>")
    return (
        '<details class="evidence-sentences"><summary>The sentences behind the marks</summary>'
        f"\n<ul>\n{chr(10).join(items)}\n</ul>\n</details>\n\n"
    )


def _pairs(synthesis: Synthesis, by_key: Mapping[str, Source]) -> str:
    if len(synthesis.concepts) < 2:
        return ""
    names = synthesis.concepts
    rows = []
    connections = [*synthesis.map.pairs]
    if synthesis.map.whole is not None:
        connections.append(synthesis.map.whole)
    for connection in connections:
        label = escape(listing([names[i].name for i in connection.concepts]))
        if len(connection.concepts) > 2:
            label = f"all: {label}"
        if connection.mentions:
            found = "<br>".join(_connecting(m, by_key) for m in connection.mentions)
        else:
            found = "<strong>none: a gap</strong>"
        rows.append([label, found])
    table = html_table(["Concepts", "Sentences that connect them"], rows, labelled=True)
    return f'### Concept pairs\n\n<div class="concept-pairs cards">\n{table}\n</div>\n\n'


def _connecting(mention: Mention, by_key: Mapping[str, Source]) -> str:
    return f"{cite_link(mention.source, by_key)}: “{escape(mention.text)}”"


def _gaps(synthesis: Synthesis) -> str:
    if not synthesis.map.gaps:
        return "### Gaps\n\n" + html_paragraph(
            "Every pair of concepts, and all of them together, is connected."
        )
    return "### Gaps\n\n" + html_list(
        [escape(gap_sentence(synthesis, g)) for g in synthesis.map.gaps]
    )


def off_topic_intro(synthesis: Synthesis) -> str:
    """What the list of off-topic sources is, and what its sources mention."""
    kept = "Kept in the record, left out of the findings and the counts: "
    if len(synthesis.concepts) < MANY_CONCEPTS:
        return kept + "each mentions none of the question's concepts."
    return kept + "each mentions none of the question's concepts, or only one of three or more."


def reference_concepts(synthesis: Synthesis, key: str) -> str:
    """What a reference mentions of the question, for its entry in the References (HTML)."""
    coverage = synthesis.map.coverage(key)
    if coverage is None or not synthesis.concepts:
        return ""
    names = [synthesis.concepts[i].name for i in coverage.concepts]
    if not names:
        if coverage.off_topic and len(synthesis.concepts) < MANY_CONCEPTS:
            return ""  # the list of off-topic sources says it once, for all of them
        return " <em>Mentions none of the question's concepts.</em>"
    only = "only " if coverage.off_topic else ""
    return f" <em>Mentions {only}{escape(listing(names))}.</em>"
