"""The checks of a claim's numbers and dates against one evidence sentence (pure).

A number must be in the sentence attached to the same thing ("32k tokens"), scaled alike
("16 million"), and a bound ("more than 13") met; a year or month must be there too, placed
alike in it ("late February" is not "early February").
"""

from __future__ import annotations

from synth.models import Check
from synth.verify.alignment import Alignment, meets_bound
from synth.verify.findings import Finding
from synth.verify.lexicon import PERCENT_WORDS, PERIOD_PARTS, SCALES, Token
from synth.verify.phrases import matches
from synth.verify.words import Words


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


def _number_text(words: Words, j: int) -> str:
    """Number ``j`` of a text as written, with the scale word that follows it ("16 million")."""
    after = words.lows[j + 1] if j + 1 < len(words.lows) else ""
    return f"{words.words[j]} {words.words[j + 1]}" if after in SCALES else words.words[j]


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
                found = matches(al, unit)
                slot = sorted(j for k in found for j in attached.get(k, ()))
                if unit.low in PERCENT_WORDS:  # "10 percent" is "10%"
                    written = [j for j in in_sentence if sw.words[j].endswith("%")]
                    found, slot = found | set(written), sorted({*slot, *written})
                units[key] = (found, slot)
            meets, slot = units[key]
        if i in cw.bounds:
            sign, inclusive, _ = cw.bounds[i]
            bound = cw.number[i] or 0.0
            candidates = slot or in_sentence
            if meets_bound(sw, bound, False, sign, inclusive, candidates):
                continue
            says = f", which says {_number_text(sw, candidates[0])}" if candidates else " sentence"
            detail = f"the bound {text} is not met in the evidence{says}"
            words_of_bound = (i, *cw.bounds[i][2])
            return Finding(
                Check("numbers", False, detail), opposes=bool(slot), about=words_of_bound
            )
        same = by_value.get(cw.number[i] or 0.0, [])
        if not same:
            others = slot or in_sentence
            says = f", which says {_number_text(sw, others[0])}" if others else " sentence"
            detail = f"{text} is not in the evidence{says}"
            return Finding(Check("numbers", False, detail), opposes=bool(slot), about=(i,))
        if unit is None or (meets and not slot):
            continue
        near = any(j + d in meets for j in same[:50] for d in range(-3, 4))
        if not near:
            a = _attachment(sw, same[0])
            it_says = f" (it says '{_number_text(sw, same[0])} {a.text}')" if a else ""
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
