"""The synthesis of one record: the evidence map, what every claim counts as, the findings
and the counts, all derived from the question, ``sources.bib`` and ``claims.yaml`` (pure).

The site build, ``synth show``, ``synth diff`` and the page history all call
``synthesise``; none of it needs numpy, so a build stays light.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from synth.citation import has_several_authors
from synth.models import ClaimResult, Concept, Question, Source
from synth.synthesis.evidence import EvidenceMap, Mention, evidence_map, source_mentions
from synth.synthesis.findings import KINDS, Finding, Judged, findings, judge
from synth.synthesis.mentions import Terms, terms_for
from synth.synthesis.reading import Reading, proper_words, rewrite
from synth.text import split_sentences


@dataclass(frozen=True)
class Synthesis:
    """Everything a report says about its question, beyond the record itself."""

    question: Question
    map: EvidenceMap
    claims: tuple[Judged, ...]  # every claim of the record, in its order
    findings: tuple[Finding, ...]  # the counted claims, ranked

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """The question's concepts (each keyword one, when it names none)."""
        return self.map.concepts

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Each claim's kind by claim id."""
        return {j.result.claim.id: j.kind for j in self.claims}

    def claim_counts(self) -> Counter[str]:
        """Every claim of the record by kind."""
        return Counter(j.kind for j in self.claims)

    def finding_counts(self) -> Counter[str]:
        """The findings (the evidence about the question) by kind."""
        return Counter(f.kind for f in self.findings)

    def findings_for(self, concept: int) -> tuple[Finding, ...]:
        """The findings that mention ``concept``, in rank order."""
        return tuple(f for f in self.findings if concept in f.concepts)

    @property
    def set_aside(self) -> tuple[Judged, ...]:
        """Claims that are not findings: from an off-topic source, or about no concept."""
        return tuple(j for j in self.claims if not j.counted)

    @property
    def on_topic(self) -> tuple[str, ...]:
        """The keys of the sources that count as evidence."""
        return tuple(s.key for s in self.map.sources if s.counted)

    @property
    def off_topic(self) -> tuple[str, ...]:
        """The keys of the off-topic sources."""
        return tuple(s.key for s in self.map.sources if s.off_topic)


class _SourceTerms:
    """Each source's concept terms, with the abbreviations its abstract defines."""

    def __init__(self, base: Terms, sources: Sequence[Source]) -> None:
        self._base = base
        self._texts = {s.key: f"{s.title}. {s.abstract}" for s in sources}
        self._known: dict[str, Terms] = {"": base}

    def __call__(self, key: str) -> Terms:
        if key not in self._known:
            text = self._texts.get(key)
            self._known[key] = self._base.for_abstract(text) if text else self._base
        return self._known[key]


def synthesise(
    question: Question, sources: Sequence[Source], results: Sequence[ClaimResult]
) -> Synthesis:
    """The synthesis of a question's record."""
    concepts = question.effective_concepts
    terms_of = _SourceTerms(terms_for(concepts), sources)
    mentions: dict[str, list[Mention]] = {
        s.key: source_mentions(terms_of(s.key), s) for s in sources
    }
    the_map = evidence_map(concepts, sources, mentions)
    judged = tuple(judge(r, the_map, terms_of) for r in results)
    by_key = {s.key: s for s in sources}
    readings = {
        j.result.claim.id: _reading(j.result.claim.text, by_key[j.source])
        for j in judged
        if j.counted and not j.hand_written and j.source in by_key
    }
    return Synthesis(question, the_map, judged, findings(judged, readings))


def _reading(sentence: str, source: Source) -> Reading:
    names = proper_words(split_sentences(source.abstract))
    return rewrite(sentence, has_several_authors(source), names)


__all__ = ["KINDS", "Synthesis", "synthesise"]
