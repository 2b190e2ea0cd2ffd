"""Word alignment: abbreviations, compound names and spelling variants (SciFact dev texts)."""

from __future__ import annotations

import json

from support.paths import FIXTURES
from support.sentences import CX3CR1, FOLATE, SIV

from synth.verify.abbreviations import abbreviations
from synth.verify.alignment import align, context_of
from synth.verify.lexicon import stem


def test_abbreviations_find_the_long_form_before_the_parenthesis() -> None:
    found = abbreviations(SIV)
    assert found["siv"] == ("simian", "immunodeficiency", "virus")
    assert found["th17"] == ("t", "helper", "type", "17")


def test_claim_abbreviation_matches_the_long_form_in_the_sentence() -> None:
    claim = "Folic acid does not affect chronic kidney disease (CKD) progression."
    alignment = align(claim, FOLATE)
    ckd = next(t for t in alignment.claim if t.text == "CKD")
    assert ckd.index in alignment.pairs


def test_abbreviation_defined_elsewhere_in_the_abstract_matches_its_long_form() -> None:
    context = context_of("Infection with simian immunodeficiency virus (SIV) was studied.")
    alignment = align(
        "SIV infection depletes cells.",
        "Simian immunodeficiency virus infection results in depletion of cells.",
        context,
    )
    assert 0 in alignment.pairs


def test_name_matches_the_part_of_a_compound() -> None:
    alignment = align("CX3CR1 prevents airway inflammation.", CX3CR1)
    assert 0 in alignment.pairs
    assert alignment.sentence[alignment.pairs[0]].text.startswith("CX3CR1")


def test_compound_with_a_qualifier_matches_the_name_alone() -> None:
    sentence = "We found that TDP-43 causes neuronal loss."
    alignment = align("TDP-43-induced neuronal loss is prevented.", sentence)
    assert 0 in alignment.pairs


def test_british_and_american_spellings_share_a_stem() -> None:
    assert stem("tumour") == stem("tumor")
    assert stem("foetal") == stem("fetal")
    assert stem("randomised") == stem("randomized")


def test_unrelated_words_do_not_align() -> None:
    alignment = align("Mixtral prevents inflammation.", CX3CR1)
    assert 0 not in alignment.pairs


def test_a_sentence_stating_the_claim_word_for_word_pairs_each_word_with_itself() -> None:
    claim = "polymorphisms near the IL28B gene play a role"
    sentence = (
        "CONCLUSIONS In the Moroccan population, polymorphisms near the IL28B gene play a role "
        "both in spontaneous clearance and progression of HCV infection."
    )
    alignment = align(claim, sentence)
    assert alignment.offset == 5
    assert alignment.coverage == 1.0
    assert alignment.window == (5, 12)
    assert sentence[slice(*alignment.span)] == claim


def test_words_in_another_order_are_not_word_for_word() -> None:
    alignment = align("the IL28B gene near polymorphisms", "polymorphisms near the IL28B gene")
    assert alignment.offset is None


def test_a_single_long_word_the_abstract_abbreviates_is_the_same_name() -> None:
    abstract = "Here we show that pyridostatin (PDS), a G-quadruplex ligand, stops growth."
    assert abbreviations(abstract)["pds"] == ("pyridostatin",)


def test_a_short_word_holding_the_letters_of_a_short_form_does_not_define_it() -> None:
    assert "pds" not in abbreviations("The pads (PDS) were replaced.")


def test_a_sentence_referring_back_may_leave_a_word_to_the_sentences_before_it() -> None:
    sentence = "Using this method, we solve 70.2% of our problems."
    abstract = f"We study repeated sampling. {sentence}"
    claim = "Repeated sampling solves 70.2% of our problems."
    assert align(claim, sentence, context_of(abstract)).unaccounted == []


def test_a_word_stated_only_after_a_sentence_referring_back_is_missing() -> None:
    sentence = "Using this method, we solve 70.2% of our problems."
    abstract = f"{sentence} We study repeated sampling."
    claim = "Repeated sampling solves 70.2% of our problems."
    alignment = align(claim, sentence, context_of(abstract))
    assert [alignment.claim_words.words[i] for i in alignment.unaccounted] == [
        "Repeated",
        "sampling",
    ]


SCIFACT = json.loads((FIXTURES / "scifact" / "evidence_sentences.json").read_text("utf-8"))


def test_a_verb_meets_the_noun_in_ion_derived_from_it() -> None:
    claim = (
        "Lupus-prone mice infected with curli-producing bacteria have higher autoantibody titers."
    )
    alignment = align(claim, SCIFACT["1834762"])  # "the infection of lupus-prone mice ..."
    assert alignment.sentence_words.words[alignment.pairs[2]] == "infection"


def test_a_sentence_word_stands_for_one_synonym_of_the_claim_only() -> None:
    claim = "Physical activity is reduced in patients and participants with pulmonary disease."
    alignment = align(claim, SCIFACT["26107000"])  # "... reduced in patients with ..."
    assert [alignment.claim_words.words[i] for i in alignment.unaccounted] == ["participants"]


def test_a_sign_word_is_no_synonym_of_a_change() -> None:
    claim = "Percent cells increased between SM and LM populations."
    alignment = align(claim, SCIFACT["623486"])  # "... in percent positive cells between ..."
    assert 2 not in alignment.pairs


def test_a_number_word_meets_the_same_number_in_digits() -> None:
    claim = "Ten percent of kidney cancers could be attributable to excess weight."
    alignment = align(claim, SCIFACT["4828631"])  # "... 10% or more of gallbladder, kidney ..."
    assert alignment.pairs[0] == alignment.pairs[1]
    assert alignment.sentence_words.words[alignment.pairs[0]] == "10%"
    assert not alignment.unaccounted
