"""The concepts field of a question: named blocks of terms, every problem named by line."""

from __future__ import annotations

import re

import pytest

from synth.errors import QuestionError
from synth.models import Concept, Question
from synth.questions import concepts as concept_rules
from synth.questions.scaffold import scaffold
from synth.questions.schema import parse_question

PATH = "questions/q.yaml"


def parse(text: str) -> Question:
    return parse_question(text, PATH, "q")


def problems(text: str) -> list[str]:
    with pytest.raises(QuestionError) as caught:
        parse(text)
    return [str(problem) for problem in caught.value.problems]


def test_concepts_keep_their_names_terms_and_order() -> None:
    question = parse(
        "question: Q?\nconcepts:\n  robustness: [robust, adversarial]\n  alignment: [RLHF]\n"
    )
    assert question.concepts == (
        Concept("robustness", ("robust", "adversarial")),
        Concept("alignment", ("RLHF",)),
    )


def test_a_concepts_name_is_one_of_its_terms() -> None:
    concept = parse("question: Q?\nconcepts:\n  robustness: [robust]\n").concepts[0]
    assert concept.all_terms == ("robustness", "robust")


def test_keywords_alone_are_concepts_of_one_term() -> None:
    question = parse("question: Q?\nkeywords: [RLHF, mixture of experts]\n")
    assert question.concepts == ()
    assert question.effective_concepts == (Concept("RLHF"), Concept("mixture of experts"))


def test_concepts_take_precedence_over_keywords() -> None:
    question = parse("question: Q?\nkeywords: [x]\nconcepts:\n  robustness: [robust]\n")
    assert [c.name for c in question.effective_concepts] == ["robustness"]


def test_a_term_under_two_concepts_names_both_lines() -> None:
    found = problems("question: Q?\nconcepts:\n  alignment: [RLHF]\n  safety: [rlhf]\n")
    assert found == [
        "questions/q.yaml:4: concepts.safety[0]: 'rlhf' is already a term of the concept "
        "'alignment' (line 3) -- keep it under one concept: a term must say which concept a "
        "sentence mentions"
    ]


def test_a_concept_named_like_another_is_a_problem() -> None:
    found = problems(
        "question: Q?\nconcepts:\n  mixture of experts: [MoE]\n  Mixture-of-Experts: [SMoE]\n"
    )
    assert found == [
        "questions/q.yaml:4: concepts.Mixture-of-Experts: has the same name as the concept "
        "'mixture of experts' (line 3) -- merge the two concepts into one"
    ]


def test_a_concept_named_like_a_term_of_another_is_a_problem() -> None:
    found = problems("question: Q?\nconcepts:\n  alignment: [RLHF]\n  RLHF: [PPO]\n")
    assert found == [
        "questions/q.yaml:4: concepts.RLHF: the concept name 'RLHF' is already a term of the "
        "concept 'alignment' (line 3) -- merge the two concepts into one"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[]", "concepts.robustness: is an empty list -- list at least one term"),
        ("", "concepts.robustness: has no terms -- list at least one term"),
        ("robust", "concepts.robustness: should be a list, not text"),
    ],
)
def test_a_concept_without_a_list_of_terms_is_a_problem(value: str, message: str) -> None:
    (found,) = problems(f"question: Q?\nconcepts:\n  robustness: {value}\n")
    assert found.startswith(f"questions/q.yaml:3: {message}")


def test_a_term_without_words_is_a_problem() -> None:
    (found,) = problems('question: Q?\nconcepts:\n  robustness: ["--"]\n')
    assert found == (
        "questions/q.yaml:3: concepts.robustness[0]: '--' has no words to match -- write a "
        "word or a short phrase"
    )


def test_a_term_repeated_within_a_concept_is_a_problem() -> None:
    (found,) = problems("question: Q?\nconcepts:\n  robustness: [robust, Robust]\n")
    assert "concepts.robustness[1]: repeats 'Robust' (concepts.robustness[0])" in found


def test_concepts_must_be_a_mapping() -> None:
    (found,) = problems("question: Q?\nconcepts: [robustness]\n")
    assert found.startswith(
        "questions/q.yaml:2: concepts: should be a mapping of concept names to lists of terms"
    )


def test_too_many_concepts_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concept_rules, "MAX_CONCEPTS", 2)
    text = "question: Q?\nconcepts:\n  a: [x]\n  b: [y]\n  c: [z]\n"
    (found,) = problems(text)
    assert re.search(r"concepts: names 3 concepts; at most 2 are allowed", found)


def test_every_problem_in_the_concepts_is_reported_at_once() -> None:
    text = "question: Q?\nconcepts:\n  a: []\n  b: [x, x]\n  c: [x]\n"
    assert len(problems(text)) == 3


def test_the_scaffolds_concepts_block_passes_check_once_uncommented() -> None:
    lines = scaffold("Does RLHF help?", "q").splitlines()
    start = lines.index("# concepts:")
    block = [line.removeprefix("# ") for line in lines[start : start + 4]]
    text = "\n".join([*lines[:start], *block, *lines[start + 4 :]]) + "\n"
    question = parse(text)
    assert [c.name for c in question.concepts] == ["alignment", "robustness", "code generation"]
