"""The verifier: verdicts on the survey abstract, verify_claims semantics."""

from __future__ import annotations

import gc
import json

import numpy as np
import pytest
from support.paths import FIXTURES, SEED_PAPERS

from synth.models import Claim, Source
from synth.verify.verifier import (
    _candidates,
    _similarities,
    _top,
    assess,
    clear_caches,
    contexts_of,
    decide,
    sentences_of,
    verify,
    verify_claims,
)

PAPERS = {p["arxiv_id"] or p["doi"]: p for p in json.loads(SEED_PAPERS.read_text())}


def source(arxiv_id: str) -> Source:
    """A seed paper as a Source keyed by its arXiv id."""
    p = PAPERS[arxiv_id]
    return Source(key=arxiv_id, title=p["title"], abstract=p["abstract"], arxiv=arxiv_id)


SURVEY = source("2402.06196")
MODEL_REPORT_CLAIMS = [
    "ChatGPT was released in November 2022.",
    "Large Language Models acquire general-purpose language understanding and generation "
    "abilities by training billions of parameters on massive amounts of text data.",
    "The scaling of model performance with parameter count and data volume is predicted by "
    "scaling laws.",
    "GPT, LLaMA, and PaLM are three popular Large Language Model families.",
    "The paper reviews datasets prepared for LLM training, fine-tuning, and evaluation.",
    "The paper compares the performance of several popular LLMs on a set of representative "
    "benchmarks.",
]


def test_sentences_of_keeps_source_order_and_indices() -> None:
    sentences = sentences_of([SURVEY, source("2401.04088")])
    assert sentences[0].source == "2402.06196" and sentences[0].index == 0
    assert sentences[-1].source == "2401.04088"
    assert [s.index for s in sentences if s.source == "2402.06196"] == list(range(7))


def test_chatgpt_release_is_supported_quoting_the_first_sentence() -> None:
    verdict = verify("ChatGPT was released in November 2022.", sentences_of([SURVEY]))
    assert verdict.label == "supported"
    assert verdict.evidence is not None
    assert verdict.evidence.sentence == sentences_of([SURVEY])[0].text
    assert verdict.evidence.sentence.endswith("since the release of ChatGPT in November 2022.")


def test_at_least_five_model_report_claims_are_supported() -> None:
    sentences = sentences_of([SURVEY])
    labels = [verify(c, sentences).label for c in MODEL_REPORT_CLAIMS]
    assert labels.count("supported") >= 5


def test_wrong_year_is_not_supported_and_explained() -> None:
    verdict = verify("ChatGPT was released in November 2021.", sentences_of([SURVEY]))
    assert verdict.label != "supported"
    assert "2021 is not in the evidence, which says 2022" in [c.detail for c in verdict.checks]


def test_confidence_is_a_probability() -> None:
    verdict = verify(MODEL_REPORT_CLAIMS[1], sentences_of([SURVEY]))
    assert 0.0 <= verdict.confidence <= 1.0


def test_no_sentences_gives_not_found_without_evidence() -> None:
    verdict = verify("ChatGPT was released in November 2022.", [])
    assert verdict.label == "not-found" and verdict.evidence is None


def test_verify_is_deterministic() -> None:
    sentences = sentences_of([SURVEY, source("2401.04088")])
    assert verify(MODEL_REPORT_CLAIMS[3], sentences) == verify(MODEL_REPORT_CLAIMS[3], sentences)


def test_attributed_claim_against_the_wrong_paper_is_not_supported() -> None:
    claim = Claim(
        "c1",
        "Mixtral was trained with a context size of 32k tokens.",
        "question",
        source="2402.06196",
    )
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verdict.label != "supported"
    assert result.independent is not None and result.independent.source == "2401.04088"


def test_unattributed_claim_is_checked_against_all_sources() -> None:
    claim = Claim("c2", "Mixtral was trained with a context size of 32k tokens.", "question")
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verdict.label == "supported"
    assert result.verdict.evidence is not None
    assert result.verdict.evidence.source == "2401.04088"
    assert result.independent is None


def test_extracted_claim_without_other_support_is_not_independent() -> None:
    claim = Claim("c3", MODEL_REPORT_CLAIMS[0], origin="2402.06196")
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verified and result.independent is None


def test_verify_claims_keeps_input_order() -> None:
    claims = [Claim(str(i), text, "question") for i, text in enumerate(MODEL_REPORT_CLAIMS)]
    results = verify_claims(claims, [SURVEY])
    assert [r.claim.id for r in results] == [str(i) for i in range(len(claims))]


