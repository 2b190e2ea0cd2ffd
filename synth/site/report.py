"""What a report page shows, read and counted from the record (pure data).

``synth.site.render`` turns a ``Report`` into Markdown; the build cache keeps each
``Report`` so the home page can list every report without reading every record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from synth.models import (
    QUESTION_ORIGIN,
    ClaimResult,
    DatabaseRun,
    Question,
    Review,
    Source,
    claim_id,
)


@dataclass(frozen=True)
class Report:
    """Everything a report page shows, read from the record."""

    question: Question
    sources: Sequence[Source]
    results: Sequence[ClaimResult]
    review: Review
    date: str = ""  # when the record last changed (ISO date), "" when unknown
    retrieved: str = ""  # date of the last retrieval, "" when sources were only imported
    databases: Sequence[DatabaseRun] = ()
    extra_sections: Sequence[str] = field(default_factory=tuple)  # e.g. History, already Markdown


@dataclass(frozen=True)
class Counts:
    """The figures a report states, all counted from the record."""

    sources: int
    with_abstract: int
    claims: int
    hand_written: int
    supported: int
    contradicted: int
    not_found: int
    independent: int

    @classmethod
    def of(cls, report: Report) -> Counts:
        """Count sources and verdicts in a report's record."""
        labels = Counter(r.verdict.label for r in report.results)
        return cls(
            sources=len(report.sources),
            with_abstract=sum(bool(s.abstract) for s in report.sources),
            claims=len(report.results),
            hand_written=sum(r.claim.origin == QUESTION_ORIGIN for r in report.results),
            supported=labels["supported"],
            contradicted=labels["contradicted"],
            not_found=labels["not-found"],
            independent=sum(r.independent is not None for r in report.results),
        )


def display_order(report: Report) -> list[ClaimResult]:
    """Claims as a reader wants them: the question's own first, in its order, then by source."""
    written = {claim_id(c.text): i for i, c in enumerate(report.question.claims)}

    def rank(result: ClaimResult) -> tuple[int, int, str, str]:
        claim = result.claim
        if claim.origin == QUESTION_ORIGIN:
            return (0, written.get(claim.id, len(written)), "", claim.id)
        return (1, 0, claim.origin, claim.id)

    return sorted(report.results, key=rank)
