"""What a report page shows, read and counted from the record (pure data).

``synth.site.render`` turns a ``Report`` into Markdown. The home page needs only an
``IndexRow`` of each report: the build cache keeps that, so the home page can list every
report without reading every record, and a worker process sends back only that.
"""

from __future__ import annotations

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
from synth.synthesis.answer import one_line
from synth.synthesis.synthesise import Synthesis, synthesise


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
    # Worked out from the fields above on first use, unless the reader passes it in.
    given_synthesis: Synthesis | None = field(default=None, repr=False, compare=False)

    @property
    def synthesis(self) -> Synthesis:
        """The evidence map, the kind of every claim and the findings (kept when pickled)."""
        if self.given_synthesis is None:
            found = synthesise(self.question, self.sources, self.results)
            object.__setattr__(self, "given_synthesis", found)  # a cache: the fields decide it
            return found
        return self.given_synthesis


@dataclass(frozen=True)
class Counts:
    """The figures a report states, all counted from the record.

    The kinds count the findings: claims from on-topic sources about the question's
    concepts. Claims from off-topic sources, or about none of the concepts, are set aside.
    """

    sources: int
    with_abstract: int
    on_topic: int
    off_topic: int
    claims: int
    hand_written: int
    findings: int
    set_aside: int
    quoted: int
    verified: int
    corroborated: int
    contradicted: int
    not_found: int
    pairs: int  # concept pairs
    connected: int  # concept pairs a sentence connects

    @classmethod
    def of(cls, report: Report) -> Counts:
        """Count sources, claims and findings in a report's record."""
        synthesis = report.synthesis
        kinds = synthesis.finding_counts()
        return cls(
            sources=len(report.sources),
            with_abstract=sum(bool(s.abstract) for s in report.sources),
            on_topic=len(synthesis.on_topic),
            off_topic=len(synthesis.off_topic),
            claims=len(report.results),
            hand_written=sum(r.claim.origin == QUESTION_ORIGIN for r in report.results),
            findings=len(synthesis.findings),
            set_aside=len(synthesis.set_aside),
            quoted=kinds["quoted"],
            verified=kinds["verified"],
            corroborated=kinds["corroborated"],
            contradicted=kinds["contradicted"],
            not_found=kinds["not-found"],
            pairs=len(synthesis.map.pairs),
            connected=sum(bool(p.mentions) for p in synthesis.map.pairs),
        )

    @property
    def supported(self) -> int:
        """Findings a source other than the one they were copied from supports."""
        return self.verified + self.corroborated


@dataclass(frozen=True)
class IndexRow:
    """What the home page lists of one report (plain values, kept in the build cache)."""

    question_id: str
    title: str
    answer: str  # the answer in one sentence
    date: str
    on_topic: int
    sources: int
    score: float | None  # the review's score, None when nothing was scored

    @classmethod
    def of(cls, report: Report) -> IndexRow:
        """The home page's row of a report."""
        counts = Counts.of(report)
        return cls(
            question_id=report.question.id,
            title=report.question.display_title,
            answer=one_line(report.synthesis),
            date=report.date,
            on_topic=counts.on_topic,
            sources=counts.sources,
            score=report.review.score,
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
