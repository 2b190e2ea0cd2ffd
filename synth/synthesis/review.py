"""Review: a quality score of the record out of 10 from several transparent reviewers (pure).

Each reviewer looks at one thing a reader would ask about, gives a sub-score out
of 10 and says why in one line; the report shows all of them. The overall score
is the weighted mean of the reviewers that scored. Everything is computed from the
stored record, so the score changes only when the record does.

No reviewer scores what is trivially true: a claim quoted from an abstract is found in
that abstract, which proves nothing, so it counts for no reviewer but the one that asks
whether a second source supports it. A reviewer with nothing to judge (no sources, no
claim written with the question, no concepts) gives no score, not a zero or a ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from synth.models import ClaimResult, Question, Review, ReviewerScore, Source
from synth.synthesis.findings import SUPPORTED_KINDS
from synth.synthesis.synthesise import Synthesis

RECENT_YEARS = 5


@dataclass(frozen=True)
class ReviewInput:
    """What the reviewers look at: the record and its synthesis."""

    question: Question
    sources: Sequence[Source]
    results: Sequence[ClaimResult]
    reference_year: int | None  # the year "recent" is measured from: retrieval, else newest source
    synthesis: Synthesis


def _clamp(score: float) -> float:
    return round(max(0.0, min(10.0, score)), 1)


def _none(name: str, reason: str) -> ReviewerScore:
    """A reviewer with nothing to judge: no score, and why."""
    return ReviewerScore(name, None, reason)


def verification(data: ReviewInput) -> ReviewerScore:
    """Share of the question's own claims (about its concepts, on topic) that a source supports.

    Claims quoted from an abstract are left out: finding them there is trivially true.
    """
    written = [j for j in data.synthesis.claims if j.hand_written and j.counted]
    if not written:
        return _none("Verification", "no claim written with the question is about its concepts")
    supported = sum(j.kind in SUPPORTED_KINDS for j in written)
    return ReviewerScore(
        "Verification",
        _clamp(10 * supported / len(written)),
        f"{supported} of {len(written)} claims written with the question supported",
    )


def independence(data: ReviewInput) -> ReviewerScore:
    """Share of the findings quoted from one source that a second source also supports."""
    taken = [j for j in data.synthesis.claims if not j.hand_written and j.counted]
    if not taken:
        return _none("Independence", "no finding was extracted from an on-topic source")
    seconded = sum(bool(j.supporting) for j in taken)
    return ReviewerScore(
        "Independence",
        _clamp(10 * seconded / len(taken)),
        f"{seconded} of {len(taken)} extracted findings also supported by another source",
    )


def evidence_strength(data: ReviewInput) -> ReviewerScore:
    """Mean confidence of the support behind the findings a source supports (not quotes)."""
    supported = [f for f in data.synthesis.findings if f.kind in SUPPORTED_KINDS]
    if not supported:
        return _none("Evidence strength", "no finding is supported beyond being quoted")
    mean = sum(f.confidence for f in supported) / len(supported)
    return ReviewerScore(
        "Evidence strength",
        _clamp(10 * mean),
        f"mean confidence {mean:.2f} over {len(supported)} supported findings",
    )


def coverage(data: ReviewInput) -> ReviewerScore:
    """Number of sources against the question's limit, and how many databases and venues."""
    count = len(data.sources)
    if not count:
        return _none("Sources", "no sources in the record")
    with_abstract = sum(bool(s.abstract) for s in data.sources)
    origins = {d for s in data.sources for d in s.databases}
    venues = {s.venue.split(";")[0].strip().lower() for s in data.sources if s.venue}
    amount = min(1.0, with_abstract / max(1, min(data.question.search.limit, 10)))
    diversity = min(1.0, len(venues) / 5)
    return ReviewerScore(
        "Sources",
        _clamp(7 * amount + 3 * diversity),
        f"{count} sources ({with_abstract} with abstracts) from {len(origins)} "
        f"database(s) or import(s), {len(venues)} venues",
    )


def recency(data: ReviewInput) -> ReviewerScore:
    """Share of sources from the last few years before the record was made."""
    years = [s.year for s in data.sources if s.year]
    if not years or data.reference_year is None:
        return _none("Recency", "no publication years recorded")
    recent = sum(y > data.reference_year - RECENT_YEARS for y in years)
    return ReviewerScore(
        "Recency",
        _clamp(10 * recent / len(years)),
        f"{recent} of {len(years)} sources from {data.reference_year - RECENT_YEARS + 1} "
        f"to {data.reference_year}; median year {median(years):g}",
    )


def topicality(data: ReviewInput) -> ReviewerScore:
    """Share of the sources that are on topic: they mention enough of the question's concepts."""
    mapped = data.synthesis.map
    if not data.sources or not mapped.concepts:
        return _none("Relevance", "no sources, or no concepts to judge them by")
    on_topic = len(data.synthesis.on_topic)
    return ReviewerScore(
        "Relevance",
        _clamp(10 * on_topic / len(data.sources)),
        f"{on_topic} of {len(data.sources)} sources on topic",
    )


def question_coverage(data: ReviewInput) -> ReviewerScore:
    """Share of the pairs of the question's concepts that some sentence connects."""
    pairs = data.synthesis.map.pairs
    if not pairs:
        return _none("Question coverage", "the question has fewer than two concepts to connect")
    if not data.sources:
        return _none("Question coverage", "no sources in the record")
    connected = sum(bool(p.mentions) for p in pairs)
    return ReviewerScore(
        "Question coverage",
        _clamp(10 * connected / len(pairs)),
        f"{connected} of {len(pairs)} pairs of concepts connected by a sentence",
    )


def integrity(data: ReviewInput) -> ReviewerScore:
    """Retracted sources undermine a report: each one costs points."""
    if not data.sources:
        return _none("Integrity", "no sources to check for retractions")
    retracted = [s.key for s in data.sources if s.retracted]
    if not retracted:
        return ReviewerScore("Integrity", 10.0, "no source is flagged as retracted")
    return ReviewerScore(
        "Integrity",
        _clamp(10 - 5 * len(retracted)),
        f"{len(retracted)} retracted source(s): {', '.join(retracted)}",
    )


REVIEWERS: tuple[tuple[Callable[[ReviewInput], ReviewerScore], float], ...] = (
    (verification, 3.0),
    (independence, 1.0),
    (evidence_strength, 2.0),
    (coverage, 1.5),
    (recency, 1.0),
    (topicality, 1.5),
    (question_coverage, 2.0),
    (integrity, 1.0),
)


def review(data: ReviewInput) -> Review:
    """Run every reviewer and combine the sub-scores given into a weighted mean out of 10
    (None when no reviewer had anything to score)."""
    scores = tuple(reviewer(data) for reviewer, _ in REVIEWERS)
    weighted = [
        (s.score, w) for s, (_, w) in zip(scores, REVIEWERS, strict=True) if s.score is not None
    ]
    if not weighted:
        return Review(score=None, reviewers=scores)
    overall = sum(score * w for score, w in weighted) / sum(w for _, w in weighted)
    return Review(score=_clamp(overall), reviewers=scores)
