"""The verifier's checks of a claim against one evidence sentence (pure).

Fuzzy similarity finds the sentence a claim talks about; it cannot tell 2021
from 2022 or "increased" from "decreased". Each check here compares one kind of
detail, at the phrase of the sentence the claim aligns with, and explains a
failure in words a reader can check. A ``Finding`` marks whether the evidence
states the opposite (``opposes``) or merely does not say what the claim says.
"""

from __future__ import annotations

from collections.abc import Callable

from synth.models import Check
from synth.verify.alignment import Alignment, Context, align, context_of
from synth.verify.cues import asks, debunks
from synth.verify.findings import Finding
from synth.verify.lexicon import (
    QUANTIFIER_NAMES,
    QUANTIFIERS,
    Token,
)
from synth.verify.numbers import check_dates, check_numbers
from synth.verify.phrases import WINDOW, anchors, locate, matches, phrase
from synth.verify.roles import _unique_anchor_indices, check_roles
from synth.verify.substitution import check_substitution

__all__ = [
    "Alignment",
    "Context",
    "Finding",
    "align",
    "check_dates",
    "check_numbers",
    "context_of",
    "run_checks",
]


def check_words(al: Alignment) -> Finding:
    """Every content word of the claim, what it says of its subject above all, must be in
    the evidence: the same word, an inflection, a listed synonym, a negated antonym or an
    abbreviation the abstract defines. A sentence that shares the claim's subject but not
    its predicate does not support it, however similar it reads."""
    missing = al.unaccounted
    if not missing:
        return Finding(Check("words", True))
    words = al.claim_words.words
    listed = ", ".join(f"'{words[i]}'" for i in missing[:4]) + (", ..." if len(missing) > 4 else "")
    verb = "is" if len(missing) == 1 else "are"
    return Finding(Check("words", False, f"{listed} {verb} not in the evidence"))


def check_statement(al: Alignment) -> Finding | None:
    """A sentence stating an aim or an open question does not state a finding: "we conducted
    a study to describe X in patients" does not support "X occurs in patients"."""
    if not asks(al.sentence_words.text) or asks(al.claim_words.text):
        return None
    detail = "the evidence states an aim or an open question, not a finding"
    return Finding(Check("statement", False, detail))


def check_debunking(al: Alignment) -> Finding | None:
    """A sentence saying a statement is false or unfounded does not support it, wherever in
    the sentence it says so ("was widely misquoted as ... but this was untrue")."""
    cue = debunks(al.sentence_words.text)
    if not cue or debunks(al.claim_words.text):
        return None
    detail = f"the evidence says '{cue}' of what it states"
    return Finding(Check("debunking", False, detail), opposes=True)


def check_negation(al: Alignment) -> Finding:
    """Negation in the claim must match negation in the aligned part of the sentence."""
    cue, said = al.claim_words.negation, al.sentence_words.negation
    claim_neg = [t for t in al.claim if cue[t.index] or ("claim", t.index) in al.negated]
    lo, hi = al.window
    # The clause of the matched part, from its start: "we found no evidence that ... X".
    start = al.sentence_words.clause_start(lo)
    sent_neg = [
        t
        for t in al.sentence[start : hi + 1]
        if said[t.index] or ("sentence", t.index) in al.negated
    ]
    if len(claim_neg) % 2 == len(sent_neg) % 2:
        return Finding(Check("negation", True))
    matched = phrase(al.sentence, lo, hi)
    if claim_neg:
        detail = f"the claim says '{claim_neg[0].text}', the evidence states it without negation"
    else:
        detail = f"the evidence says '{sent_neg[0].text}' at the matched phrase, the claim does not"
    return Finding(Check("negation", False, f"{detail} ('{matched}')"), opposes=True)


def check_direction(al: Alignment) -> Finding | None:
    """Words stating a direction (increase/decrease, most/least) must agree at the same phrase."""
    polar = [(t, p) for t, p in zip(al.claim, al.claim_words.polarity, strict=True) if p]
    if not polar:
        return None
    said = al.sentence_words.polarity
    agreed = False
    for token, (axis, sign) in polar:
        if (j := al.counterpart(token.index)) is not None and said[j] == (axis, sign):
            agreed = True  # the word it was matched to says the same
            continue
        site = locate(al, anchors(al, token.index))
        if site is None:
            continue
        first, last = site
        near = [
            (min(abs(s.index - first), abs(s.index - last)), s.index, s, q)
            for s in al.sentence[max(first - WINDOW, 0) : last + WINDOW + 1]
            if (q := said[s.index]) and q[0] == axis
        ]
        if not near:
            continue
        _, _, word, (_, other) = min(near)
        if other != sign:
            at = phrase(al.sentence, min(word.index, first), max(word.index, last))
            detail = (
                f"the claim says '{token.text}', the evidence says '{word.text}' "
                f"at the same phrase ('{at}')"
            )
            return Finding(Check("direction", False, detail), opposes=True, about=(token.index,))
        agreed = True
    return Finding(Check("direction", True), agrees=agreed)


def check_quantifiers(al: Alignment) -> Finding | None:
    """A claim may not generalise beyond its evidence (all > most > some)."""
    quantified = [t for t in al.claim if t.low in QUANTIFIERS]
    if not quantified:
        return None
    for token in quantified:
        if (j := al.counterpart(token.index)) is not None and al.sentence[j].low == token.low:
            continue  # the sentence says the same quantifier of the same words
        strength = QUANTIFIERS[token.low]
        site = locate(al, anchors(al, token.index)[:2])
        if site is None:
            continue
        before = al.sentence[max(site[0] - 3, 0) : site[0] + 1]
        said = [QUANTIFIERS[s.low] for s in before if s.low in QUANTIFIERS]
        evidence = max(said) if said else 0
        if (said and strength != evidence) or (not said and strength == 3):
            says = f"says '{QUANTIFIER_NAMES[evidence]}'" if said else "has no such quantifier"
            detail = f"the claim says '{token.text}', the evidence {says}"
            return Finding(Check("quantifiers", False, detail))
    return Finding(Check("quantifiers", True))


