"""A text's words with what the verifier asks of each, worked out once per text (pure).

Alignment and the checks ask the same questions of the same sentence many times:
which of its words is the same word as this claim word, is this word a name, a
number, a direction word. ``Words`` answers them once per text, and matches words
through dictionaries keyed on what ``same_word`` compares instead of comparing
every claim word with every sentence word. The ``Token`` objects themselves are
built only when an alignment needs them: a sentence that cannot match enough of a
claim is ruled out from its keys alone.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import cached_property, lru_cache

from synth.verify.keys import (
    PARTS,
    MatchKeys,
    forms_of,
    match_keys,
    roots_of,
)
from synth.verify.lexicon import (
    BOUNDS,
    MONTHS,
    NEGATIONS,
    SCALES,
    STOPWORDS,
    SYNONYM_CLASS,
    Token,
    is_entity,
    negated_base,
    stem,
    word_is_year,
    word_number,
    word_polarity,
    word_starts,
    word_strings,
)

_CLAUSE_WORDS = frozenset("but whereas although though however while".split())


class Words:
    """A text's words, their stems and match keys, and facts about each worked out on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [word.rstrip(".") for word in word_strings(text)]
        self.lows = list(map(str.lower, self.words))
        self._sorted_matches: dict[MatchKeys, list[int]] = {}  # ``matching`` results, in order

    @cached_property
    def stems(self) -> list[str]:
        """The stem of each word (``coverage_ceiling`` rules most sentences out without)."""
        return list(map(stem, self.lows))

    @cached_property
    def joined(self) -> str:
        """The lower-cased words joined by single spaces (to find one text inside another)."""
        return " ".join(self.lows)

    @cached_property
    def starts(self) -> list[int]:
        """The character offset of each word (for tokens and quoted spans only)."""
        return word_starts(self.text)

    @cached_property
    def content(self) -> list[bool]:
        """True for each word that carries meaning (not a stop word, not a negation cue)."""
        return [low not in STOPWORDS and low not in NEGATIONS and len(low) > 1 for low in self.lows]

    @cached_property
    def content_indices(self) -> list[int]:
        """Indices of the content words, in order."""
        return [i for i, meaningful in enumerate(self.content) if meaningful]

    @cached_property
    def weights(self) -> list[float]:
        """How much each word counts in an alignment's coverage: names twice."""
        return [2.0 if entity else 1.0 for entity in self.entity]

    @cached_property
    def weight_total(self) -> float:
        """The summed weight of the content words (1 when there are none)."""
        return sum(self.weights[i] for i in self.content_indices) or 1.0

    @cached_property
    def wholes(self) -> list[str]:
        """Each word without hyphens and slashes."""
        return [low.replace("-", "").replace("/", "") for low in self.lows]

    @cached_property
    def parts(self) -> list[list[str]]:
        """The parts of each word, split at hyphens and slashes."""
        return [[p for p in PARTS.split(low) if p] for low in self.lows]

    @cached_property
    def bases(self) -> list[str | None]:
        """``negated_base`` of each word."""
        return list(map(negated_base, self.lows))

    @cached_property
    def keys(self) -> list[MatchKeys]:
        """``match_keys`` of each word."""
        return list(map(match_keys, self.lows, self.stems))

    @cached_property
    def _bares(self) -> list[str]:
        """Each word without hyphens or a final s (the second of ``match_keys``)."""
        return [low.replace("-", "").rstrip("s") for low in self.lows]

    @cached_property
    def _families(self) -> list[str]:
        """Each word's family key as a word met second (empty for a stem under seven letters)."""
        return [s[:7] if len(s) >= 7 else "" for s in self.stems]

    @cached_property
    def _positions(self) -> tuple[dict[str, list[int]], ...]:
        """Where each stem, bare word and family key occurs, in order: one pass over the
        words, so that a text with a word repeated thousands of times is not searched again
        for each."""
        found: tuple[dict[str, list[int]], ...] = ({}, {}, {})
        for values, where in zip((self.stems, self._bares, self._families), found, strict=True):
            for i, value in enumerate(values):
                where.setdefault(value, []).append(i)
        return found

    @cached_property
    def key_sets(self) -> tuple[set[str], set[str], set[str]]:
        """The stems, bare words and family keys of the words, as sets."""
        families = set(self._families)
        families.discard("")
        return set(self.stems), set(self._bares), families

    @cached_property
    def lookup_keys(self) -> set[str]:
        """The words, and the words without a final s: what an abbreviation is looked up by."""
        return set(self.lows) | {low.removesuffix("s") for low in self.lows}

    def matching(self, keys: MatchKeys) -> set[int]:
        """Indices of the words that are ``same_word`` as a word with these ``match_keys``."""
        stems, bares, families = self.key_sets
        found: set[int] = set()
        by_stem, by_bare, by_family = self._positions
        if keys[0] in stems:
            found.update(by_stem[keys[0]])
        if keys[1] in bares:
            found.update(by_bare[keys[1]])
        if keys[2] and keys[2] in families:
            found.update(by_family[keys[2]])
        return found

    def matches_once(self, keys: MatchKeys) -> bool:
        """``len(matching(keys)) == 1``, from counts: a key met twice is two words, and keys
        met once are one word when they are met at the same place. Counting (in C) is much
        cheaper than ``_positions``, which a claim checked against itself never needs."""
        met = [(self.stems, keys[0]), (self._bares, keys[1])]
        if keys[2]:
            met.append((self._families, keys[2]))
        counted = [(values.count(key), values, key) for values, key in met]
        if any(count > 1 for count, _, _ in counted):
            return False
        return len({values.index(key) for count, values, key in counted if count}) == 1

    def is_match(self, j: int, keys: MatchKeys) -> bool:
        """True when word ``j`` is ``same_word`` as a word with these ``match_keys`` (in
        constant time: ``j in matching(keys)`` builds every position of a repeated word)."""
        return (
            self.stems[j] == keys[0]
            or self._bares[j] == keys[1]
            or (bool(keys[2]) and self._families[j] == keys[2])
        )

    def nearest_match(self, keys: MatchKeys, after: int) -> int | None:
        """The word ``same_word`` as one with these ``match_keys`` nearest to position
        ``after + 1`` (the earlier of two as near), found by bisection in its sorted positions."""
        if keys not in self._sorted_matches:
            self._sorted_matches[keys] = sorted(self.matching(keys))
        found = self._sorted_matches[keys]
        if not found:
            return None
        k = bisect.bisect_left(found, after + 1)
        near = found[max(k - 1, 0) : k + 1]
        return min(near, key=lambda j: (abs(j - after - 1), j))

    def has_match(self, keys: MatchKeys) -> bool:
        """True when some word is ``same_word`` as a word with these ``match_keys``."""
        stems, bares, families = self.key_sets
        return keys[0] in stems or keys[1] in bares or (bool(keys[2]) and keys[2] in families)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The text's tokens, as ``tokenize`` gives them."""
        return tuple(
            Token(word, low, s, start, start + len(word), i)
            for i, (word, low, s, start) in enumerate(
                zip(self.words, self.lows, self.stems, self.starts, strict=True)
            )
        )

    @cached_property
    def form_index(self) -> dict[str, int]:
        """Each form of the words (``forms_of``) with the first word known by it."""
        where: dict[str, int] = {}
        for i, low in enumerate(self.lows):
            if "-" in low or "/" in low:
                for key in forms_of(low):
                    where.setdefault(key, i)
            else:  # a word's only form is itself
                where.setdefault(low, i)
        return where

    @cached_property
    def form_set(self) -> set[str]:
        """Every form of the words and the words themselves: for a word without hyphens or
        slashes, membership here is membership in ``form_index``."""
        found = set(self.lows)
        for low in self.lows:
            if "-" in low or "/" in low:
                found |= forms_of(low)
        return found

    @cached_property
    def titled(self) -> list[bool]:
        """True for each capitalised word of letters only (what ``acronym_runs`` are made of)."""
        return [w[:1].isupper() and w.isalpha() for w in self.words]

    @cached_property
    def acronym_runs(self) -> dict[str, list[int]]:
        """Initials of runs of 2-5 capitalised words: "Large Language Models" -> {"llm": [..]}."""
        titled = self.titled
        runs: dict[str, list[int]] = {}
        for i in range(len(titled)):
            if not titled[i]:
                continue
            for n in range(2, 6):
                if i + n > len(titled) or not all(titled[i : i + n]):
                    break
                runs.setdefault(
                    "".join(low[0] for low in self.lows[i : i + n]), list(range(i, i + n))
                )
        return runs

    @cached_property
    def capital_indices(self) -> list[int]:
        """Indices of the words written in capitals (LLM, TNF)."""
        return [i for i, word in enumerate(self.words) if word.isupper()]

    @cached_property
    def capitals(self) -> dict[str, int]:
        """Each all-capitals word (without a final s) with the first word that spells it."""
        found: dict[str, int] = {}
        for i, word in enumerate(self.words):
            if word.isupper():
                found.setdefault(self.lows[i].rstrip("s"), i)
        return found

    @cached_property
    def synonym_of(self) -> list[str | None]:
        """The ``SYNONYM_CLASS`` of each word, if it has one."""
        return [SYNONYM_CLASS.get(key) for key in self.stems]

    @cached_property
    def synonyms(self) -> dict[str, list[int]]:
        """Each ``SYNONYM_CLASS`` of the words with the words of that class, in order."""
        found: dict[str, list[int]] = {}
        for i, kind in enumerate(self.synonym_of):
            if kind is not None:
                found.setdefault(kind, []).append(i)
        return found

    @cached_property
    def roots(self) -> dict[str, list[int]]:
        """Each of ``_roots`` of the words with the words that have it, in order."""
        found: dict[str, list[int]] = {}
        for i, key in enumerate(self.stems):
            for root in roots_of(key):
                found.setdefault(root, []).append(i)
        return found

    @cached_property
    def negated_bases(self) -> dict[str, int]:
        """The stem each word with a negative prefix negates (and its family key, the first
        seven letters of a longer stem), with the first word doing so."""
        found: dict[str, int] = {}
        for i, base in enumerate(self.bases):
            if base is not None:
                found.setdefault(base, i)
                if len(base) >= 7:
                    found.setdefault(base[:7], i)
        return found

    @cached_property
    def entity(self) -> list[bool]:
        """``is_entity`` of each word."""
        words = self.words
        return [is_entity(words, i) for i in range(len(words))]

    @cached_property
    def negation(self) -> list[bool]:
        """``Token.is_negation`` of each token."""
        return [t.is_negation for t in self.tokens]

    @cached_property
    def polarity(self) -> list[tuple[str, int] | None]:
        """``polarity`` of each token."""
        return list(map(word_polarity, self.stems, self.lows))

    @cached_property
    def number(self) -> list[float | None]:
        """``number_value`` of each word; a number followed by a scale word takes its scale
        ("16 million"), and the scale word is then no number of its own."""
        values = list(map(word_number, self.words, self.lows))
        lows = self.lows
        for i in range(len(values) - 1):
            value, scale = values[i], SCALES.get(lows[i + 1])
            if value is not None and scale is not None and not word_is_year(self.words[i]):
                values[i], values[i + 1] = value * scale, None
        return values

    @cached_property
    def year(self) -> list[bool]:
        """``word_is_year`` of each word."""
        return list(map(word_is_year, self.words))

    @cached_property
    def month(self) -> list[bool]:
        """True for each month name written with a capital (May, not may)."""
        return [
            low in MONTHS and w[:1].isupper() for w, low in zip(self.words, self.lows, strict=True)
        ]

    @cached_property
    def _clause_starts(self) -> list[int]:
        """The index of the first word of each clause after the first: after a semicolon or
        colon, or at "but", "whereas", "although", "though", "however", "while"."""
        starts = []
        for i in range(1, len(self.words)):
            between = self.text[self.starts[i - 1] + len(self.words[i - 1]) : self.starts[i]]
            if ";" in between or ":" in between or self.lows[i] in _CLAUSE_WORDS:
                starts.append(i)
        return starts

    def clause_start(self, i: int) -> int:
        """The index of the first word of the clause word ``i`` is in."""
        k = bisect.bisect_right(self._clause_starts, i)
        return self._clause_starts[k - 1] if k else 0

    @cached_property
    def bounds(self) -> dict[int, tuple[int, bool, tuple[int, ...]]]:
        """Each number made a bound by the words before it ("more than 13", "before 1940"):
        its index with (sign, inclusive, the indices of the bound's words)."""
        found = {}
        lows, number = self.lows, self.number
        for i, value in enumerate(number):
            if value is None:
                continue
            for n in (2, 1):
                key = tuple(lows[max(i - n, 0) : i])
                if i >= n and key in BOUNDS:
                    sign, inclusive = BOUNDS[key]
                    found[i] = (sign, inclusive, tuple(range(i - n, i)))
                    break
        return found

    @cached_property
    def low_counts(self) -> Counter[str]:
        """How often each lower-cased word occurs."""
        return Counter(self.lows)


@lru_cache(maxsize=1024)
def words_of(text: str) -> Words:
    """The ``Words`` of a text, cached: a claim meets many sentences, a sentence many claims."""
    return Words(text)
