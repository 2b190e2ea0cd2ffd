"""The findings-and-gaps part of a report page's History (pure): when a gap opened or
closed and when a finding changed, commit by commit, as the claims' history does."""

from __future__ import annotations

from collections.abc import Sequence

from synth.git.evidence import EvidenceEvent
from synth.markdown import escape, html_paragraph
from synth.site.history import commit_line, earlier_events

PAGE_EVENTS = 50  # newest events shown on a page; the rest are one `synth history` away


def render_evidence_history(events: Sequence[EvidenceEvent] | None, question_id: str) -> str:
    """The "Findings and gaps" subsection of the History, newest change first."""
    head = "### Findings and gaps\n\n"
    if events is None:
        return head + html_paragraph("No git history is available for this record.")
    if not events:
        return head + html_paragraph("The record has no commits yet.")
    lines = [commit_line(e.commit, escape(e.text)) for e in reversed(events[-PAGE_EVENTS:])]
    intro = (
        "How the findings and gaps changed with each commit of the record, read under the "
        f"question's current concepts ({len(events)} in all"
    )
    intro += earlier_events(len(events), PAGE_EVENTS, question_id)
    # One line per change, as the claims' history above it has one per commit.
    return (
        head
        + html_paragraph(intro)
        + '\n<ul class="history">\n'
        + "".join(f"<li>{line}</li>\n" for line in lines)
        + "</ul>\n"
    )
