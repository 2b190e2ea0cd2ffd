"""The answer, built only from the synthesis: coverage, connections, gaps in plain words."""

from __future__ import annotations

from support.synthesis import MTEC, example_sources, example_synthesis, scifact_sources

from synth.models import Concept, Question
from synth.synthesis.answer import answer, gap_sentence, one_line
from synth.synthesis.synthesise import synthesise


def cite(key: str) -> str:
    return f"<{key}>"


def test_the_one_line_answer_says_no_source_relates_all_four_concepts() -> None:
    assert one_line(example_synthesis()).startswith(
        "No source relates all four concepts; none relates "
    )


def test_the_answer_states_each_gap_in_plain_words() -> None:
    gaps = answer(example_synthesis(), cite).gaps
    assert "No source relates mixture of experts to robustness." in gaps
    assert "No source relates robustness to code generation." not in gaps
    assert gaps[-1] == (
        "No source relates all four concepts (alignment, mixture of experts, robustness and "
        "code generation) in one sentence."
    )


def test_the_answer_counts_the_sources_of_each_concept_and_sets_off_topic_apart() -> None:
    summary = " ".join(answer(example_synthesis(), cite).summary)
    assert "Of the 14 sources, 6 are on topic; 8 off-topic sources are set apart." in summary
    assert "code generation (6)" in summary


def test_the_answer_names_the_findings_that_connect_the_most_concepts() -> None:
    summary = " ".join(answer(example_synthesis(), cite).summary)
    closest = summary.split("findings that connect the most concepts: ")[1].split(". ")[0]
    assert "<yu2024humaneval> report that" in closest and "<wang2022recode> report that" in closest


def test_the_answer_says_which_of_the_questions_claims_no_source_supports() -> None:
    (unsupported,) = answer(example_synthesis(), cite).unsupported
    assert unsupported.startswith("The question's claim “Mixture of experts models are more robust")
    assert "” is not supported" in unsupported


def test_the_answer_says_what_study_would_answer_the_question() -> None:
    needed = answer(example_synthesis(), cite).needed
    assert needed.startswith(
        "Answering the question needs studies that relate alignment to robustness"
    )
    assert "all four concepts in one design" in needed


def test_a_question_one_source_answers_whole_has_no_gap_to_state() -> None:
    question = Question(
        "mtec",
        "Q?",
        concepts=(
            Concept("mTEC"),
            Concept("RANK", ("RANKL",)),
            Concept("self-tolerance", ("tolerance",)),
        ),
    )
    said = answer(synthesise(question, scifact_sources(MTEC), []), cite)
    assert said.summary[0] == "3 sources relate all three concepts."
    assert said.gaps == ()
    assert (
        said.needed
        == "Every pair of the question's concepts is connected by at least one sentence."
    )


def test_a_question_without_concepts_says_how_to_map_it() -> None:
    question = Question("q", "Q?")
    (why,) = answer(synthesise(question, example_sources(), []), cite).summary
    assert "add concepts: to the question file" in why


def test_a_gap_of_one_concept_says_no_source_mentions_it() -> None:
    question = Question("q", "Q?", concepts=(Concept("mTEC"), Concept("ageing", ("aged",))))
    synthesis = synthesise(question, scifact_sources(MTEC), [])
    assert gap_sentence(synthesis, (1,)) == "No source mentions ageing."
    assert one_line(synthesis) == "No source relates mTEC to ageing; none mentions ageing."
