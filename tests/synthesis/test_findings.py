"""What each claim counts as, and the findings, on real abstracts.

The claims' cross-source evidence is written out here from real sentences, so these tests
check the synthesis's rules whatever the verifier of the day decides; the two tests that
run the verifier say so in their names.
"""

from __future__ import annotations

from support.synthesis import (
    MTEC,
    MTEC_QUESTION,
    OCT4,
    example_claims,
    example_question,
    example_sources,
    scifact_source,
    scifact_sources,
)

from synth.models import Claim, ClaimResult, Concept, Evidence, Question, Verdict, claim_id
from synth.synthesis.synthesise import synthesise
from synth.text import split_sentences


def first(doc_id: int) -> str:
    """The first sentence of a SciFact abstract."""
    return split_sentences(scifact_source(doc_id).abstract)[0]


def quoted(
    doc_id: int, supporting: tuple[int, ...] = (), against: tuple[int, ...] = ()
) -> ClaimResult:
    """The first sentence of an abstract as a claim extracted from it, found there, with the
    first sentences of other abstracts as supporting or contradicting evidence."""
    text, key = first(doc_id), f"scifact{doc_id}"
    own = Evidence(key, text, 100.0)
    return ClaimResult(
        Claim(claim_id(text), text, key, key),
        Verdict("supported", 0.9, own),
        None,
        tuple(Evidence(f"scifact{i}", first(i), 80.0) for i in supporting),
        tuple(Evidence(f"scifact{i}", first(i), 80.0) for i in against),
    )


def test_no_quoted_claim_of_the_example_counts_as_verified() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    extracted = [j for j in synthesis.claims if not j.hand_written]
    assert extracted and {j.kind for j in extracted} <= {"quoted", "corroborated", "contradicted"}
    assert all(j.result.verdict.label == "supported" for j in extracted)  # what the verifier says
    assert synthesis.finding_counts()["verified"] == 0


def test_the_examples_hypothesis_is_not_a_finding_any_source_supports() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    (hypothesis,) = [j for j in synthesis.claims if j.hand_written and not j.result.claim.source]
    assert (hypothesis.kind, hypothesis.source) == ("not-found", "")


def test_a_topical_sentence_the_verifier_passed_does_not_support_the_hypothesis() -> None:
    # What the verifier once said (issue 12): Qwen2's "... featuring dense models and a
    # Mixture-of-Experts model." supported the hypothesis at 0.79; nothing in it is about
    # robustness.
    qwen = next(s for s in example_sources() if s.key == "yang2024qwen")
    sentence = next(s for s in split_sentences(qwen.abstract) if "Mixture-of-Experts" in s)
    text = "Mixture of experts models are more robust to adversarial attacks than dense models."
    result = ClaimResult(
        Claim(claim_id(text), text, "question"),
        Verdict("supported", 0.79, Evidence("yang2024qwen", sentence, 62.4)),
    )
    (judged,) = synthesise(example_question(), example_sources(), [result]).claims
    assert (judged.kind, judged.source) == ("not-found", "")
    assert judged.reason == "the closest sentence does not mention robustness"


def test_verifier_and_synthesis_reject_a_hypothesis_that_only_shares_the_topic() -> None:
    from synth.verify.verifier import verify_claims

    question = Question(
        "ageing",
        "Do mTECs decline with age?",
        concepts=(
            Concept("medullary thymic epithelial cells", ("mTEC",)),
            Concept("ageing", ("age", "aged", "aging")),
        ),
    )
    text = "Aire-expressing medullary thymic epithelial cells decline with age."
    sources = scifact_sources(MTEC)
    results = verify_claims([Claim(claim_id(text), text, "question")], sources)
    (judged,) = synthesise(question, sources, results).claims
    assert judged.kind == "not-found"  # the abstracts never mention age
    if results[0].verdict.label == "supported":  # as the verifier once said, at 0.81
        assert judged.reason == "the closest sentence does not mention ageing"


def test_a_claim_another_source_supports_is_corroborated() -> None:
    result = quoted(2734421, supporting=(301838,))
    (judged,) = synthesise(MTEC_QUESTION, scifact_sources(MTEC), [result]).claims
    assert (judged.kind, judged.supporting) == ("corroborated", ("scifact301838",))


def test_support_that_leaves_out_the_claims_concepts_does_not_corroborate() -> None:
    # 3952288's first sentence speaks of mTECs and autoimmunity, not of self-tolerance.
    result = quoted(2734421, supporting=(3952288,))
    (judged,) = synthesise(MTEC_QUESTION, scifact_sources(MTEC), [result]).claims
    assert (judged.kind, judged.supporting) == ("quoted", ())


def test_a_claim_another_source_contradicts_is_contradicted() -> None:
    question = Question(
        "oct4", "Q?", concepts=(Concept("Oct4"), Concept("pluripotency", ("pluripotent",)))
    )
    result = quoted(2078658, against=(30507607,))
    (finding,) = synthesise(question, scifact_sources(OCT4), [result]).findings
    assert (finding.kind, finding.contradicting) == ("contradicted", ("scifact30507607",))


def test_the_same_finding_from_several_sources_is_one_row_with_all_of_them() -> None:
    results = [
        quoted(2734421, supporting=(301838, 39128592)),
        quoted(301838, supporting=(39128592,)),
        quoted(39128592, supporting=(2734421, 301838)),
    ]
    (finding,) = synthesise(MTEC_QUESTION, scifact_sources(MTEC), results).findings
    assert finding.kind == "corroborated"
    assert {finding.source, *finding.supporting} == {
        "scifact2734421",
        "scifact301838",
        "scifact39128592",
    }
    assert len(finding.claim_ids) == 3


def test_one_sided_support_keeps_two_findings() -> None:
    results = [quoted(2734421, supporting=(301838,)), quoted(301838)]
    assert len(synthesise(MTEC_QUESTION, scifact_sources(MTEC), results).findings) == 2


def test_findings_that_connect_more_concepts_come_first() -> None:
    # 2734421's first sentence: mTECs and self-tolerance; 3952288's: mTECs only.
    results = [quoted(3952288), quoted(2734421)]
    findings = synthesise(MTEC_QUESTION, scifact_sources(MTEC), results).findings
    assert [f.source for f in findings] == ["scifact2734421", "scifact3952288"]


def test_claims_from_off_topic_sources_are_set_aside() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    off = set(synthesis.off_topic)
    for judged in synthesis.claims:
        if judged.source in off:
            assert not judged.counted
    assert {f.source for f in synthesis.findings}.isdisjoint(off)


def test_a_finding_reads_in_the_third_person_with_its_source() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    finding = next(
        f for f in synthesis.findings if f.source == "yu2024humaneval" and len(f.concepts) == 2
    )
    assert finding.quote.startswith("(ii) On self-invoking code generation task")
    assert finding.text(lambda key: "Yu et al. (2024)") == (
        "Yu et al. (2024) report that on self-invoking code generation task, the "
        "instruction-tuned models demonstrate only marginal improvements compared to the base "
        "models."
    )
