"""The kinds of error issue 12 found: what the verifier may not call supported.

The sentences are made-up examples of the same shape as the issue's (the issue's own
illustrations), except the example record's hypothesis, checked against its 14 real papers.
"""

from __future__ import annotations

import json

from support.paths import SEED_PAPERS

from synth.models import Source
from synth.verify.checks import (
    align,
    check_dates,
    check_debunking,
    check_negation,
    check_numbers,
    check_roles,
    check_statement,
    check_words,
    context_of,
    run_checks,
)
from synth.verify.verifier import sentences_of, verify

HYPOTHESIS = "Mixture of experts models are more robust to adversarial attacks than dense models."


def _seed_sources() -> list[Source]:
    papers = json.loads(SEED_PAPERS.read_text(encoding="utf-8"))
    return [
        Source(key=p["arxiv_id"] or p["doi"], title=p["title"], abstract=p["abstract"])
        for p in papers
    ]


def test_the_example_hypothesis_is_not_supported_by_a_topical_sentence() -> None:
    verdict = verify(HYPOTHESIS, sentences_of(_seed_sources()))
    assert verdict.label != "supported"


def test_a_topical_sentence_without_the_predicate_fails_the_words_check() -> None:
    sentence = "We release a suite featuring dense models and a Mixture-of-Experts model."
    finding = check_words(align(HYPOTHESIS, sentence))
    assert not finding.check.passed
    assert finding.check.detail == "'robust', 'adversarial', 'attacks' are not in the evidence"


def test_a_missing_predicate_is_not_supported() -> None:
    sentence = "Drug X was associated with increased mortality in patients with disease Y."
    verdict = verify(
        "Drug X cures disease Y.", sentences_of([Source(key="s", title="", abstract=sentence)])
    )
    assert verdict.label != "supported"


def test_every_word_accounted_for_by_inflection_and_synonym_passes() -> None:
    finding = check_words(align("Smoking causes lung tumours.", "Smoking caused lung cancer."))
    assert finding.check.passed


def test_swapped_sides_of_a_comparison_contradict() -> None:
    claim = "Smokers are more likely than nonsmokers to be admitted."
    sentence = "Nonsmokers are more likely to be admitted to hospital compared with smokers."
    finding = check_roles(align(claim, sentence))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_sides_kept_in_a_comparison_pass() -> None:
    claim = "Smokers are more likely than nonsmokers to be admitted."
    sentence = "Smokers are more likely to be admitted to hospital compared with nonsmokers."
    finding = check_roles(align(claim, sentence))
    assert finding is None or finding.check.passed


def test_a_direction_word_at_a_distance_still_opposes() -> None:
    claim = "Masks increase droplets."
    sentence = "Masks significantly reduced detection of virus in droplets."
    verdict = verify(claim, sentences_of([Source(key="s", title="", abstract=sentence)]))
    assert verdict.label != "supported"


def test_late_february_is_not_early_february() -> None:
    claim = "The outbreak began in late February."
    finding = check_dates(align(claim, "The outbreak began in late January or early February."))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "the claim says 'late February', the evidence 'early February'"


def test_the_same_part_of_a_month_passes() -> None:
    finding = check_dates(align("It began in late February.", "It began in late February."))
    assert finding is not None and finding.check.passed


def test_debunking_outside_the_matched_phrase_opposes() -> None:
    claim = "Vitamin C cures colds."
    sentence = "It was widely misquoted as saying that vitamin C cures colds, but this was untrue."
    finding = check_debunking(align(claim, sentence))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_a_claim_that_itself_debunks_is_not_opposed_for_it() -> None:
    claim = "There is no evidence that vitamin C cures colds."
    assert check_debunking(align(claim, "There is no evidence that vitamin C cures colds.")) is None


def test_an_open_question_does_not_support() -> None:
    claim = "Statins reduce mortality in the elderly."
    sentence = "It remains unclear whether statins reduce mortality in the elderly."
    verdict = verify(claim, sentences_of([Source(key="s", title="", abstract=sentence)]))
    assert verdict.label != "supported"
    assert "statement" in [c.name for c in verdict.checks if not c.passed]


def test_an_aim_is_not_a_finding() -> None:
    claim = "Fever occurs in patients with influenza."
    sentence = "We conducted a study to describe fever in patients with influenza."
    finding = check_statement(align(claim, sentence))
    assert finding is not None and not finding.check.passed


def test_negation_early_in_the_clause_counts() -> None:
    claim = "Vitamin D supplements reduced mortality in adults."
    sentence = (
        "We found no evidence in this large trial that vitamin D supplements reduced mortality."
    )
    finding = check_negation(align(claim, sentence))
    assert not finding.check.passed


def test_a_claim_saying_no_evidence_agrees_with_a_sentence_saying_so() -> None:
    claim = "The trial found no evidence that vitamin D reduced mortality."
    sentence = (
        "In this large trial, we found no evidence that vitamin D supplements reduced mortality."
    )
    assert check_negation(align(claim, sentence)).check.passed


def test_did_not_exhibit_symptoms_is_asymptomatic() -> None:
    claim = "Most infected children were asymptomatic."
    sentence = "Most infected children did not exhibit symptoms."
    findings = run_checks(align(claim, sentence))
    assert all(f.check.passed for f in findings), [f.check for f in findings]


def test_an_abbreviation_the_abstract_defines_is_the_same_name() -> None:
    abstract = "We studied coronavirus disease 2019 (COVID-19) in Wuhan."
    sentence = "Coronavirus disease 2019 spread quickly in Wuhan."
    findings = run_checks(
        align("COVID-19 spread quickly in Wuhan.", sentence, context_of(abstract))
    )
    assert all(f.check.passed for f in findings), [f.check for f in findings]


def test_a_bound_met_by_the_evidence_passes() -> None:
    claim = "Octopussy was released in more than 15 countries."
    sentence = "Within five months it was released in 16 countries worldwide."
    finding = check_numbers(align(claim, sentence))
    assert finding is not None and finding.check.passed


def test_a_bound_the_evidence_breaks_fails() -> None:
    claim = "Octopussy was released in more than 15 countries."
    finding = check_numbers(align(claim, "It was released in 12 countries worldwide."))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_a_bound_is_not_met_by_a_weaker_bound() -> None:
    claim = "Over 70% of the prompts keep their meaning."
    finding = check_numbers(align(claim, "Over 90% of the prompts keep their meaning."))
    assert finding is not None and not finding.check.passed


def test_thousands_of_numbers_in_reverse_order_are_found_and_swapped() -> None:
    # The checks are linear in the numbers (benchmarks/verify_quality.py times this case).
    claim = " ".join(f"{n} items and" for n in range(4000))
    sentence = " ".join(f"{n} items or" for n in reversed(range(4000)))
    al = align(claim, sentence)
    numbers, roles = check_numbers(al), check_roles(al)
    assert numbers is not None and numbers.check.passed
    assert roles is not None and not roles.check.passed
