"""How much of a claim a sentence could match at most, worked out without aligning (pure).

``align`` pairs a claim word with a sentence word in several ways: the same word up to
inflection, a compound's part, a listed synonym, a derived word, a number however written,
a negated antonym, an abbreviation or an acronym. All but the last two need one of the
claim word's keys (its ``Probes``) among the keys of the sentence's words (its
``match_universe``). ``coverage_ceiling`` bounds an alignment's coverage from these keys;
``could_match_all`` asks only whether the sentence may have every content word of the
claim, which is how the verifier rules out the sentences of other sources before
aligning them.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from synth.verify.alignment import Context
from synth.verify.keys import PARTS, match_keys, roots_of, word_universe
from synth.verify.lexicon import SYNONYM_CLASS, negated_base, tokenize
from synth.verify.pairing import defined_in
from synth.verify.words import Words, words_of


class Universe:
    """Every key by which a word of another text may be matched to one of a text's words:
    stems, bare words and family keys, compound forms and the stems negative prefixes
    negate (``word_keys``), and the value of each number (``number_keys``, ``#10.0`` for
    "ten" and "10")."""

    def __init__(self, words: Words) -> None:
        self.words = words

    @cached_property
    def word_keys(self) -> frozenset[str]:
        """The keys of the words as written."""
        return frozenset().union(*map(word_universe, set(self.words.lows)))  # each word once

    @cached_property
    def number_keys(self) -> frozenset[str]:
        """The numbers' values. No word has a ``#`` (``lexicon._TOKEN``), so only the probe
        of a claim word that is a number can meet these: a claim word that is no number is
        looked up without reading the sentence's numbers at all."""
        return frozenset(f"#{float(value)}" for value in self.words.number if value is not None)


@lru_cache(maxsize=1024)
def universe_of(text: str) -> Universe:
    """The ``Universe`` of a text, cached: a sentence meets several claims."""
    return Universe(words_of(text))


def match_universe(text: str) -> frozenset[str]:
    """Every key by which a word of another text may be matched to one of the text's words."""
    universe = universe_of(text)
    return universe.word_keys | universe.number_keys


class Probes:
    """What each content word of a claim is looked up by in a sentence's ``match_universe``:
    its match keys, itself without hyphens, its parts, the stem its negative prefix negates,
    its synonym class and roots, and its value if it is a number (``#10.0``, last).

    Worked out word by word when first asked, and kept: a sentence on another topic is
    usually ruled out at one of the claim's first words, so most words are never probed.
    """

    def __init__(self, words: Words) -> None:
        self.words = words
        self._known: dict[int, tuple[str, ...]] = {}

    def __getitem__(self, i: int) -> tuple[str, ...]:
        if (known := self._known.get(i)) is not None:
            return known
        words = self.words
        low = words.lows[i]
        stem_key, bare, family = match_keys(low, words.stems[i])
        probe = [stem_key, bare] + ([family] if family else [])
        probe.append(low.replace("-", "").replace("/", ""))
        probe.extend(p for p in PARTS.split(low) if p)
        if (base := negated_base(low)) is not None:
            probe.extend((base, base[:7]) if len(base) >= 7 else (base,))
        if (kind := SYNONYM_CLASS.get(stem_key)) is not None:
            probe.append(f"~{kind}")
        probe.extend(f"^{root}" for root in roots_of(stem_key))
        if (value := words.number[i]) is not None:
            probe.append(f"#{float(value)}")
        self._known[i] = found = tuple(probe)
        return found


@lru_cache(maxsize=1024)
def probes_of(text: str) -> Probes:
    """The ``Probes`` of a claim, cached: a claim meets many sentences."""
    return Probes(words_of(text))


def coverage_ceiling(claim: str, sentence: str, context: Context | None = None) -> float:
    """At least ``align(claim, sentence, context).coverage``, worked out without aligning.

    A claim word counts unless none of the ways ``align`` matches words could apply
    to it; a sentence below the coverage a verdict needs is ruled out this way before
    its tokens are even built.
    """
    context = context or Context()
    cw, sw = words_of(claim), words_of(sentence)
    possible = _standing_in(cw, sw, defined_in(context.abbreviations, claim, sentence))
    # Every key a claim word could be matched by: a key met under another heading (a stem
    # equal to some bare word) only makes the ceiling higher.
    universe, probes = match_universe(sentence), probes_of(claim)
    possible.update(
        i for i in cw.content_indices if cw.words[i].isupper() or not universe.isdisjoint(probes[i])
    )
    weights = cw.weights
    return sum(weights[i] for i in cw.content_indices if i in possible) / cw.weight_total


