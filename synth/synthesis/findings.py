"""What each claim counts as, and the findings a reader is shown (pure).

The verifier says whether a sentence supports a claim; the synthesis says what that
is worth. A claim extracted from a source and found in that same source is *quoted*:
finding it there proves only that it was copied. It is *corroborated* when a source
other than its own supports it, *contradicted* when another source states the opposite.
A claim written in the question is *verified* when its source (or, without one, any
source) supports it, otherwise *not found* or *contradicted*.

No support counts unless the supporting sentence mentions every concept of the question
the claim mentions: a sentence that merely shares the claim's topic ("... a
Mixture-of-Experts model") never supports a hypothesis about more ("mixture of experts
models are more robust ..."). The same finding stated by two sources (each supports the
other's claim) is one finding with both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from synth.models import QUESTION_ORIGIN, ClaimResult, Evidence
from synth.synthesis.evidence import EvidenceMap
from synth.synthesis.mentions import Terms, concept_names
from synth.synthesis.reading import Reading

KINDS = ("quoted", "verified", "corroborated", "contradicted", "not-found")
SUPPORTED_KINDS = ("verified", "corroborated")


@dataclass(frozen=True)
class Judged:
    """A claim as the synthesis counts it."""

    result: ClaimResult
    kind: str  # one of KINDS
    source: str  # the source it comes from or is credited to ("" when none)
    concepts: tuple[int, ...]  # the question's concepts the claim mentions
    supporting: tuple[str, ...]  # other sources that support it, concepts and all
    contradicting: tuple[str, ...]  # other sources that state the opposite
    reason: str = ""  # why the verifier's "supported" does not count, when it does not
    counted: bool = False  # on topic and about a concept: one of the findings

    @property
    def hand_written(self) -> bool:
        """True for a claim written in the question."""
        return self.result.claim.origin == QUESTION_ORIGIN


@dataclass(frozen=True)
class Finding:
    """One row of "what the sources say": a claim, or the same claim from several sources."""

    id: str  # the id of its leading claim
    claim_ids: tuple[str, ...]
    quote: str  # the verbatim sentence: the evidence (for a claim not found, the closest one)
    source: str  # the key of the source it comes from or is credited to
    kind: str
    supporting: tuple[str, ...]
    contradicting: tuple[str, ...]
    concepts: tuple[int, ...]
    confidence: float
    written: str = ""  # a claim written in the question, as written
    reading: Reading | None = None  # an extracted claim, rewritten for a reader
    reason: str = ""
    quote_source: str = ""  # the key of the source of ``quote``

    def text(self, cite: Callable[[str], str]) -> str:
        """The reader's version, citing the source with ``cite(key)``."""
        if self.reading is not None and self.source:
            return self.reading.text(cite(self.source))
        return self.written or self.quote


def judge(
    result: ClaimResult, evidence_map: EvidenceMap, terms_of: Callable[[str], Terms]
) -> Judged:
    """What one claim counts as (see the module docstring); ``terms_of(key)`` gives the
    concept terms of a source's abstract (its own abbreviations included)."""
    claim, verdict = result.claim, result.verdict
    hand_written = claim.origin == QUESTION_ORIGIN
    evidence = verdict.evidence
    decided = verdict.label in ("supported", "contradicted") and evidence is not None
    own = claim.source if hand_written else claim.origin
    own = own or (evidence.source if decided and evidence is not None else "")
    concepts = tuple(sorted(terms_of("" if hand_written else own).mentions(claim.text)))
    wanted = frozenset(concepts)

    def states(e: Evidence) -> bool:
        return wanted <= terms_of(e.source).mentions(e.sentence)

    supporting = _keys(e for e in result.supporting if e.source != own and states(e))
    contradicting = _keys(e for e in result.contradicting if e.source != own and states(e))
    reason = ""
    if not hand_written:
        kind = "contradicted" if contradicting else "corroborated" if supporting else "quoted"
    else:
        kind = {"supported": "verified", "contradicted": "contradicted"}.get(verdict.label, "")
        if kind and evidence is not None and not states(evidence):
            reason, kind = _missing(wanted, evidence, terms_of, evidence_map), ""
        if contradicting:
            kind = "contradicted"
        kind = kind or ("corroborated" if supporting else "not-found")
        if kind == "not-found" and not claim.source:
            own = ""  # the closest sentence is no source of it
    coverage = evidence_map.coverage(own) if own else None
    on_topic = coverage.counted if coverage is not None else hand_written
    return Judged(
        result, kind, own, concepts, supporting, contradicting, reason, on_topic and bool(wanted)
    )


def _keys(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    return tuple(sorted({e.source for e in evidence}))


def _missing(
    wanted: frozenset[int],
    evidence: Evidence,
    terms_of: Callable[[str], Terms],
    evidence_map: EvidenceMap,
) -> str:
    """Why topical evidence is not support: the concepts of the claim it leaves out."""
    stated = terms_of(evidence.source).mentions(evidence.sentence)
    missing = " and ".join(concept_names(evidence_map.concepts, wanted - stated))
    return f"the closest sentence does not mention {missing}"


def findings(judged: Sequence[Judged], readings: dict[str, Reading]) -> tuple[Finding, ...]:
    """The counted claims as findings, one per finding stated by several sources, ranked:
    most of the question's concepts connected first, then by confidence."""
    counted = [j for j in judged if j.counted]
    groups = _same_findings(counted)
    rows = []
    for group in groups:
        lead = min(group, key=_rank)
        sources = {j.source for j in group if j.source}
        supporting = {k for j in group for k in j.supporting} | sources
        contradicting = {k for j in group for k in j.contradicting}
        kind = lead.kind
        if len(group) > 1:
            kind = "contradicted" if contradicting else "corroborated"
        claim = lead.result.claim
        rows.append(
            Finding(
                id=claim.id,
                claim_ids=tuple(sorted(j.result.claim.id for j in group)),
                quote=_quote(lead),
                source=lead.source,
                kind=kind,
                supporting=tuple(sorted(supporting - {lead.source})),
                contradicting=tuple(sorted(contradicting)),
                concepts=tuple(sorted({c for j in group for c in j.concepts})),
                confidence=lead.result.verdict.confidence,
                written=claim.text if lead.hand_written else "",
                reading=None if lead.hand_written else readings.get(claim.id),
                reason=lead.reason,
                quote_source=_quote_source(lead),
            )
        )
    return tuple(sorted(rows, key=lambda f: (-len(f.concepts), -f.confidence, f.id)))


def _rank(judged: Judged) -> tuple[int, float, str]:
    return (-len(judged.concepts), -judged.result.verdict.confidence, judged.result.claim.id)


def _quote(judged: Judged) -> str:
    """The verbatim sentence behind a claim: its own text when extracted, else its evidence."""
    evidence = judged.result.verdict.evidence
    if judged.hand_written:
        return evidence.sentence if evidence is not None else ""
    return judged.result.claim.text


def _quote_source(judged: Judged) -> str:
    evidence = judged.result.verdict.evidence
    if judged.hand_written:
        return evidence.source if evidence is not None else ""
    return judged.source


def _same_findings(judged: Sequence[Judged]) -> list[list[Judged]]:
    """Claims grouped into findings: two extracted claims are one finding when each one's
    source supports the other's claim (and so on, transitively); the rest stand alone."""
    items = sorted(judged, key=lambda j: j.result.claim.id)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if (
                not a.hand_written
                and not b.hand_written
                and a.source != b.source
                and b.source in a.supporting
                and a.source in b.supporting
            ):
                parent[root(j)] = root(i)
    groups: dict[int, list[Judged]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())
