from dataclasses import replace

from synth.models import Claim, ClaimResult, Concept, Evidence, Question, Source, Verdict
from synth.synthesis.review import (
    ReviewInput,
    independence,
    integrity,
    question_coverage,
    recency,
    review,
    topicality,
    verification,
)
from synth.synthesis.synthesise import synthesise

QUESTION = Question(
    id="q",
    question="Does RLHF improve robustness of code models?",
    concepts=(Concept("RLHF"), Concept("robustness")),
)
# A source on topic: one sentence mentions both concepts.
SOURCE = Source("a", "RLHF and robustness", year=2024, abstract="RLHF improves robustness.")


def _written(label: str, text: str = "RLHF improves robustness.") -> ClaimResult:
    evidence = Evidence("a", "RLHF improves robustness.", 90.0)
    return ClaimResult(Claim("w" + label[:3], text, "question", "a"), Verdict(label, 0.9, evidence))


def _quoted(text: str = "RLHF improves robustness.") -> ClaimResult:
    evidence = Evidence("a", text, 100.0)
    return ClaimResult(Claim("q1", text, "a", "a"), Verdict("supported", 0.95, evidence))


def _data(sources: list[Source], results: list[ClaimResult], year: int = 2024) -> ReviewInput:
    return ReviewInput(QUESTION, sources, results, year, synthesise(QUESTION, sources, results))


def test_verification_scores_the_share_of_question_claims_supported() -> None:
    results = [_written("supported"), _written("not-found", "RLHF harms robustness.")]
    score = verification(_data([SOURCE], results))
    assert (score.score, score.reason) == (5.0, "1 of 2 claims written with the question supported")


def test_verification_gives_no_score_to_quoted_claims() -> None:
    score = verification(_data([SOURCE], [_quoted()]))
    assert score.score is None
    assert score.reason == "no claim written with the question is about its concepts"


def test_independence_counts_a_quote_supported_by_no_other_source_as_unseconded() -> None:
    score = independence(_data([SOURCE], [_quoted()]))
    assert (score.score, score.reason) == (
        0.0,
        "0 of 1 extracted findings also supported by another source",
    )


def test_recency_counts_sources_of_the_last_five_years() -> None:
    sources = [Source("a", "A", year=2024), Source("b", "B", year=2010)]
    score = recency(_data(sources, []))
    assert score.score == 5.0
    assert score.reason.startswith("1 of 2 sources from 2020 to 2024")


def test_relevance_is_the_share_of_sources_on_topic() -> None:
    off = Source("b", "Deep learning", year=2023, abstract="Nothing of the question.")
    assert topicality(_data([SOURCE, off], [])).score == 5.0


def test_question_coverage_is_the_share_of_concept_pairs_connected() -> None:
    apart = Source("a", "Two sentences", abstract="RLHF is used. Robustness is measured.")
    assert question_coverage(_data([SOURCE], [])).score == 10.0
    assert question_coverage(_data([apart], [])).score == 0.0


def test_retracted_source_lowers_integrity_and_overall_score() -> None:
    flagged = [replace(SOURCE, retracted=True)]
    results = [_written("supported")]
    assert integrity(_data(flagged, results)).score == 5.0
    clean, dirty = review(_data([SOURCE], results)).score, review(_data(flagged, results)).score
    assert clean is not None and dirty is not None and dirty < clean


def test_integrity_gives_no_score_to_an_empty_record() -> None:
    score = integrity(_data([], []))
    assert (score.score, score.reason) == (None, "no sources to check for retractions")


def test_review_of_an_empty_record_gives_no_score_with_reasons() -> None:
    result = review(_data([], [], year=2024))
    assert result.score is None
    assert all(r.score is None and r.reason for r in result.reviewers)


def test_overall_score_is_the_mean_of_the_reviewers_that_scored(seed_sources) -> None:
    outcome = review(_data(seed_sources, [_quoted()]))
    scored = [r for r in outcome.reviewers if r.score is not None]
    assert outcome.score is not None and 0 <= outcome.score <= 10
    assert all(0 <= r.score <= 10 for r in scored if r.score is not None)
    assert len(scored) < len(outcome.reviewers)  # verification has nothing to judge
