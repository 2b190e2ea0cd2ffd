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
from synth.verify.alignment import Alignment, Context, align, context_of, meets_bound
from synth.verify.cues import asks, debunks
from synth.verify.findings import Finding
from synth.verify.lexicon import PERIOD_PARTS, QUANTIFIER_NAMES, QUANTIFIERS, Token
from synth.verify.roles import _unique_anchor_indices, check_roles
from synth.verify.words import Words

__all__ = ["Alignment", "Context", "Finding", "align", "context_of", "run_checks"]
_WINDOW = 5  # tokens either side of an aligned phrase that still belong to it


def _phrase(tokens: list[Token], lo: int, hi: int) -> str:
    """The words ``lo``..``hi`` (inclusive, clipped) joined by spaces, for explanations."""
    return " ".join(t.text for t in tokens[max(lo, 0) : min(hi, len(tokens) - 1) + 1])


def _matches(al: Alignment, token: Token) -> set[int]:
    """Indices of the sentence tokens that are ``same_word`` as claim token ``token``."""
    return al.sentence_words.matching(al.claim_words.keys[token.index])


def _locate(al: Alignment, anchors: list[Token]) -> tuple[int, int] | None:
    """Where in the sentence the anchor words occur together: (first, last) token index."""
    found: set[int] = set()
    for a in anchors:
        found |= _matches(al, a)
    positions = sorted(found)
    best: tuple[int, int, int] | None = None  # (-hits, first, last)
    for n, j in enumerate(positions):
        hits = [k for k in positions[n : n + 6] if k < j + 6]
        key = (-len(hits), j, hits[-1])
        if best is None or key < best:
            best = key
    return None if best is None else (best[1], best[2])


