"""The History section of a report page: when each claim appeared or changed (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from synth.git.history import QuestionHistory, describe_event
from synth.markdown import claim_anchor, escape, html_anchor_link, html_table
from synth.paths import CLAIMS_FILE
from synth.text import shorten

NO_HISTORY = "No git history is available for this record."
PAGE_EVENTS = 50  # newest events shown on a page; the rest are one `synth history` away


def render_history(history: QuestionHistory | None, present: Iterable[str] = ()) -> str:
    """The History section of a report page, newest change first."""
    # The history repeats claim text that the claims table already puts in the search index.
    head = "## History { data-search-exclude }\n\n"
    if history is None or not history.events:
        return head + NO_HISTORY + "\n"
    linked = set(present)
    rows = []
    for event in reversed(history.events[-PAGE_EVENTS:]):
        claim = escape(shorten(history.texts.get(event.claim_id, "")) or event.claim_id)
        if event.claim_id in linked:
            claim = html_anchor_link(claim, claim_anchor(event.claim_id))
        commit = f"<code>{escape(event.commit.short)}</code>"
        rows.append([escape(event.commit.date), commit, escape(describe_event(event)), claim])
    intro = (
        f"Changes to the claims of this report, from the git log of `{CLAIMS_FILE}` "
        f"({len(history.events)} in all"
    )
    earlier = len(history.events) - PAGE_EVENTS
    intro += (
        f"; the {earlier} earlier are listed by `synth history {history.question_id}`)."
        if (earlier > 0)
        else ")."
    )
    return head + intro + "\n\n" + html_table(["Date", "Commit", "Change", "Claim"], rows) + "\n"
