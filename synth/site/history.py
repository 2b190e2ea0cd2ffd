"""The History section of a report page: when each claim appeared or changed (pure).

One line per commit, newest first, saying what it changed in a few words ("16 claims
first recorded"); the claims it changed are one click away, in a ``<details>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from synth.git.history import ClaimEvent, QuestionHistory, describe_event
from synth.git.reader import Commit
from synth.markdown import claim_anchor, escape, html_anchor_link, html_paragraph
from synth.paths import CLAIMS_FILE
from synth.text import plural, shorten

NO_HISTORY = "No git history is available for this record."
PAGE_EVENTS = 50  # newest events shown on a page; the rest are one `synth history` away
# What each kind of event did, as counted in a commit's summary line.
SUMMARY = {
    "appeared": ("claim", "first recorded"),
    "verdict": ("verdict", "changed"),
    "disappeared": ("claim", "removed"),
}


def summarise(events: Sequence[ClaimEvent]) -> str:
    """A commit's changes in words: ``16 claims first recorded, 1 verdict changed``."""
    parts = []
    for kind, (noun, verb) in SUMMARY.items():
        count = sum(e.kind == kind for e in events)
        if count:
            parts.append(f"{plural(count, noun)} {verb}")
    return ", ".join(parts)


def _commit_block(events: Sequence[ClaimEvent], history: QuestionHistory, linked: set[str]) -> str:
    commit = events[0].commit
    items = []
    for event in events:
        claim = escape(shorten(history.texts.get(event.claim_id, "")) or event.claim_id)
        if event.claim_id in linked:
            claim = html_anchor_link(claim, claim_anchor(event.claim_id))
        items.append(f"<li>{escape(describe_event(event))}: {claim}</li>")
    summary = f"<summary>{commit_line(commit, summarise(events))}</summary>"
    return f"<details>{summary}<ul>{''.join(items)}</ul></details>"


def commit_line(commit: Commit, what: str) -> str:
    """A commit's line in a history: ``2026-11-26 · 9a0c0e0 · what`` (``what`` is HTML)."""
    date = escape(commit.date)
    return f'<time datetime="{date}">{date}</time> · <code>{escape(commit.short)}</code> · {what}'


def earlier_events(count: int, shown: int, question_id: str) -> str:
    """The end of a history's introduction: where the events beyond those shown are."""
    earlier = count - shown
    if earlier <= 0:
        return ")."
    return (
        f"; the {earlier} earlier are listed by <code>synth history {escape(question_id)}</code>)."
    )


def render_history(history: QuestionHistory | None, present: Iterable[str] = ()) -> str:
    """The History section of a report page, newest change first."""
    # The history repeats claim text that the claims table already puts in the search index.
    head = "## History { data-search-exclude }\n\n"
    if history is None or not history.events:
        return head + html_paragraph(NO_HISTORY)
    linked = set(present)
    shown = list(reversed(history.events[-PAGE_EVENTS:]))
    blocks = [
        _commit_block(list(events), history, linked)
        for _, events in groupby(shown, key=lambda e: e.commit.sha)
    ]
    intro = (
        f"Changes to the claims of this report, from the git log of <code>{CLAIMS_FILE}</code> "
        f"({len(history.events)} in all"
    )
    intro += earlier_events(len(history.events), PAGE_EVENTS, history.question_id)
    listing = "\n".join(blocks)
    return f'{head}{html_paragraph(intro)}\n<div class="history">\n{listing}\n</div>\n'