def _anchors(al: Alignment, i: int) -> list[Token]:
    """Up to three content words after claim token ``i`` (or before it, at a clause end)."""
    content, polar = al.claim_words.content, al.claim_words.polarity
    after = [t for t in al.claim[i + 1 : i + 6] if content[t.index] and polar[t.index] is None]
    if after:
        return after[:3]
    before = al.claim[max(i - 5, 0) : i]
    return [t for t in before if content[t.index] and polar[t.index] is None][-3:]


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
    phrase = _phrase(al.sentence, lo, hi)
    if claim_neg:
        detail = f"the claim says '{claim_neg[0].text}', the evidence states it without negation"
    else:
        detail = f"the evidence says '{sent_neg[0].text}' at the matched phrase, the claim does not"
    return Finding(Check("negation", False, f"{detail} ('{phrase}')"), opposes=True)


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
        site = _locate(al, _anchors(al, token.index))
        if site is None:
            continue
        first, last = site
        near = [
            (min(abs(s.index - first), abs(s.index - last)), s.index, s, q)
            for s in al.sentence[max(first - _WINDOW, 0) : last + _WINDOW + 1]
            if (q := said[s.index]) and q[0] == axis
        ]
        if not near:
            continue
        _, _, word, (_, other) = min(near)
        if other != sign:
            phrase = _phrase(al.sentence, min(word.index, first), max(word.index, last))
            detail = (
                f"the claim says '{token.text}', the evidence says '{word.text}' "
                f"at the same phrase ('{phrase}')"
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
        site = _locate(al, _anchors(al, token.index)[:2])
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


def _attachment(words: Words, i: int) -> Token | None:
    """The word a number is attached to: its unit after it, else the word before it."""
    tokens, content, number = words.tokens, words.content, words.number
    for t in tokens[i + 1 : i + 3]:
        if content[t.index] and number[t.index] is None:
            return t
    for t in reversed(tokens[max(i - 2, 0) : i]):
        if content[t.index] and number[t.index] is None:
            return t
    return None


def check_numbers(al: Alignment) -> Finding | None:
    """Each number of the claim must be in the sentence, attached to the same thing; a bound
    ("more than 13") must be met by a number of the sentence.

    Linear in the numbers of both texts: each sentence number's value and attachment are
    looked up in dictionaries, not compared with each claim number in turn.
    """
    cw, sw = al.claim_words, al.sentence_words
    numbers = [i for i, v in enumerate(cw.number) if v is not None and not cw.year[i]]
    if not numbers:
        return None
    in_sentence = [j for j, v in enumerate(sw.number) if v is not None and not sw.year[j]]
    by_value: dict[float, list[int]] = {}
    attached: dict[int, list[int]] = {}  # sentence word -> the sentence numbers attached to it
    for j in in_sentence:
        by_value.setdefault(sw.number[j] or 0.0, []).append(j)
        if (a := _attachment(sw, j)) is not None:
            attached.setdefault(a.index, []).append(j)
    words = sw.words
    units: dict[tuple[str, str, str], tuple[set[int], list[int]]] = {}  # a unit met again
    for i in numbers:
        text = cw.words[i]
        unit = _attachment(cw, i)
        meets: set[int]
        slot: list[int]
        if unit is None:
            meets, slot = set(), []
        else:
            key = cw.keys[unit.index]
            if key not in units:
                found = _matches(al, unit)
                units[key] = (found, sorted(j for k in found for j in attached.get(k, ())))
            meets, slot = units[key]
        if i in cw.bounds:
            sign, inclusive, _ = cw.bounds[i]
            bound = cw.number[i] or 0.0
            candidates = slot or in_sentence
            if meets_bound(sw, bound, False, sign, inclusive, candidates):
                continue
            says = f", which says {words[candidates[0]]}" if candidates else " sentence"
            detail = f"the bound {text} is not met in the evidence{says}"
            words_of_bound = (i, *cw.bounds[i][2])
            return Finding(
                Check("numbers", False, detail), opposes=bool(slot), about=words_of_bound
            )
        same = by_value.get(cw.number[i] or 0.0, [])
        if not same:
            others = slot or in_sentence
            says = f", which says {words[others[0]]}" if others else " sentence"
            detail = f"{text} is not in the evidence{says}"
            return Finding(Check("numbers", False, detail), opposes=bool(slot), about=(i,))
        if unit is None or (meets and not slot):
            continue
        near = any(j + d in meets for j in same[:50] for d in range(-3, 4))
        if not near:
            a = _attachment(sw, same[0])
            it_says = f" (it says '{words[same[0]]} {a.text}')" if a else ""
            detail = f"'{text} {unit.text}' is not in the evidence{it_says}"
            return Finding(Check("numbers", False, detail))
    return Finding(Check("numbers", True))


def _period_clash(al: Alignment, i: int, said: list[int]) -> str:
    """Why the month the claim places early, mid or late (claim word ``i``) is placed
    otherwise by the sentence ("late February" / "early February"), else ""."""
    cw, sw = al.claim_words, al.sentence_words
    part = cw.lows[i - 1] if i and cw.lows[i - 1] in PERIOD_PARTS else ""
    if not part:
        return ""
    places = [sw.lows[j - 1] if j and sw.lows[j - 1] in PERIOD_PARTS else "" for j in said
              if sw.lows[j] == cw.lows[i]]  # fmt: skip
    if part in places or "" in places:
        return ""
    return f"the claim says '{part} {cw.words[i]}', the evidence '{places[0]} {cw.words[i]}'"


def check_dates(al: Alignment) -> Finding | None:
    """Years and months of the claim must be in the sentence."""
    cw, sw = al.claim_words, al.sentence_words
    dates = [i for i in range(len(cw.words)) if cw.year[i] or cw.month[i]]
    if not dates:
        return None
    for i in dates:
        kind = sw.year if cw.year[i] else sw.month
        said = [j for j, is_date in enumerate(kind) if is_date]
        if i in cw.bounds:  # "before 1940"
            sign, inclusive, _ = cw.bounds[i]
            if meets_bound(sw, cw.number[i], True, sign, inclusive):
                continue
        elif any(sw.lows[j] == cw.lows[i] for j in said):
            if cw.month[i] and (clash := _period_clash(al, i, said)):
                return Finding(Check("dates", False, clash), opposes=True)
            continue
        which = f", which says {sw.words[said[0]]}" if said else ""
        detail = f"{cw.words[i]} is not in the evidence{which}"
        return Finding(Check("dates", False, detail), opposes=bool(said), about=(i,))
    return Finding(Check("dates", True))


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
        named |= _matches(al, n)
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
    check_negation,
    check_direction,
    check_quantifiers,
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
        ("negation", True),
        ("direction", any(cw.polarity)),
        ("quantifiers", any(low in QUANTIFIERS for low in cw.lows)),
        ("roles", len(_unique_anchor_indices(al)) >= 2),
    )
    return [Finding(Check(name, True), agrees=name == "direction") for name, yes in applies if yes]
