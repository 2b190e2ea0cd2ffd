"""What the other sources say of a claim: one supporting or contradicting sentence each."""

from __future__ import annotations

from support.synthesis import MTEC, scifact_source, scifact_sources

from synth.models import Claim, claim_id
from synth.text import split_sentences
from synth.verify.verifier import verify_claims

SOURCES = scifact_sources(MTEC)


def extracted(doc_id: int) -> Claim:
    text = split_sentences(scifact_source(doc_id).abstract)[0]
    return Claim(claim_id(text), text, f"scifact{doc_id}", f"scifact{doc_id}")


def test_a_paraphrase_in_another_abstract_supports_an_extracted_claim() -> None:
    # "Medullary thymic epithelial cells (mTECs) establish T cell self-tolerance through the
    # expression of autoimmune regulator (Aire) ..." and, in another abstract, "... mTECs
    # express autoimmune regulator ..., contributing to launching self-tolerance."
    (result,) = verify_claims([extracted(2734421)], SOURCES)
    assert "scifact39128592" in [e.source for e in result.supporting]


def test_other_sources_are_listed_once_each_by_key_and_never_the_claims_own() -> None:
    for doc_id in MTEC:
        (result,) = verify_claims([extracted(doc_id)], SOURCES)
        keys = [e.source for e in (*result.supporting, *result.contradicting)]
        assert len(set(keys)) == len(keys)
        assert f"scifact{doc_id}" not in keys
        assert [e.source for e in result.supporting] == sorted(e.source for e in result.supporting)


def test_the_independent_evidence_is_the_best_of_the_supporting_sentences() -> None:
    (result,) = verify_claims([extracted(2734421)], SOURCES)
    assert result.independent is not None and result.independent in result.supporting


def test_a_claim_no_other_source_states_has_empty_lists() -> None:
    # 2734421's "However, signals underlying mTEC development remain largely unclear."
    text = split_sentences(scifact_source(2734421).abstract)[1]
    (result,) = verify_claims(
        [Claim(claim_id(text), text, "scifact2734421", "scifact2734421")], SOURCES
    )
    assert (result.independent, result.supporting, result.contradicting) == (None, (), ())
