"""A word of the claim put in the place of another word of the evidence (pure).

A claim made from a sentence by changing one word ("McDonald's to have seating" from
"McDonald's to shut seating", "X and Y effectively use the virus" from "... effectively
inhibit the virus") keeps every other word where the sentence has it. Where the claim's
matched words and their counterparts in the sentence stand the same distance apart, the
words between them face each other one for one; a claim word facing a content word of the
sentence that no claim word accounts for was put in its place. The changed word is often a
function word ("have", "for", "who"), which the words check never asks about.
"""

from __future__ import annotations

from synth.models import Check
from synth.verify.alignment import Alignment
from synth.verify.findings import Finding

_SLOT = 3  # the most words between two matched words compared one for one
# Claim words that stand for no word of their own (articles, the copula) or only join words,
# and sentence words that only join words (prepositions and connectives the project's
# stop words do not list): neither side of a changed word.
_NEVER_CHANGED = frozenset("a an the is are was were be been being am and or".split())
_JOINING = frozenset(
    """among amongst across along alongside amid around beside besides beyond despite
    except inside outside near throughout toward towards upon within without whereas
    although though however while whilst unlike like including following""".split()
)


def _replaced(al: Alignment, i: int, j: int) -> bool:
    """True when claim word ``i`` stands where the sentence has content word ``j``, which
    is no word of the claim."""
    cw, sw = al.claim_words, al.sentence_words
    low, said = cw.lows[i], sw.lows[j]
    if low == said or len(low) < 2 or low in _NEVER_CHANGED or said in _JOINING:
        return False
    if not sw.content[j] or sw.number[j] is not None or sw.month[j]:
        return False
    if cw.negation[i] or sw.negation[j]:
        return False  # the negation check compares negation
    if cw.content[i] and i not in al.unaccounted and i not in al.pairs:
        return False  # a name its abstract states, a bound the sentence meets
    return not cw.has_match(sw.keys[j])


def _facing(al: Alignment) -> list[tuple[int, int]]:
    """The claim and sentence words that face each other one for one: the one word each
    side has of its own between two matched claim words whose counterparts stand as far
    apart, and the words next to the first and last matched words."""
    cw, sw = al.claim_words, al.sentence_words
    # Only words the sentence has itself fix where the claim stands in it: a synonym may be
    # found anywhere in the sentence.
    pairs = {i: j for i, j in al.pairs.items() if sw.is_match(j, cw.keys[i])}
    anchors = sorted(pairs)
    facing: list[tuple[int, int]] = []
    for a, b in zip(anchors, anchors[1:], strict=False):
        gap = b - a - 1
        if not 1 <= gap <= _SLOT or pairs[b] - pairs[a] - 1 != gap:
            continue
        claim_side = range(a + 1, b)
        sentence_side = range(pairs[a] + 1, pairs[b])
        said = {sw.lows[j] for j in sentence_side}
        own = [i for i in claim_side if cw.lows[i] not in said and cw.lows[i] not in _NEVER_CHANGED]
        stated = {cw.lows[i] for i in claim_side}
        other = [j for j in sentence_side if sw.lows[j] not in stated and sw.content[j]]
        if len(own) == 1 and len(other) == 1:
            facing.append((own[0], other[0]))
    # Next to the first and the last matched word, when the claim keeps the sentence's
    # wording there (the two first, or last, matched words as far apart in both).
    if len(anchors) < 2:
        return facing
    (first, second), (before, last) = anchors[:2], anchors[-2:]
    if first > 0 and pairs[first] > 0 and pairs[second] - pairs[first] == second - first:
        facing.append((first - 1, pairs[first] - 1))
    if (
        last + 1 < len(cw.words)
        and pairs[last] + 1 < len(sw.words)
        and pairs[last] - pairs[before] == last - before
    ):
        facing.append((last + 1, pairs[last] + 1))
    return facing


def _dangling(al: Alignment) -> int | None:
    """The content word of the sentence that completes the phrase a claim ends without
    ("... is put on" / "... put on hold"): after the last matched word, the claim's last
    words are function words the sentence has in the same order, and the sentence goes on
    with a content word the claim lacks."""
    cw, sw = al.claim_words, al.sentence_words
    matched = [i for i, j in al.pairs.items() if cw.content[i] and sw.is_match(j, cw.keys[i])]
    if not matched:
        return None
    last = max(matched)
    tail = range(last + 1, len(cw.words))
    if not tail or any(cw.content[i] or cw.number[i] is not None for i in tail):
        return None
    at = al.pairs[last] + len(tail)
    if at + 1 >= len(sw.words) or any(
        cw.lows[i] != sw.lows[al.pairs[last] + k] for k, i in enumerate(tail, 1)
    ):
        return None
    following = at + 1
    if not sw.content[following] or cw.has_match(sw.keys[following]):
        return None
    return following


def check_substitution(al: Alignment) -> Finding | None:
    """No word of the claim may stand where the sentence has another content word that the
    claim lacks ("to have seating" / "to shut seating")."""
    if len(al.pairs) < 2:
        return None
    used = set(al.pairs.values())
    for i, j in _facing(al) if al.offset is None else ():
        if j not in used and _replaced(al, i, j):
            cw, sw = al.claim_words, al.sentence_words
            detail = f"the claim says '{cw.words[i]}' where the evidence says '{sw.words[j]}'"
            return Finding(Check("substitution", False, detail), about=(i,))
    if (following := _dangling(al)) is not None:
        words = al.sentence_words.words
        last = al.claim_words.words[-1]
        detail = f"the claim ends at '{last}' where the evidence goes on with '{words[following]}'"
        return Finding(Check("substitution", False, detail))
    return Finding(Check("substitution", True))
