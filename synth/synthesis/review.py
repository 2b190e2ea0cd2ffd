"""Review: a quality score out of 10 from several transparent reviewers (pure).

Each reviewer looks at one thing a reader would ask about, gives a sub-score out
of 10 and says why in one line; the report shows all of them. The overall score
is their weighted mean. Everything is computed from the stored record, so the
score changes only when the record does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from synth.models import ClaimResult, Question, Review, ReviewerScore, Source
from synth.questions.relevance import question_terms, relevance

RECENT_YEARS = 5


@dataclass(frozen=True)
class ReviewInput:
    """What the reviewers look at."""

    question: Question
    sources: Sequence[Source]
    results: Sequence[ClaimResult]
    reference_year: int | None  # the year "recent" is measured from: retrieval, else newest source


def _clamp(score: float) -> float:
    return round(max(0.0, min(10.0, score)), 1)


def verification(data: ReviewInput) -> ReviewerScore:
    """Share of claims the verifier found supported."""
    total = len(data.results)
    if not total:
        return ReviewerScore("Verification", 0.0, "no claims were checked")
    supported = sum(r.verified for r in data.results)
    return ReviewerScore(
        "Verification", _clamp(10 * supported / total), f"{supported} of {total} claims supported"
    )


def independence(data: ReviewInput) -> ReviewerScore:
    """Share of claims that a second, different source also supports."""
    total = len(data.results)
    if not total:
        return ReviewerScore("Independence", 0.0, "no claims were checked")
    independent = sum(r.independent is not None for r in data.results)
    return ReviewerScore(
        "Independence",
        _clamp(10 * independent / total),
        f"{independent} of {total} claims also supported by another source",
    )


def evidence_strength(data: ReviewInput) -> ReviewerScore:
    """Mean confidence of the verdicts: weak matches pull it down."""
    if not data.results:
        return ReviewerScore("Evidence strength", 0.0, "no claims were checked")
    mean = sum(r.verdict.confidence for r in data.results) / len(data.results)
    return ReviewerScore("Evidence strength", _clamp(10 * mean), f"mean confidence {mean:.2f}")


def coverage(data: ReviewInput) -> ReviewerScore:
    """Number of sources against the question's limit, and how many databases and venues."""
    count = len(data.sources)
    if not count:
        return ReviewerScore("Sources", 0.0, "no sources in the record")
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
        return ReviewerScore("Recency", 0.0, "no publication years recorded")
    recent = sum(y > data.reference_year - RECENT_YEARS for y in years)
    return ReviewerScore(
        "Recency",
        _clamp(10 * recent / len(years)),
        f"{recent} of {len(years)} sources from {data.reference_year - RECENT_YEARS + 1} "
        f"to {data.reference_year}; median year {median(years):g}",
    )


def topicality(data: ReviewInput) -> ReviewerScore:
    """How much of the question the sources' titles and abstracts touch."""
    if not data.sources:
        return ReviewerScore("Relevance", 0.0, "no sources in the record")
    topic = question_terms(data.question)
    scores = sorted(relevance(f"{s.title} {s.abstract}", topic) for s in data.sources)
    mean = sum(scores) / len(scores)
    # Covering half of the question's words is already a close match for one paper.
    return ReviewerScore(
        "Relevance",
        _clamp(20 * mean),
        f"sources mention {mean:.0%} of the question's terms on average",
    )


def integrity(data: ReviewInput) -> ReviewerScore:
    """Retracted sources undermine a report: each one costs points."""
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
    (integrity, 1.0),
)


def review(data: ReviewInput) -> Review:
    """Run every reviewer and combine their sub-scores into a weighted mean out of 10."""
    scores = tuple(reviewer(data) for reviewer, _ in REVIEWERS)
    total_weight = sum(weight for _, weight in REVIEWERS)
    overall = sum(s.score * w for s, (_, w) in zip(scores, REVIEWERS, strict=True)) / total_weight
    return Review(score=_clamp(overall), reviewers=scores)
