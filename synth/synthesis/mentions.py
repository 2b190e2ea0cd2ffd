"""Which of a question's concepts a sentence mentions (pure, deterministic).

A concept is mentioned when one of its terms is: up to case, plurals and other
inflections (the verifier's light stem), hyphens and spaces ("mixture-of-experts",
"pre-trained" and "pretrained"), and abbreviations the abstract itself defines: in
"Mixture of Experts (MoE)" the short form is found by the Schwartz & Hearst (2003)
algorithm the verifier already uses, and when its long form mentions a concept, the
short form becomes a term of that concept for that abstract.

Terms are indexed by their first word, so a sentence is read once, word by word,
whatever the number of terms; and a sentence that contains none of the terms' first four
letters (hyphens aside) is not read at all, which is most sentences of most abstracts.
Nothing here loads numpy: the site build calls it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from synth.models import Concept
from synth.verify.abbreviations import abbreviations
from synth.verify.lexicon import stem

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
# Words joined by hyphens or slashes: "pre-trained" also meets the term "pretrained".
_COMPOUND = re.compile(r"[^\W_]+(?:[-\u2010\u2011/][^\W_]+)+")
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]s$")  # LLMs, MoEs, PCGMs
PREFIX = 4  # letters of a term's first word every inflection of it keeps (its stem's, too)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The form a word is compared in: lower case, no possessive, acronym plurals and
    inflections folded (``LLMs`` -> ``llm``, ``experts`` -> ``expert``)."""
    if _ACRONYM_PLURAL.match(word):
        word = word[:-1]
    return stem(word.replace("\u2019", "'"))


def words_of(text: str) -> list[str]:
    """The words of a text, split at hyphens, slashes and punctuation."""
    return _WORD.findall(text)


class Terms:
    """Every phrase that mentions a concept, indexed for one left-to-right pass."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.concepts = tuple(concepts)
        # first folded word -> [(the folded words after it, concept index)]
        self._phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._prefixes: set[str] = set()  # a sentence without any of these mentions nothing
        self._seen: dict[str, frozenset[int]] = {}  # sentence -> mentions, for this Terms
        self._extended: dict[str, Terms] = {}  # abstract -> these terms with its short forms
        self._longest = 1
        for index, concept in enumerate(self.concepts):
            for term in concept.all_terms:
                self.add(term, index)

    def add(self, term: str, concept: int) -> None:
        """Index one term of concept number ``concept``, spaced and closed up."""
        words = words_of(term)
        folded = tuple(fold(w) for w in words)
        if not folded:
            return
        self._prefixes |= {words[0].lower()[:PREFIX], folded[0][:PREFIX]}
        self._seen.clear()
        self._phrase(folded, concept)
        if len(folded) > 1:
            self._phrase((fold("".join(words_of(term))),), concept)

    def _phrase(self, folded: tuple[str, ...], concept: int) -> None:
        entries = self._phrases.setdefault(folded[0], [])
        if (folded[1:], concept) not in entries:
            entries.append((folded[1:], concept))
            self._longest = max(self._longest, len(folded))

    def copy(self) -> Terms:
        """An independent copy, to add one abstract's abbreviations to."""
        other = Terms(())
        other.concepts = self.concepts
        other._phrases = {k: list(v) for k, v in self._phrases.items()}
        other._prefixes = set(self._prefixes)
        other._longest = self._longest
        return other

    def mentions(self, text: str) -> frozenset[int]:
        """The indices of the concepts ``text`` mentions."""
        found = self._seen.get(text)
        if found is None:
            flat = text.lower().replace("-", "")
            found = self._read(text) if any(p in flat for p in self._prefixes) else _NONE
            self._seen[text] = found
        return found

    def _read(self, text: str) -> frozenset[int]:
        folded = [fold(w) for w in words_of(text)]
        found: set[int] = set()
        for i, first in enumerate(folded):
            for rest, concept in self._phrases.get(first, ()):
                if not rest or tuple(folded[i + 1 : i + 1 + len(rest)]) == rest:
                    found.add(concept)
        for compound in _COMPOUND.findall(text) if "-" in text or "/" in text else ():
            parts = words_of(compound)
            for start in range(len(parts) - 1):
                for end in range(start + 2, len(parts) + 1):
                    for rest, concept in self._phrases.get(fold("".join(parts[start:end])), ()):
                        if not rest:
                            found.add(concept)
        return frozenset(found)

    def for_abstract(self, text: str) -> Terms:
        """These terms plus the short forms ``text`` defines for a concept's long form."""
        known = self._extended.get(text)
        if known is not None:
            return known
        extended = self
        for short, long in sorted(abbreviations(text).items()):
            for concept in sorted(self.mentions(" ".join(long))):
                extended = extended if extended is not self else self.copy()
                extended.add(short, concept)
        self._extended[text] = extended
        return extended


_NONE: frozenset[int] = frozenset()


@lru_cache(maxsize=256)
def terms_for(concepts: tuple[Concept, ...]) -> Terms:
    """The terms of a question's concepts, built once per set of concepts (a build or a
    history synthesises the same question many times)."""
    return Terms(concepts)


def concept_names(concepts: Sequence[Concept], indices: Iterable[int]) -> tuple[str, ...]:
    """The names of the concepts at ``indices``, in the question's order."""
    return tuple(concepts[i].name for i in sorted(set(indices)))
