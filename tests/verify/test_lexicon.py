"""The verifier's lexicon: its function words, stems, synonyms and bounds."""

from __future__ import annotations

from synth import text
from synth.verify.keys import derived_root
from synth.verify.lexicon import (
    RESEARCH_WORDS,
    STATES_WHEN_OR_WHERE,
    STOPWORDS,
    SYNONYM_CLASS,
    negated_base,
    stem,
    within_bound,
    word_polarity,
)


def test_stopwords_are_the_projects_list_with_the_verifiers_own_changes() -> None:
    assert STOPWORDS == (text.STOPWORDS - STATES_WHEN_OR_WHERE) | RESEARCH_WORDS


def test_words_placing_a_finding_in_time_are_not_stopwords() -> None:
    assert "before" in text.STOPWORDS and "before" not in STOPWORDS


def test_a_derived_noun_meets_its_adjective() -> None:
    assert stem("robustness") == stem("robust")


def test_an_adverb_meets_its_adjective() -> None:
    assert stem("significantly") == stem("significant")


def test_british_and_american_spellings_share_a_stem() -> None:
    assert stem("tumour") == stem("tumor")


def test_listed_synonyms_share_a_class() -> None:
    assert SYNONYM_CLASS[stem("mice")] == SYNONYM_CLASS[stem("murine")]


def test_direction_words_of_one_sign_share_a_class() -> None:
    assert SYNONYM_CLASS[stem("reduces")] == SYNONYM_CLASS[stem("decreased")]


def test_direction_words_of_opposite_signs_do_not_share_a_class() -> None:
    assert SYNONYM_CLASS[stem("increases")] != SYNONYM_CLASS[stem("decreases")]


def test_a_prefix_a_negates_a_long_base() -> None:
    assert negated_base("asymptomatic") == stem("symptomatic")


def test_a_prefix_a_leaves_a_short_word_alone() -> None:
    assert negated_base("across") is None


def test_polarity_of_a_negatively_prefixed_direction_word_flips() -> None:
    assert word_polarity(stem("uninvolved"), "uninvolved") == ("involvement", -1)


def test_a_bound_above_holds_for_a_larger_value_only() -> None:
    assert within_bound(14, 13, 1, False) and not within_bound(13, 13, 1, False)


def test_an_inclusive_bound_holds_at_its_value() -> None:
    assert within_bound(13, 13, -1, True)


def test_a_noun_in_ion_leads_to_the_stem_of_its_verb() -> None:
    assert derived_root(stem("infection")) == stem("infected")
    assert derived_root(stem("induction")) == stem("induce")


def test_a_short_word_in_ion_has_no_root() -> None:
    assert derived_root(stem("region")) is None
