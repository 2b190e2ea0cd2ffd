"""The evidence map, concept pairs, gaps and off-topic sources, on real abstracts."""

from __future__ import annotations

from dataclasses import replace

from support.synthesis import (
    DEEP_LEARNING_REVIEW,
    MTEC,
    MTEC_QUESTION,
    example_question,
    example_sources,
    example_synthesis,
    scifact_sources,
)

from synth.models import Concept, Question
from synth.synthesis.evidence import TITLE, is_off_topic
from synth.synthesis.synthesise import Synthesis, synthesise


def gaps(synthesis: Synthesis) -> set[tuple[str, ...]]:
    names = [c.name for c in synthesis.concepts]
    return {tuple(names[i] for i in gap) for gap in synthesis.map.gaps}


def pair(synthesis: Synthesis, a: str, b: str) -> tuple[str, ...]:
    names = [c.name for c in synthesis.concepts]
    wanted = (names.index(a), names.index(b))
    return next(p.sources for p in synthesis.map.pairs if p.concepts == wanted)


def test_no_source_relates_mixture_of_experts_to_robustness() -> None:
    assert ("mixture of experts", "robustness") in gaps(example_synthesis())


def test_several_sources_relate_robustness_to_code_generation() -> None:
    synthesis = example_synthesis()
    assert ("robustness", "code generation") not in gaps(synthesis)
    assert len(pair(synthesis, "robustness", "code generation")) >= 2


def test_mentions_in_different_sentences_do_not_connect_concepts() -> None:
    # Qwen2 says "robust" in one sentence and "Mixture-of-Experts" in another.
    synthesis = example_synthesis()
    qwen = synthesis.map.coverage("yang2024qwen")
    names = [c.name for c in synthesis.concepts]
    assert qwen is not None
    assert {names.index("robustness"), names.index("mixture of experts")} <= set(qwen.concepts)
    assert "yang2024qwen" not in pair(synthesis, "mixture of experts", "robustness")


def test_the_general_deep_learning_review_is_off_topic() -> None:
    review = next(s for s in example_sources() if s.doi == DEEP_LEARNING_REVIEW)
    assert review.key in example_synthesis().off_topic


def test_off_topic_sources_count_for_no_concept() -> None:
    synthesis = example_synthesis()
    mentioned = {key for i in range(len(synthesis.concepts)) for key in synthesis.map.sources_of(i)}
    assert mentioned.isdisjoint(synthesis.off_topic)
    assert mentioned == set(synthesis.on_topic)


def test_each_mark_of_the_map_is_backed_by_a_sentence_of_that_source() -> None:
    synthesis = example_synthesis()
    by_key = {s.key: s for s in example_sources()}
    for coverage in synthesis.map.sources:
        for concept in coverage.concepts:
            mention = coverage.sentence_for(concept)
            assert mention is not None and concept in mention.concepts
            source = by_key[coverage.key]
            assert (
                mention.text == source.title
                if mention.index == TITLE
                else (mention.text in source.abstract)
            )


def test_a_question_whose_concepts_one_source_connects_has_no_gap() -> None:
    synthesis = synthesise(MTEC_QUESTION, scifact_sources(MTEC), [])
    assert synthesis.map.gaps == ()
    assert synthesis.map.whole is not None and "scifact2734421" in synthesis.map.whole.sources


def test_a_concept_no_source_mentions_is_a_gap_of_its_own() -> None:
    question = Question("mtec", "Q?", concepts=(Concept("mTEC"), Concept("ageing", ("aged",))))
    assert ("ageing",) in gaps(synthesise(question, scifact_sources(MTEC), []))


def test_keywords_alone_map_the_evidence() -> None:
    question = replace(example_question(), concepts=(), keywords=("robustness", "code generation"))
    synthesis = synthesise(question, example_sources(), [])
    assert [c.name for c in synthesis.concepts] == ["robustness", "code generation"]
    assert synthesis.map.gaps == ()


def test_one_concept_of_two_is_on_topic_but_one_of_three_is_not() -> None:
    assert not is_off_topic(1, 2)
    assert is_off_topic(1, 3) and is_off_topic(0, 2)
    assert not is_off_topic(0, 0)  # a question without concepts judges no source
