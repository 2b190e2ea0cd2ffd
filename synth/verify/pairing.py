"""The ways a claim word is paired with a sentence word other than being the same word (pure).

An acronym and its spelled-out name, a listed synonym or a word stating the same direction,
a noun in -ion and its verb, a number however written, a compound's part, an abbreviation
the abstract defines, and a word with a negative prefix (inaccurate / accurate). Each is
tried for the claim words the same-word pass left unpaired, in ``align``'s order.
"""

from __future__ import annotations

from collections.abc import Iterable

from synth.verify.abbreviations import _abbreviations
from synth.verify.keys import match_keys, roots_of, token_keys
from synth.verify.lexicon import PERCENT_WORDS, STOPWORDS, is_entity, tokenize
from synth.verify.words import Words

# Parts of a compound that qualify a name rather than name something else (TDP-43-induced).
_QUALIFIERS = frozenset(
    """derived induced dependent mediated expressing treated based like specific driven
    related targeted positive""".split()
)


def match_acronyms(claim: Words, sentence: Words, pairs: dict[int, int]) -> None:
    """Pair a spelled-out name in one text with its acronym in the other (LLM / Large
    Language Model)."""
    cw, sw = claim, sentence
    c_runs = cw.acronym_runs
    if cw.capital_indices and (s_runs := sw.acronym_runs):
        for i in cw.capital_indices:
            key = cw.lows[i].rstrip("s")
            if i not in pairs and key in s_runs:
                pairs[i] = s_runs[key][0]
    if c_runs:
        capitals = sw.capitals
        for key, run in c_runs.items():
            if key in capitals and any(i not in pairs for i in run):
                pairs.update({i: capitals[key] for i in run if i not in pairs})


def match_synonyms(claim: Words, sentence: Words, pairs: dict[int, int]) -> None:
    """Pair claim words with a listed synonym, or a word stating the same direction, each
    sentence word standing for one claim word (a word the claim has itself for none)."""
    cw, sw = claim, sentence
    if not sw.synonyms:
        return
    kinds = cw.synonym_of
    free = _Free(set(pairs.values()))  # a word the claim has itself stands for no other
    for i in cw.content_indices:
        kind = kinds[i]
        if i in pairs or kind is None or kind not in sw.synonyms:
            continue
        if (j := free.first(kind, sw.synonyms[kind])) is not None:
            pairs[i] = j


class _Free:
    """The first sentence word of a list that no claim word stands paired with yet.

    Words only ever get used, so each list is read past its used words once (a text that
    repeats one word thousands of times is not searched again for each claim word)."""

    def __init__(self, used: set[int]) -> None:
        self.used = used
        self._next: dict[str, int] = {}

    def first(self, key: str, positions: list[int]) -> int | None:
        """The first unused position of ``positions`` (listed under ``key``), now used."""
        k = self._next.get(key, 0)
        while k < len(positions) and positions[k] in self.used:
            k += 1
        self._next[key] = k
        if k == len(positions):
            return None
        self.used.add(positions[k])
        return positions[k]


def match_derived(claim: Words, sentence: Words, pairs: dict[int, int]) -> None:
    """Pair claim words with sentence words derived from the same verb (infected /
    infection, elevated / elevation), each sentence word standing for one claim word."""
    free = _Free(set(pairs.values()))
    roots = sentence.roots
    for i in claim.content_indices:
        if i in pairs:
            continue
        for root in roots_of(claim.stems[i]):
            if root in roots and (j := free.first(root, roots[root])) is not None:
                pairs[i] = j
                break


def match_numbers(claim: Words, sentence: Words, pairs: dict[int, int]) -> None:
    """Pair a claim number with a sentence number of the same value however written (ten /
    10), and "percent" after it with a sentence number written with "%"."""
    values: dict[tuple[float, bool], int] = {}
    for j, value in enumerate(sentence.number):
        if value is not None:
            values.setdefault((value, sentence.year[j]), j)
    if not values:
        return
    for i in claim.content_indices:
        value = claim.number[i]
        if i in pairs or value is None:
            continue
        found = values.get((value, claim.year[i]))
        if found is not None:
            pairs[i] = found
            after = i + 1
            if (
                after < len(claim.lows)
                and claim.lows[after] in PERCENT_WORDS
                and after not in pairs
                and sentence.words[found].endswith("%")
            ):
                pairs[after] = found


