from dataclasses import replace

from synth.models import Claim, ClaimResult, Evidence, Question, Source, Verdict
from synth.synthesis.review import ReviewInput, integrity, recency, review, verification

QUESTION = Question(id="q", question="Does RLHF improve robustness of code models?")


def _result(label: str, confidence: float, independent: bool = False) -> ClaimResult:
    evidence = Evidence("k", "s", 90.0) if independent else None
    return ClaimResult(Claim("id", "t", "question"), Verdict(label, confidence), evidence)


def _data(sources: list[Source], results: list[ClaimResult], year: int = 2024) -> ReviewInput:
    return ReviewInput(QUESTION, sources, results, year)


def test_verification_scores_share_supported_with_reason() -> None:
    score = verification(_data([], [_result("supported", 0.9), _result("not-found", 0.1)]))
    assert (score.score, score.reason) == (5.0, "1 of 2 claims supported")


def test_recency_counts_sources_of_the_last_five_years() -> None:
    sources = [Source("a", "A", year=2024), Source("b", "B", year=2010)]
    score = recency(_data(sources, []))
    assert score.score == 5.0
    assert score.reason.startswith("1 of 2 sources from 2020 to 2024")


def test_retracted_source_lowers_integrity_and_overall_score() -> None:
    clean = [Source("a", "RLHF robustness code", year=2024, abstract="x")]
    flagged = [replace(clean[0], retracted=True)]
    results = [_result("supported", 0.9, independent=True)]
    assert integrity(_data(flagged, results)).score == 5.0
    assert review(_data(flagged, results)).score < review(_data(clean, results)).score


def test_review_of_empty_record_is_zero_with_reasons() -> None:
    result = review(_data([], [], year=2024))
    assert all(r.reason for r in result.reviewers)
    assert result.score < 2.0


def test_review_scores_are_within_zero_and_ten(seed_sources) -> None:
    results = [_result("supported", 1.0, independent=True)] * 3
    outcome = review(_data(seed_sources, results))
    assert 0 <= outcome.score <= 10
    assert all(0 <= r.score <= 10 for r in outcome.reviewers)
