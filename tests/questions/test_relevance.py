"""The one relevance measure: the share of a question's topic words a text uses."""

from __future__ import annotations

from dataclasses import replace

from support.synthesis import DEEP_LEARNING_REVIEW, example_question, example_sources

from synth.models import Concept, Question, Search
from synth.questions.relevance import question_terms, relevance, terms
from synth.retrieve.merge import rank_sources


def test_terms_drop_function_words_and_research_filler_and_fold_plurals() -> None:
    assert terms("The effects of sparse experts on the robustness of models") == [
        "sparse",
        "expert",
        "robustness",
        "model",
    ]


def test_the_topic_takes_the_concepts_names_and_terms() -> None:
    question = Question("q", "Q?", concepts=(Concept("mixture of experts", ("MoE",)),))
    assert {"mixture", "expert", "moe"} <= question_terms(question)


def test_relevance_is_the_share_of_topic_words_a_text_uses() -> None:
    topic = frozenset({"rlhf", "robustness", "code"})
    assert relevance("RLHF and code", topic) == 2 / 3
    assert relevance("anything", frozenset()) == 0.0


def test_ranking_puts_the_source_that_names_more_of_the_question_first() -> None:
    question = replace(
        example_question(), search=Search(queries=("robustness of code generation",))
    )
    ranked = [s.key for s in rank_sources(example_sources(), question)]
    review = next(s.key for s in example_sources() if s.doi == DEEP_LEARNING_REVIEW)
    assert ranked.index("wang2022recode") < ranked.index(review)


def test_ranking_breaks_ties_by_title_then_by_identity() -> None:
    question = Question("q", "robustness?", search=Search(queries=("robustness",)))
    a, b = (
        replace(example_sources()[0], title=t, abstract="robustness") for t in ("x", "robustness")
    )
    b = replace(b, key="b", doi="10.1/b")
    assert [s.title for s in rank_sources([a, b], question)] == ["robustness", "x"]


def test_relevance_counts_the_topic_words_that_terms_finds() -> None:
    topic = question_terms(example_question())
    texts = [f"{s.title} {s.abstract}" for s in example_sources()]
    texts += ["Experts. EXPERTS experts' expert-s"]  # case, plural and hyphen forms repeated
    for text in texts:
        assert relevance(text, topic) == len(topic.intersection(terms(text))) / len(topic)


def test_relevance_agrees_with_terms_for_any_topic_of_real_words() -> None:
    abstracts = [f"{s.title} {s.abstract}" for s in example_sources()]
    abstracts.append("theses these focuss focus classes classe process processes")  # folds
    for words in abstracts:
        topic = frozenset(terms(words))
        for text in abstracts:
            assert relevance(text, topic) == len(topic.intersection(terms(text))) / len(topic)
