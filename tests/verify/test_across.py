"""What the other sources say of a claim: one supporting or contradicting sentence each."""

from __future__ import annotations

from dataclasses import replace

from support.synthesis import MTEC, scifact_source, scifact_sources

from synth.models import Claim, claim_id
from synth.text import split_sentences
from synth.verify.verifier import verify_claims

# One work recorded twice (a preprint and its journal version, say): the same abstract
# under a second key, so another source states each of its sentences word for word.
TWICE = replace(scifact_source(2734421), key="scifact2734421journal")
SOURCES = [*scifact_sources(MTEC), TWICE]


def extracted(doc_id: int, index: int = 0) -> Claim:
    text = split_sentences(scifact_source(doc_id).abstract)[index]
    return Claim(claim_id(text), text, f"scifact{doc_id}", f"scifact{doc_id}")


def test_another_source_that_states_the_claim_supports_it() -> None:
    (result,) = verify_claims([extracted(2734421)], SOURCES)
    assert [e.source for e in result.supporting] == ["scifact2734421journal"]
    assert result.supporting[0].sentence == result.claim.text


def test_the_independent_evidence_is_one_of_the_supporting_sentences() -> None:
    (result,) = verify_claims([extracted(2734421)], SOURCES)
    assert result.independent is not None and result.independent in result.supporting


def test_other_sources_are_listed_once_each_by_key_and_never_the_claims_own() -> None:
    claims = [extracted(doc_id) for doc_id in MTEC]
    for result in verify_claims(claims, SOURCES):
        keys = [e.source for e in (*result.supporting, *result.contradicting)]
        assert len(set(keys)) == len(keys)
        assert result.claim.origin not in keys
        assert [e.source for e in result.supporting] == sorted(e.source for e in result.supporting)


def test_a_claim_no_other_source_states_has_empty_lists() -> None:
    # 39128592's "Positive selection is essential for thymic medulla formation via a
    # previously unknown mechanism." is stated by no other abstract.
    (result,) = verify_claims([extracted(39128592, 1)], SOURCES)
    assert (result.independent, result.supporting, result.contradicting) == (None, (), ())
