"""The findings-and-gaps part of a report page's History (pure): when a gap opened or
closed and when a finding changed, commit by commit, as the claims' history does."""

from __future__ import annotations

from collections.abc import Sequence

from synth.git.evidence import EvidenceEvent
from synth.markdown import escape, html_table

PAGE_EVENTS = 50  # newest events shown on a page; the rest are one `synth history` away


def render_evidence_history(events: Sequence[EvidenceEvent] | None, question_id: str) -> str:
    """The "Findings and gaps" subsection of the History, newest change first."""
    head = "### Findings and gaps\n\n"
    if events is None:
        return head + "No git history is available for this record.\n"
    if not events:
        return head + "The record has no commits yet.\n"
    rows = [
        [escape(e.commit.date), f"<code>{escape(e.commit.short)}</code>", escape(e.text)]
        for e in reversed(events[-PAGE_EVENTS:])
    ]
    intro = (
        "How the findings and gaps changed with each commit of the record, read under the "
        f"question's current concepts ({len(events)} in all"
    )
    earlier = len(events) - PAGE_EVENTS
    intro += (
        f"; the {earlier} earlier are listed by `synth history {question_id}`)."
        if earlier > 0
        else ")."
    )
    return head + intro + "\n\n" + html_table(["Date", "Commit", "Change"], rows) + "\n"