def test_clearing_the_caches_changes_no_verdict() -> None:
    claims = [Claim(str(i), text, "question") for i, text in enumerate(MODEL_REPORT_CLAIMS)]
    sources = [SURVEY, source("2401.04088")]
    warm = verify_claims(claims, sources)
    clear_caches()
    assert verify_claims(claims, sources) == warm


def _question_and_extracted_claims() -> list[Claim]:
    """The model report's claims, and the survey's sentences as claims of its own."""
    claims = [Claim(str(i), text, "question") for i, text in enumerate(MODEL_REPORT_CLAIMS)]
    for s in sentences_of([SURVEY]):
        claims.append(Claim(f"s{s.index}", s.text, SURVEY.key, SURVEY.key))
    return claims


def test_verifying_makes_no_reference_cycles() -> None:
    # What lets verify_claims pause the cycle collector: it would find nothing to free.
    claims, sources = _question_and_extracted_claims(), [SURVEY, source("2401.04088")]
    clear_caches()
    gc.collect()
    gc.disable()
    try:
        verify_claims(claims, sources)
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_verifying_leaves_the_cycle_collector_as_it_was(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        verify_claims(_question_and_extracted_claims()[:2], [SURVEY])
        assert gc.isenabled() == enabled
    finally:
        gc.enable()


def scifact_verbatim_sources() -> list[Source]:
    """Real SciFact abstracts whose own sentences once failed as claims (see PROVENANCE.md)."""
    path = FIXTURES / "scifact" / "verbatim_abstracts.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        Source(key=f"scifact{r['doc_id']}", title=r["title"], abstract=" ".join(r["abstract"]))
        for r in records
    ]


@pytest.mark.parametrize("abstract", scifact_verbatim_sources(), ids=lambda s: s.key)
def test_every_sentence_taken_word_for_word_is_supported_by_its_abstract(
    abstract: Source,
) -> None:
    sentences = sentences_of([abstract])
    for sentence in sentences:
        verdict = verify(sentence.text, sentences)
        assert verdict.label == "supported", (sentence.text, verdict.checks)


def test_a_claim_stated_word_for_word_is_quoted_whole() -> None:
    sentences = sentences_of(scifact_verbatim_sources()[:1])
    claim = sentences[-1].text
    verdict = verify(claim, sentences)
    assert verdict.evidence is not None
    start, end = verdict.evidence.span
    assert claim[start:end] == claim.rstrip(".")


def test_a_sentence_matching_every_word_decides_as_weighing_every_candidate_would() -> None:
    sources = [source(key) for key in PAPERS if key] + scifact_verbatim_sources()
    sentences = sentences_of(sources)
    contexts = contexts_of(sentences)
    claims = [s.text for s in sentences]
    columns = np.arange(len(sentences))
    for claim, row in zip(claims, _similarities(claims, sentences), strict=True):
        top = _top(row, columns)
        chosen = [sentences[j] for j in top]
        every = _candidates(claim, chosen, [float(row[j]) for j in top], contexts, len(columns))
        assert decide(assess(claim, sentences, row, columns, contexts)) == decide(every)


# Issue 12: a sentence that names the claim's subject but not what it claims does not
# support it (the example record's hypothesis against its 14 real papers).
HYPOTHESIS = "Mixture of experts models are more robust to adversarial attacks than dense models."


def _seed_sources() -> list[Source]:
    papers = json.loads(SEED_PAPERS.read_text(encoding="utf-8"))
    return [
        Source(key=p["arxiv_id"] or p["doi"], title=p["title"], abstract=p["abstract"])
        for p in papers
    ]


def test_the_example_hypothesis_is_not_supported_by_a_topical_sentence() -> None:
    verdict = verify(HYPOTHESIS, sentences_of(_seed_sources()))
    assert verdict.label != "supported"


def test_a_missing_predicate_is_not_supported() -> None:
    sentence = "Drug X was associated with increased mortality in patients with disease Y."
    verdict = verify(
        "Drug X cures disease Y.", sentences_of([Source(key="s", title="", abstract=sentence)])
    )
    assert verdict.label != "supported"


def test_a_direction_word_at_a_distance_still_opposes() -> None:
    claim = "Masks increase droplets."
    sentence = "Masks significantly reduced detection of virus in droplets."
    verdict = verify(claim, sentences_of([Source(key="s", title="", abstract=sentence)]))
    assert verdict.label != "supported"


def test_an_open_question_does_not_support() -> None:
    claim = "Statins reduce mortality in the elderly."
    sentence = "It remains unclear whether statins reduce mortality in the elderly."
    verdict = verify(claim, sentences_of([Source(key="s", title="", abstract=sentence)]))
    assert verdict.label != "supported"
    assert "statement" in [c.name for c in verdict.checks if not c.passed]
