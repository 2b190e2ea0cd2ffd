"""How a verdict looks on a page: a mark, words and a tone that the stylesheet colours (pure).

Colour is never the only cue: each tone has its own mark as well. The tones, not the
labels, carry the colours (``.verdict--positive`` and so on in report.css), so a new
verdict label only needs a line here to be drawn like its kind.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from synth.markdown import escape


@dataclass(frozen=True)
class VerdictStyle:
    """A verdict as a reader sees it."""

    mark: str  # a symbol that tells the tones apart without colour
    words: str
    tone: str  # "positive", "negative" or "missing": the colour the stylesheet gives it


TONES = ("positive", "negative", "missing")
VERDICTS = {
    "supported": VerdictStyle("✓", "supported", "positive"),
    # Found in the abstract it was copied from: not a check passed, so no ✓ and no green.
    "quoted": VerdictStyle("“", "quoted", "missing"),
    "verified": VerdictStyle("✓", "verified", "positive"),
    "corroborated": VerdictStyle("✓✓", "corroborated", "positive"),
    "contradicted": VerdictStyle("✗", "contradicted", "negative"),
    "not-found": VerdictStyle("?", "not found", "missing"),
}


def verdict_style(label: str) -> VerdictStyle:
    """The style of a verdict label; an unknown label is shown by its name, as missing."""
    return VERDICTS.get(label) or VerdictStyle("•", label.replace("-", " "), "missing")


def verdict_order(labels: set[str] | list[str]) -> list[str]:
    """Labels in reading order: the known ones as listed above, then any others by name."""
    known = [label for label in VERDICTS if label in labels]
    return known + sorted(set(labels) - set(VERDICTS))


def verdict_badge(label: str, meaning: str = "") -> str:
    """A verdict as HTML: its words, and its mark in ``data-mark``, which report.css draws
    before them and hides from screen readers (they read the words); ``meaning`` on hover."""
    style = verdict_style(label)
    hover = f' title="{html.escape(meaning, quote=True)}"' if meaning else ""
    mark = html.escape(style.mark, quote=True)
    return (
        f'<span class="verdict verdict--{style.tone}" data-mark="{mark}"{hover}>'
        f"{escape(style.words)}</span>"
    )
