"""The top of a report page: the header line and the Abstract, answer first (pure).

Every sentence comes from ``synth.synthesis.answer``, filled from the record; the header
carries counts of the record, never a score that could read as a verdict on the question.
"""

from __future__ import annotations

from synth.markdown import escape, html_list, html_paragraph
from synth.site.cite import cite_marker, escape_cited
from synth.site.report import Counts, Report
from synth.synthesis.answer import Answer, answer, verb
from synth.text import plural


def page_answer(report: Report) -> Answer:
    """The report's answer, with citations left as markers for ``escape_cited``."""
    return answer(report.synthesis, cite_marker)


def header_line(report: Report, counts: Counts, downloads: str) -> str:
    """The line under the title: id, date, the record's size, its gaps; no verdict."""
    gaps = len(report.synthesis.map.gaps)
    on_topic = f" ({counts.on_topic} on topic)" if counts.off_topic else ""
    facts = [
        f"Question <code>{escape(report.question.id)}</code>",
        f"updated {escape(report.date)}" if report.date else "",
        plural(counts.sources, "source") + on_topic,
        plural(gaps, "gap") if report.synthesis.concepts else "",
        downloads,
    ]
    # Each fact stays on one line: a phone breaks the line between facts, not inside a date.
    line = " · ".join(f'<span class="nobreak">{fact}</span>' for fact in facts if fact)
    return html_paragraph(f"<small>{line}</small>")


def render_abstract(report: Report, counts: Counts) -> str:
    """The Abstract: the answer, the gaps, the study that would answer, then the record."""
    by_key = {s.key: s for s in report.sources}
    said = page_answer(report)
    summary = " ".join(escape_cited(sentence, by_key) for sentence in said.summary)
    parts = ["## Abstract\n", html_paragraph(f"<strong>Answer.</strong> {summary}")]
    for sentence in said.unsupported:
        parts.append(html_paragraph(escape_cited(sentence, by_key)))
    if said.gaps:
        parts.append(
            html_paragraph("<strong>Gaps.</strong> What no sentence of a source connects:")
            + "\n"
            + html_list([escape(g) for g in said.gaps])
        )
    if said.needed:
        parts.append(
            html_paragraph(f"<strong>What would answer it.</strong> {escape(said.needed)}")
        )
    parts.append(html_paragraph(f"<strong>The record.</strong> {record_sentences(report, counts)}"))
    return "\n".join(parts)


def record_sentences(report: Report, counts: Counts) -> str:
    """What the answer rests on, counted honestly: quoting is not verification."""
    recorded = (
        ', recorded in <a href="sources.bib"><code>sources.bib</code></a>' if counts.sources else ""
    )
    text = (
        f"It draws on {plural(counts.sources, 'source')} ({counts.with_abstract} with an "
        f"abstract){recorded}. "
    )
    if counts.claims:
        text += (
            f"Of {plural(counts.claims, 'claim')} checked ({counts.hand_written} written with "
            f"the question, {counts.claims - counts.hand_written} extracted from abstracts), "
            f"{counts.findings} {verb(counts.findings, 'is a finding', 'are findings')} about "
            f"the question and {counts.set_aside} {verb(counts.set_aside, 'is', 'are')} set aside "
            "(from an off-topic source, or about none of its concepts). Of the findings, "
            f"{counts.quoted} {verb(counts.quoted, 'is', 'are')} only quoted (found in the "
            f"abstract {verb(counts.quoted, 'it was', 'they were')} taken from, which shows no "
            f"more than that {verb(counts.quoted, 'it was', 'they were')} copied), "
            f"{counts.verified} verified, {counts.corroborated} corroborated by a second "
            f"source, {counts.contradicted} contradicted and {counts.not_found} not found. "
        )
    return text + "This is a machine-generated synthesis of abstracts, not original research."