ORDINALS = frozenset("first second third fourth fifth last final only sole another".split())
# "Only" may also limit anything at all ("only a book"): the claim's is not compared.
_NAMING_ONE = ORDINALS - {"only"}


def check_ordinals(al: Alignment) -> Finding | None:
    """Which one of a series a claim names (first, second, last, another) must be the one the
    evidence names at the same phrase."""
    ordered = [t for t in al.claim if t.low in _NAMING_ONE]
    if not ordered:
        return None
    seen: set[tuple[str, ...]] = set()  # an ordinal met again with the same words after it
    for token in ordered:
        if token.low in al.sentence_words.low_counts:
            continue  # the sentence names the same one (where is for the roles check)
        near = anchors(al, token.index)[:2]
        key = (token.low, *(t.low for t in near))
        if key in seen:
            continue
        seen.add(key)
        site = locate(al, near)
        if site is None:
            continue
        before = al.sentence[max(site[0] - WINDOW, 0) : site[0] + 1]
        said = [s for s in before if s.low in ORDINALS]
        if said:
            detail = f"the claim says '{token.text}', the evidence says '{said[-1].text}'"
            return Finding(Check("ordinals", False, detail), opposes=True, about=(token.index,))
    return Finding(Check("ordinals", True))


def _substitute(al: Alignment, i: int) -> Token | None:
    """A name of the sentence standing where claim token ``i`` would be, matching no claim word."""
    before = [al.pairs[k] for k in range(i - 1, -1, -1) if k in al.pairs][:1]
    after = [al.pairs[k] for k in range(i + 1, len(al.claim)) if k in al.pairs][:1]
    if before and after and before[0] < after[0]:
        lo, hi = before[0] + 1, after[0] - 1
    elif after:
        lo, hi = after[0] - 3, after[0] - 1
    elif before:
        lo, hi = before[0] + 1, before[0] + 3
    else:
        return None
    used = set(al.pairs.values())
    entity = al.sentence_words.entity
    for s in al.sentence[max(lo, 0) : hi + 1]:
        if s.index not in used and entity[s.index]:
            return s
    return None


def _named_in_abstract(al: Alignment, token: Token) -> bool:
    """True when the abstract the sentence comes from names ``token`` (or its compound parts)."""
    names = al.context.names
    whole = token.low.replace("-", "").replace("/", "")
    return whole in names or token.low in al.context.abbreviations


def check_entities(al: Alignment) -> Finding | None:
    """Names in the claim (models, benchmarks, genes) must be named in the sentence.

    A name the sentence leaves out but its abstract states elsewhere passes (the
    sentence speaks of it as "these cells"), unless the sentence puts another name
    in its place.
    """
    names = [t for t in al.claim if al.claim_words.entity[t.index]]
    if not names:
        return None
    # A name that is also a common word (OR, AND) is matched only where it is written alike.
    written = set(al.sentence_words.words)
    missing = [t for t in names if t.index not in al.pairs and t.text not in written]
    if not missing:
        return Finding(Check("entities", True))
    swapped = [(t, other) for t in missing if (other := _substitute(al, t.index))]
    if swapped:
        t, other = swapped[0]
        detail = f"'{t.text}' is not in the evidence (it names '{other.text}')"
        return Finding(Check("entities", False, detail))
    unstated = [t for t in missing if not _named_in_abstract(al, t)]
    if not unstated:
        return Finding(Check("entities", True))
    named: set[int] = set()
    for n in names:
        named |= matches(al, n)
    entity = al.sentence_words.entity
    others = [s.text for s in al.sentence if entity[s.index] and s.index not in named]
    names_it = f" (it names '{others[0]}')" if others else ""
    return Finding(
        Check("entities", False, f"'{unstated[0].text}' is not in the evidence{names_it}")
    )


CHECKS: tuple[Callable[[Alignment], Finding | None], ...] = (
    check_words,
    check_statement,
    check_debunking,
    check_dates,
    check_numbers,
    check_entities,
    check_substitution,
    check_negation,
    check_direction,
    check_quantifiers,
    check_ordinals,
    check_roles,
)


def run_checks(al: Alignment) -> list[Finding]:
    """Every check that applies to the claim, in a fixed order."""
    if al.offset == 0 and al.claim_words.text == al.sentence_words.text:
        return _passed_by_itself(al)
    return [f for check in CHECKS if (f := check(al)) is not None]


def _passed_by_itself(al: Alignment) -> list[Finding]:
    """``run_checks`` of a sentence against itself: every check that applies passes.

    Claims extracted from an abstract are checked against their own sentence first;
    what each check compares is the same on both sides, so only which checks apply
    needs working out (the conditions under which each check above returns None).
    """
    cw = al.claim_words
    applies = (
        ("words", True),
        ("dates", any(cw.year) or any(cw.month)),
        ("numbers", any(n is not None and not y for n, y in zip(cw.number, cw.year, strict=True))),
        ("entities", any(cw.entity)),
        ("substitution", len(cw.words) >= 2),
        ("negation", True),
        ("direction", any(cw.polarity)),
        ("quantifiers", any(low in QUANTIFIERS for low in cw.lows)),
        ("ordinals", any(low in _NAMING_ONE for low in cw.lows)),
        ("roles", len(_unique_anchor_indices(al)) >= 2),
    )
    return [Finding(Check(name, True), agrees=name == "direction") for name, yes in applies if yes]
