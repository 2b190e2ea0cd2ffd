"""Who does what to whom: the roles check of a claim against one evidence sentence (pure).

Numbers and names that occur once in the claim keep their order in the sentence unless they
moved together; compared names and the two sides of a comparison ("A more than B") keep
their places. Linear in the words: anchors are compared only with the next few, and the
relation words between two anchors are counted from a running total.
"""

from __future__ import annotations

import bisect

from synth.models import Check
from synth.verify.alignment import Alignment
from synth.verify.findings import Finding
from synth.verify.keys import match_keys
from synth.verify.lexicon import Token, number_value, stem
from synth.verify.words import Words

_RELATION_CUES = frozenset(
    stem(w)
    for w in """prefer preferred outperform outperforms surpass surpasses exceed exceeds beat beats
    better worse superior inferior than over versus vs compared relative""".split()
)


def _unique_anchors(al: Alignment) -> list[Token]:
    """Numbers and names that occur once in the claim and match exactly one sentence word."""
    return [al.claim[i] for i in _unique_anchor_indices(al)]


def _unique_anchor_indices(al: Alignment) -> list[int]:
    """The indices of ``_unique_anchors`` (without building the claim's tokens)."""
    found = []
    cw = al.claim_words
    for i, (number, entity) in enumerate(zip(cw.number, cw.entity, strict=True)):
        if number is None and not entity:
            continue
        if cw.low_counts[cw.lows[i]] != 1:
            continue
        # The keys of this word only: a claim checked against itself needs no other's.
        keys = match_keys(cw.lows[i], cw.stems[i])
        if i in al.pairs and al.sentence_words.matches_once(keys):
            found.append(i)
    return found


_ROLE_SPAN = 8  # anchors after one that may have swapped with it (keeps the check linear)
_COMPARED = frozenset("than versus vs compared".split())


def _sides(words: Words, cue: int) -> tuple[list[int], list[int]]:
    """The words that name what is compared at comparison word ``cue`` of a claim: the first
    run of content words of the text, and the run right after the cue (words on both sides,
    like "groups" in "A groups ... than B groups", left out)."""
    content, lows = words.content, words.lows
    first = next((i for i in range(cue) if content[i]), None)
    subject = []
    for i in range(first if first is not None else cue, cue):
        if not content[i] or words.polarity[i] is not None:
            break
        subject.append(i)
    k = cue + (2 if lows[cue] == "compared" else 1)
    while k < len(lows) and lows[k] in ("the", "a", "an"):
        k += 1
    compared: list[int] = []
    while k < len(lows) and content[k] and len(compared) < 3:
        compared.append(k)
        k += 1
    both = {lows[i] for i in subject} & {lows[i] for i in compared}
    return [i for i in subject if lows[i] not in both], [i for i in compared if lows[i] not in both]


def _swapped_comparison(al: Alignment) -> str:
    """How the sentence compares the claim's two sides the other way round ("A more than B"
    / "B more ... compared with A"), else ""."""
    cw, sw = al.claim_words, al.sentence_words
    cue = next((i for i, low in enumerate(cw.lows) if low in _COMPARED), None)
    said = next((j for j, low in enumerate(sw.lows) if low in _COMPARED), None)
    if cue is None or said is None:
        return ""
    subject, compared = _sides(cw, cue)
    at = al.pairs
    first = [at[i] for i in subject if i in at]
    second = [at[i] for i in compared if i in at]
    if not first or not second:
        return ""
    if all(j > said for j in first) and all(j < said for j in second):
        a, b = cw.words[subject[0]], cw.words[compared[0]]
        return f"the claim compares '{a}' with '{b}', the evidence '{b}' with '{a}'"
    return ""


def check_roles(al: Alignment) -> Finding | None:
    """Who does what to whom: numbers, compared names and the two sides of a comparison
    must keep their places."""
    swapped = _swapped_comparison(al)
    if swapped:
        return Finding(Check("roles", False, swapped), opposes=True)
    anchors = _unique_anchors(al)
    if len(anchors) < 2:
        return None
    where = {t.index: al.pairs[t.index] for t in anchors}
    names = [a.index for a in anchors if number_value(a) is None]
    cues = [0]  # cues[k]: relation words among the claim's first k words
    for low, key in zip(al.claim_words.lows, al.claim_words.stems, strict=True):
        cues.append(cues[-1] + (key in _RELATION_CUES or low in _RELATION_CUES))

    def partner(t: Token) -> int | None:
        """The name a number belongs to: the nearest within four words, the one after it
        first ("37.9 on GPQA")."""
        k = bisect.bisect_left(names, t.index)
        near = [n for n in names[max(k - 2, 0) : k + 2] if abs(n - t.index) <= 4]
        return min(near, key=lambda n: (abs(n - t.index), n < t.index)) if near else None

    partners = {a.index: partner(a) for a in anchors}
    for k, a in enumerate(anchors):
        for b in anchors[k + 1 : k + 1 + _ROLE_SPAN]:
            if where[a.index] < where[b.index]:
                continue
            compared = cues[b.index] - cues[a.index + 1] > 0
            numbers = number_value(a) is not None and number_value(b) is not None
            pa, pb = partners[a.index], partners[b.index]
            moved_together = (
                pa is not None and pb is not None and pa != pb and where[pb] < where[pa]
            )
            if compared or (numbers and not moved_together):
                detail = (
                    f"'{a.text}' and '{b.text}' swap roles: the evidence puts "
                    f"'{b.text}' where the claim puts '{a.text}'"
                )
                return Finding(Check("roles", False, detail), opposes=True)
    return Finding(Check("roles", True))
