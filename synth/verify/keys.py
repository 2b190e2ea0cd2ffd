"""The keys by which a word of one text is matched with a word of another (pure).

Two words are the same word when their stems or bare forms are equal, when both share a long
stem's first seven letters (a word family), when one is a part of the other's compound, or
when a noun in -ion comes from the verb the other is a form of (infection / infected).
``Words`` indexes a text's words by these keys, and ``coverage_ceiling`` bounds an alignment
with them before any word is paired.
"""

from __future__ import annotations

import re
from functools import lru_cache

from synth.verify.lexicon import SYNONYM_CLASS, Token, negated_base, stem

MatchKeys = tuple[str, str, str]
PARTS = re.compile(r"[-/]")  # what joins the parts of a compound (CX3CR1-deficient, A/B)


def forms_of(low: str) -> set[str]:
    """The keys a lower-cased word is known by: itself without hyphens and each part of a
    compound."""
    if "-" not in low and "/" not in low:
        return {low}
    parts = [p for p in PARTS.split(low) if p]
    return {low.replace("-", "").replace("/", ""), *parts}


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


def derived_root(stem_key: str) -> str | None:
    """The stem of the verb a noun in -ion is derived from, when five letters or more remain
    (``infection`` -> ``infect``, ``elevation`` -> ``elevat``, ``induction`` -> ``induc``),
    else None."""
    if not stem_key.endswith("ion") or not stem_key.isalpha():
        return None
    root = stem_key[:-4] if stem_key.endswith("uction") else stem_key[:-3]
    return root if len(root) >= 5 else None


@lru_cache(maxsize=65536)
def word_universe(low: str) -> frozenset[str]:
    """A word's share of ``Words.match_universe``, cached: most words recur in every text."""
    stem_key = stem(low)
    keys = {stem_key, low.replace("-", "").rstrip("s"), *forms_of(low)}
    if len(stem_key) >= 7:
        keys.add(stem_key[:7])
    if (base := negated_base(low)) is not None:
        keys.add(base)
        if len(base) >= 7:
            keys.add(base[:7])
    if (kind := SYNONYM_CLASS.get(stem_key)) is not None:
        keys.add(f"~{kind}")
    keys.update(f"^{root}" for root in roots_of(stem_key))
    return frozenset(keys)


def roots_of(stem_key: str) -> tuple[str, ...]:
    """What a word is compared by with words derived from the same verb: its stem, and the
    stem of the verb a noun in -ion comes from (infection / infected)."""
    root = derived_root(stem_key)
    return (stem_key,) if root is None else (stem_key, root)
