"""Which concepts a sentence mentions: case, inflections, hyphens, abbreviations (real text)."""

from __future__ import annotations

from support.synthesis import example_sources

from synth.models import Concept
from synth.synthesis.mentions import Terms, fold

MOE = Concept("mixture of experts", ("MoE",))
CODE = Concept("code generation", ("HumanEval",))
ALIGNMENT = Concept("alignment", ("instruction tuning",))


def abstract(key: str) -> str:
    source = next(s for s in example_sources() if s.key == key)
    return source.abstract


def sentence_of(key: str, start: str) -> str:
    return next(s for s in abstract(key).split(". ") if s.startswith(start))


def test_hyphenated_phrase_mentions_the_spaced_term() -> None:
    # DeepSeekMoE: "In the era of large language models, Mixture-of-Experts (MoE) is ..."
    text = sentence_of("dai2024deepseekmoe", "In the era")
    assert Terms([Concept("mixture of experts")]).mentions(text) == {0}


def test_inflected_and_hyphenated_words_meet_the_term() -> None:
    # HumanEval Pro: "... the instruction-tuned models demonstrate only marginal improvements"
    text = sentence_of("yu2024humaneval", "(ii)")
    assert Terms([ALIGNMENT, CODE]).mentions(text) == {0, 1}


def test_case_does_not_matter() -> None:
    assert Terms([CODE]).mentions("scores on humaneval and MBPP") == {0}


def test_a_short_form_the_abstract_defines_becomes_a_term_of_its_concept() -> None:
    # "Pre-trained code generation models (PCGMs) ..." then "... the performance of PCGMs ..."
    text = abstract("yang2024how")
    later = sentence_of("yang2024how", "Moreover, RADAR-Defense")
    terms = Terms([Concept("code generation")])
    assert terms.mentions(later) == frozenset()
    assert terms.for_abstract(text).mentions(later) == {0}


def test_a_defined_short_form_counts_only_in_its_own_abstract() -> None:
    terms = Terms([Concept("code generation")])
    terms.for_abstract(abstract("yang2024how"))
    assert terms.mentions("the performance of PCGMs") == frozenset()


def test_a_sentence_that_names_no_term_mentions_nothing() -> None:
    text = sentence_of("minaee2024large", "The research area")
    assert Terms([MOE, CODE, ALIGNMENT]).mentions(text) == frozenset()


def test_acronym_plurals_fold_to_the_acronym() -> None:
    assert fold("LLMs") == fold("LLM") and fold("MoEs") == fold("MoE")


def test_a_closed_compound_meets_the_hyphenated_one() -> None:
    terms = Terms([Concept("pretraining", ("pretrained",))])
    assert terms.mentions("Pre-trained code generation models") == {0}


def test_a_word_inside_another_is_not_a_mention() -> None:
    assert Terms([Concept("expert")]).mentions("DeepSeekMoE reaches expertise") == frozenset()