def words_in(words: Iterable[str], sentence: Words) -> int | None:
    """The index of the first sentence token that matches the content ``words``, if all match."""
    first = None
    for word in words:
        if word in STOPWORDS or len(word) < 2:
            continue
        probe = tokenize(word)
        if not probe:
            continue
        hits = sentence.matching(token_keys(probe[0]))
        if not hits:
            return None
        first = min(hits) if first is None else min(first, min(hits))
    return first


def match_names(
    defined: dict[str, tuple[str, ...]], claim: Words, sentence: Words, pairs: dict[int, int]
) -> None:
    """Pair claim words with compound parts, abbreviations (``defined``: the short forms
    either text or its abstract defines) and long forms of the sentence."""
    forms = sentence.form_set
    for i in claim.content_indices:
        if i in pairs:
            continue
        whole = claim.wholes[i]
        low = claim.lows[i]
        if whole not in forms and whole not in defined and low not in defined and whole == low:
            continue  # a plain word that is neither a form nor an abbreviation here
        where = sentence.form_index
        t = claim.tokens[i]
        parts = [p for p in claim.parts[i] if p not in _QUALIFIERS]
        hits = []
        keys = [whole] if whole in where else [low] if low in defined else parts
        for key in keys:
            if key in where:
                hits.append(where[key])
            elif key in defined and (j := words_in(defined[key], sentence)) is not None:
                hits.append(j)
            elif key in STOPWORDS and not is_entity([t.text], 0):
                continue
            else:
                hits = []
                break
        if hits:
            pairs[t.index] = hits[0]
    if not defined:
        return
    # The claim spells out what the sentence abbreviates: "tumour necrosis factor" / "TNF".
    if defined.keys().isdisjoint(sentence.lookup_keys):
        return
    for j, (word, low) in enumerate(zip(sentence.words, sentence.lows, strict=True)):
        long = defined.get(low) or defined.get(low.removesuffix("s"))
        if not long or not word[:1].isupper():
            continue
        stems = {p.stem for w in long for p in tokenize(w)}
        run = [t for t in claim.tokens if claim.content[t.index] and t.stem in stems]
        if len(run) >= len([w for w in long if w not in STOPWORDS]):
            for t in run:
                pairs.setdefault(t.index, j)


def defined_in(abstract: dict[str, tuple[str, ...]], *texts: str) -> dict[str, tuple[str, ...]]:
    """The abbreviations the abstract (``abstract``) and ``texts`` define, the later ones
    overriding."""
    found = [pairs for text in texts if (pairs := _abbreviations(text))]
    if not found:
        return abstract  # shared: callers only read it
    defined = dict(abstract)
    for pairs in found:
        defined.update(pairs)
    return defined


def prefix_negations(
    claim: Words, sentence: Words, pairs: dict[int, int]
) -> frozenset[tuple[str, int]]:
    """Pair words that differ by a negative prefix (inaccurate/accurate) and mark the negated."""
    negated: set[tuple[str, int]] = set()
    bases = sentence.negated_bases
    for i in claim.content_indices:
        if i in pairs:
            continue
        t = claim.tokens[i]
        base = claim.bases[i]
        # The first sentence word either way wins; the claim's negation first at the same word.
        found = sentence.matching(match_keys(base, base)) if base else set()
        plain = min(found) if found else None
        prefixed = bases.get(t.stem, bases.get(t.stem[:7]) if len(t.stem) >= 7 else None)
        if plain is not None and (prefixed is None or plain <= prefixed):
            pairs[t.index] = plain
            negated.add(("claim", t.index))
        elif prefixed is not None:
            pairs[t.index] = prefixed
            negated.add(("sentence", prefixed))
    return frozenset(negated)
