"""The evidence map: which sources mention each concept, which pairs a sentence connects,
and the gaps no sentence closes (pure).

A source connects two concepts only when one of its sentences (its title counts as one)
mentions both: a source that says "robust" in one sentence and "mixture of experts" in
another relates neither to the other. A source that mentions none of the question's
concepts, or only one when the question has three or more, is off-topic: it stays in the
record, is listed apart, and counts for nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from synth.models import Concept, Source
from synth.synthesis.mentions import Terms
from synth.text import split_sentences

TITLE = 0  # a source's sentences are numbered from its title; the abstract starts at 1
MANY_CONCEPTS = 3  # from this many concepts on, a source mentioning one is off-topic


@dataclass(frozen=True)
class Mention:
    """One sentence of a source and the concepts it mentions (indices into the question's)."""

    source: str
    index: int  # TITLE, or the position in the abstract counted from 1
    text: str
    concepts: frozenset[int]


@dataclass(frozen=True)
class SourceCoverage:
    """What one source says of the question's concepts."""

    key: str
    concepts: tuple[int, ...]  # the concepts some sentence of it mentions, in question order
    evidence: tuple[Mention, ...]  # per mentioned concept, the sentence that shows it
    off_topic: bool
    retracted: bool = False

    @property
    def counted(self) -> bool:
        """True when the source counts as evidence: on topic and not retracted."""
        return not self.off_topic and not self.retracted

    def sentence_for(self, concept: int) -> Mention | None:
        """The sentence that shows this source mentions ``concept``."""
        return next((m for m in self.evidence if concept in m.concepts), None)


@dataclass(frozen=True)
class Connection:
    """A set of concepts (a pair, or all of them), and the sentences that mention them all."""

    concepts: tuple[int, ...]
    mentions: tuple[Mention, ...]  # the first such sentence of each source, by source key

    @property
    def sources(self) -> tuple[str, ...]:
        """The keys of the sources that connect the concepts."""
        return tuple(m.source for m in self.mentions)


@dataclass(frozen=True)
class EvidenceMap:
    """Concepts x sources, the connections between concepts, and the gaps."""

    concepts: tuple[Concept, ...]
    sources: tuple[SourceCoverage, ...]  # every source of the record, by key
    pairs: tuple[Connection, ...]  # every pair of concepts, in question order
    whole: Connection | None  # all the concepts together, when there are three or more
    gaps: tuple[tuple[int, ...], ...]  # concepts no source mentions, then unconnected sets

    def coverage(self, key: str) -> SourceCoverage | None:
        """The coverage of source ``key``."""
        return next((s for s in self.sources if s.key == key), None)

    def sources_of(self, concept: int) -> tuple[str, ...]:
        """The counted sources that mention ``concept``."""
        return tuple(s.key for s in self.sources if s.counted and concept in s.concepts)


def is_off_topic(mentioned: int, concepts: int) -> bool:
    """None of the concepts, or only one of three or more, is too little to be on topic."""
    if concepts == 0:
        return False  # nothing to judge by
    return mentioned == 0 or (mentioned == 1 and concepts >= MANY_CONCEPTS)


def source_mentions(terms: Terms, source: Source) -> list[Mention]:
    """Every sentence of a source (its title first) with the concepts it mentions."""
    sentences = [source.title, *split_sentences(source.abstract)]
    return [
        Mention(source.key, index, text, terms.mentions(text))
        for index, text in enumerate(sentences)
        if text
    ]


def coverage_of(mentions: Sequence[Mention], source: Source, concepts: int) -> SourceCoverage:
    """A source's coverage: per concept the sentence mentioning it together with the most
    other concepts (the earliest of equals)."""
    mentioned = sorted({c for m in mentions for c in m.concepts})
    shown: list[Mention] = []
    for concept in mentioned:
        best = max(
            (m for m in mentions if concept in m.concepts),
            key=lambda m: (len(m.concepts), -m.index),
        )
        if best not in shown:
            shown.append(best)
    return SourceCoverage(
        key=source.key,
        concepts=tuple(mentioned),
        evidence=tuple(shown),
        off_topic=is_off_topic(len(mentioned), concepts),
        retracted=source.retracted,
    )


def connection(concepts: tuple[int, ...], by_source: dict[str, list[Mention]]) -> Connection:
    """The first sentence of each source that mentions all of ``concepts``."""
    wanted = frozenset(concepts)
    found = []
    for key in sorted(by_source):
        first = next((m for m in by_source[key] if wanted <= m.concepts), None)
        if first is not None:
            found.append(first)
    return Connection(concepts, tuple(found))


def evidence_map(
    concepts: Sequence[Concept], sources: Sequence[Source], mentions: dict[str, list[Mention]]
) -> EvidenceMap:
    """The evidence map of ``sources`` (with each one's ``mentions``) for ``concepts``."""
    n = len(concepts)
    coverages = tuple(
        coverage_of(mentions.get(s.key, []), s, n) for s in sorted(sources, key=lambda s: s.key)
    )
    counted = {c.key: mentions.get(c.key, []) for c in coverages if c.counted}
    pairs = tuple(connection(pair, counted) for pair in combinations(range(n), 2))
    whole = connection(tuple(range(n)), counted) if n >= MANY_CONCEPTS else None
    anywhere = {c for s in coverages if not s.retracted for c in s.concepts}
    unmentioned = [(c,) for c in range(n) if c not in anywhere]
    unconnected = [p.concepts for p in pairs if not p.mentions]
    if whole is not None and not whole.mentions:
        unconnected.append(whole.concepts)
    return EvidenceMap(tuple(concepts), coverages, pairs, whole, tuple(unmentioned + unconnected))
