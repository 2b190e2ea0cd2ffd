from dataclasses import replace

from synth.models import Question, QuestionClaim, claim_id
from synth.verify.extract import extract_claims, hand_written_claims, is_claim_like, resolve_source

QUESTION = Question(
    id="q",
    question="How robust are code generation models such as HumanEval Pro solvers?",
    keywords=("robustness", "code generation"),
    max_claims=6,
)


def test_hand_written_claims_are_attributed_by_arxiv_id(seed_sources) -> None:
    question = replace(
        QUESTION,
        claims=(QuestionClaim("ChatGPT was released in November 2022.", "arxiv:2402.06196"),),
    )
    (claim,) = hand_written_claims(question, seed_sources)
    assert claim.source == "minaee2024large"
    assert claim.origin == "question"
    assert claim.id == claim_id("chatgpt was released in   November 2022")


def test_resolve_source_by_doi(seed_sources) -> None:
    assert resolve_source("doi:10.1145/3630010", seed_sources) == "yang2024important"
    assert resolve_source("doi:10.9999/none", seed_sources) == ""


def test_extraction_respects_the_cap_and_per_source_limit(seed_sources) -> None:
    claims = extract_claims(QUESTION, seed_sources)
    assert len(claims) == 6
    origins = [c.origin for c in claims]
    assert max(origins.count(o) for o in origins) <= 2


def test_extracted_claims_are_verbatim_sentences_of_their_source(seed_sources) -> None:
    by_key = {s.key: s for s in seed_sources}
    for claim in extract_claims(QUESTION, seed_sources):
        assert claim.text in by_key[claim.origin].abstract


def test_extraction_prefers_sentences_about_the_question(seed_sources) -> None:
    claims = extract_claims(QUESTION, seed_sources)
    assert any("robust" in c.text.lower() for c in claims[:3])


def test_hand_written_claims_always_included_even_past_the_cap(seed_sources) -> None:
    many = tuple(QuestionClaim(f"Claim number {i} about code.") for i in range(8))
    claims = extract_claims(replace(QUESTION, claims=many), seed_sources)
    assert len(claims) == 8
    assert all(c.origin == "question" for c in claims)


def test_retracted_sources_give_no_claims(seed_sources) -> None:
    retracted = [replace(s, retracted=True) for s in seed_sources]
    assert extract_claims(QUESTION, retracted) == []


def test_is_claim_like_rejects_questions_and_code_links() -> None:
    assert not is_claim_like("Does alignment make large models more robust to attacks in practice?")
    assert not is_claim_like("Our code and data are available at https://github.com/x/y for all.")
    assert is_claim_like("InstructGPT models show improvements in truthfulness over GPT-3 outputs.")