def could_match_all(claim: str, sentence: str, context: Context | None = None) -> bool:
    """True unless ``coverage_ceiling`` is below 1: the sentence may have every content word
    of the claim. Decided at the first claim word that has none of its keys in the sentence
    and that no abbreviation or acronym could stand for (the usual case, and a quick one).

    The same answer as ``coverage_ceiling(...) == 1``, for less: a claim word's keys are
    worked out only when it is looked up, the sentence's numbers are read only for a claim
    word that is a number, and what could stand in only for a word the sentence lacks.
    """
    cw = words_of(claim)
    universe, probes = universe_of(sentence), probes_of(claim)
    standing_in: _StandingIn | None = None
    for i in cw.content_indices:
        if cw.words[i].isupper():
            continue
        probe = probes[i]
        if not universe.word_keys.isdisjoint(probe):
            continue
        if cw.number[i] is not None and not universe.number_keys.isdisjoint(probe):
            continue
        if standing_in is None:
            defined = defined_in((context or Context()).abbreviations, claim, sentence)
            standing_in = _StandingIn(cw, universe.words, defined)
        if not standing_in.covers(i):
            return False
    return True


@lru_cache(maxsize=4096)
def _stems_of(long_form: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words of a long form (an abstract's long forms recur in each check)."""
    return frozenset(p.stem for w in long_form for p in tokenize(w))


def _long_form_stems(sentence: Words, defined: dict[str, tuple[str, ...]]) -> set[str]:
    """The stems of the long forms whose short form the sentence uses."""
    return set().union(*(_stems_of(defined[key]) for key in defined.keys() & sentence.lookup_keys))


def _acronym_words(claim: Words, sentence: Words) -> set[int]:
    """The claim's runs of capitalised words whose initials the sentence writes in capitals."""
    capitals = sentence.capitals
    return {i for key, run in claim.acronym_runs.items() if key in capitals for i in run}


def _standing_in(claim: Words, sentence: Words, defined: dict[str, tuple[str, ...]]) -> set[int]:
    """The claim words an abbreviation or an acronym could stand for in the sentence: words
    of a long form whose short form the sentence uses, a run of capitalised words whose
    initials it writes, and words that are themselves a short form either text defines."""
    cw, sw = claim, sentence
    found: set[int] = set()
    if defined:
        stems = _long_form_stems(sw, defined)
        found.update(i for i, s in enumerate(cw.stems) if s in stems)
        short, probes = defined.keys(), probes_of(cw.text)
        found.update(i for i in cw.content_indices if not short.isdisjoint(probes[i]))
    if cw.acronym_runs:
        found |= _acronym_words(cw, sw)
    return found


class _StandingIn:
    """``_standing_in`` asked one content word at a time: a claim on another topic lacks
    some word no abbreviation stands for, and only the words the sentence lacks are asked,
    each by its cheapest test first."""

    def __init__(self, claim: Words, sentence: Words, defined: dict[str, tuple[str, ...]]) -> None:
        self.claim, self.sentence, self.defined = claim, sentence, defined

    @cached_property
    def _acronym_words(self) -> set[int]:
        return _acronym_words(self.claim, self.sentence)

    def covers(self, i: int) -> bool:
        """True when content word ``i`` is in ``_standing_in``."""
        cw, defined = self.claim, self.defined
        if defined:
            if not defined.keys().isdisjoint(probes_of(cw.text)[i]):
                return True  # a short form itself
            stem_key = cw.stems[i]
            for key, long_form in defined.items():  # a word of a long form the sentence uses
                if stem_key in _stems_of(long_form) and key in self.sentence.lookup_keys:
                    return True
        # An acronym run is two to five capitalised words in a row: a word without a
        # capitalised neighbour is in none, whatever the sentence writes.
        titled, last = cw.titled, len(cw.titled) - 1
        if not titled[i] or not ((i > 0 and titled[i - 1]) or (i < last and titled[i + 1])):
            return False
        return i in self._acronym_words
