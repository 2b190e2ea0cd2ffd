"""Where in an evidence sentence a word of the claim is, and the words around it (pure).

The checks compare a detail of the claim (a direction, a quantifier, a number's unit) with
the sentence at the phrase the claim's words occur in, not anywhere in the sentence.
"""

from __future__ import annotations

from synth.verify.alignment import Alignment
from synth.verify.lexicon import Token

WINDOW = 5  # tokens either side of an aligned phrase that still belong to it


def phrase(tokens: list[Token], lo: int, hi: int) -> str:
    """The words ``lo``..``hi`` (inclusive, clipped) joined by spaces, for explanations."""
    return " ".join(t.text for t in tokens[max(lo, 0) : min(hi, len(tokens) - 1) + 1])


def matches(al: Alignment, token: Token) -> set[int]:
    """Indices of the sentence tokens that are ``same_word`` as claim token ``token``."""
    return al.sentence_words.matching(al.claim_words.keys[token.index])


def locate(al: Alignment, anchors: list[Token]) -> tuple[int, int] | None:
    """Where in the sentence the anchor words occur together: (first, last) token index."""
    found: set[int] = set()
    for a in anchors:
        found |= matches(al, a)
    positions = sorted(found)
    best: tuple[int, int, int] | None = None  # (-hits, first, last)
    for n, j in enumerate(positions):
        hits = [k for k in positions[n : n + 6] if k < j + 6]
        key = (-len(hits), j, hits[-1])
        if best is None or key < best:
            best = key
    return None if best is None else (best[1], best[2])


def anchors(al: Alignment, i: int) -> list[Token]:
    """Up to three content words after claim token ``i`` (or before it, at a clause end)."""
    content, polar = al.claim_words.content, al.claim_words.polarity
    after = [t for t in al.claim[i + 1 : i + 6] if content[t.index] and polar[t.index] is None]
    if after:
        return after[:3]
    before = al.claim[max(i - 5, 0) : i]
    return [t for t in before if content[t.index] and polar[t.index] is None][-3:]
