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

from collections import Counter
from functools import cached_property, lru_cache

from synth.lexicon import (
    NEGATIONS,
    STOPWORDS,
    Token,
    is_entity,
    is_year,
    negated_base,
    number_value,
    polarity,
    stem,
    word_matches,
)

MatchKeys = tuple[str, str, str]


def match_keys(low: str, stem_key: str) -> MatchKeys:
    """The keys ``same_word`` compares, as (stem, word without hyphens or a final s, family).

    Two words are the same word when their stems or bare words are equal, or when both
    stems have seven letters or more and share the first seven (the family key, empty
    for a shorter stem or for a first word that is not purely alphabetic).
    """
    bare = low.replace("-", "")
    family = stem_key[:7] if len(stem_key) >= 7 and bare.isalpha() else ""
    return stem_key, bare.rstrip("s"), family


def token_keys(token: Token) -> MatchKeys:
    """``match_keys`` of a token."""
    return match_keys(token.low, token.stem)


class Words:
    """A text's words, their stems and match keys, and facts about each worked out on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = word_matches(text)
        self.starts = [start for start, _ in found]
        self.words = [word for _, word in found]
        self.lows = [word.lower() for word in self.words]
        self.stems = list(map(stem, self.lows))

    @cached_property
    def content(self) -> list[bool]:
        """``Token.is_content`` of each word, without building the tokens."""
        return [low not in STOPWORDS and low not in NEGATIONS and len(low) > 1 for low in self.lows]

    @cached_property
    def keys(self) -> list[MatchKeys]:
        """``match_keys`` of each word."""
        return [match_keys(low, s) for low, s in zip(self.lows, self.stems, strict=True)]

    @cached_property
    def _index(self) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        """The words by stem, by bare word and by family key (of a word met second)."""
        by_stem: dict[str, list[int]] = {}
        by_bare: dict[str, list[int]] = {}
        by_family: dict[str, list[int]] = {}
        for i, (stem_key, bare, _) in enumerate(self.keys):
            by_stem.setdefault(stem_key, []).append(i)
            by_bare.setdefault(bare, []).append(i)
            if len(stem_key) >= 7:
                by_family.setdefault(stem_key[:7], []).append(i)
        return by_stem, by_bare, by_family

    @cached_property
    def _key_sets(self) -> tuple[set[str], set[str], set[str]]:
        """The stems, bare words and family keys of the words, as sets."""
        bares = {low.replace("-", "").rstrip("s") for low in self.lows}
        return set(self.stems), bares, {s[:7] for s in self.stems if len(s) >= 7}

    def matching(self, keys: MatchKeys) -> set[int]:
        """Indices of the words that are ``same_word`` as a word with these ``match_keys``."""
        by_stem, by_bare, by_family = self._index
        found = set(by_stem.get(keys[0], ()))
        found.update(by_bare.get(keys[1], ()))
        if keys[2]:
            found.update(by_family.get(keys[2], ()))
        return found

    def has_match(self, keys: MatchKeys) -> bool:
        """True when some word is ``same_word`` as a word with these ``match_keys``."""
        stems, bares, families = self._key_sets
        return keys[0] in stems or keys[1] in bares or (bool(keys[2]) and keys[2] in families)

    def stem_positions(self, stem_key: str) -> list[int]:
        """Indices of the words whose stem is ``stem_key``, in order."""
        return self._index[0].get(stem_key, [])

    def has_stem(self, stem_key: str) -> bool:
        """True when some word's stem is ``stem_key``."""
        return stem_key in self._key_sets[0]

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
    def negated_bases(self) -> dict[str, int]:
        """The stem each word with a negative prefix negates, with the first word doing so."""
        found: dict[str, int] = {}
        for i, low in enumerate(self.lows):
            base = negated_base(low)
            if base is not None:
                found.setdefault(base, i)
        return found

    @cached_property
    def entity(self) -> tuple[bool, ...]:
        """``is_entity`` of each token."""
        return tuple(is_entity(self.tokens, i) for i in range(len(self.tokens)))

    @cached_property
    def negation(self) -> tuple[bool, ...]:
        """``Token.is_negation`` of each token."""
        return tuple(t.is_negation for t in self.tokens)

    @cached_property
    def polarity(self) -> tuple[tuple[str, int] | None, ...]:
        """``polarity`` of each token."""
        return tuple(polarity(t) for t in self.tokens)

    @cached_property
    def number(self) -> tuple[float | None, ...]:
        """``number_value`` of each token."""
        return tuple(number_value(t) for t in self.tokens)

    @cached_property
    def year(self) -> tuple[bool, ...]:
        """``is_year`` of each token."""
        return tuple(is_year(t) for t in self.tokens)

    @cached_property
    def low_counts(self) -> Counter[str]:
        """How often each lower-cased word occurs."""
        return Counter(self.lows)


@lru_cache(maxsize=8192)
def words_of(text: str) -> Words:
    """The ``Words`` of a text, cached: a claim meets many sentences, a sentence many claims."""
    return Words(text)
