"""The word-level checks of a claim against one evidence sentence."""

from __future__ import annotations

import json

from support.paths import FIXTURES, SEED_PAPERS

from synth.text import split_sentences
from synth.verify.checks import (
    CHECKS,
    align,
    check_dates,
    check_debunking,
    check_direction,
    check_entities,
    check_negation,
    check_numbers,
    check_ordinals,
    check_quantifiers,
    check_roles,
    check_statement,
    check_words,
    context_of,
    run_checks,
)

CHATGPT = (
    "Large Language Models (LLMs) have drawn a lot of attention due to their strong performance "
    "on a wide range of natural language tasks, since the release of ChatGPT in November 2022."
)
MIXTRAL = (
    "Mixtral was trained with a context size of 32k tokens and it outperforms or matches "
    "Llama 2 70B and GPT-3.5 across all evaluated benchmarks."
)
DEXA = (
    "Dexamethasone decreased the risk of PONV dose dependently but was associated with an "
    "increased risk of postoperative bleeding."
)

PAPERS_FOR_NAMES = json.loads(SEED_PAPERS.read_text(encoding="utf-8"))


def test_year_not_in_evidence_is_explained_with_the_year_it_says() -> None:
    finding = check_dates(align("ChatGPT was released in November 2021.", CHATGPT))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "2021 is not in the evidence, which says 2022"
    assert finding.opposes


def test_matching_month_and_year_pass() -> None:
    finding = check_dates(align("ChatGPT was released in November 2022.", CHATGPT))
    assert finding is not None and finding.check.passed


def test_number_with_other_value_fails() -> None:
    finding = check_numbers(align("Mixtral was trained with a context size of 8k tokens.", MIXTRAL))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "8k is not in the evidence, which says 32k"


def test_number_attached_to_another_thing_fails() -> None:
    sentence = "Each layer is composed of 8 feedforward blocks, and the model reads 4 tokens."
    finding = check_numbers(align("Each layer reads 8 tokens.", sentence))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail.startswith("'8 tokens' is not in the evidence")


def test_direction_is_compared_at_the_aligned_phrase() -> None:
    finding = check_direction(align("Dexamethasone decreases risk of postoperative bleeding", DEXA))
    assert finding is not None and not finding.check.passed
    assert "the claim says 'decreases', the evidence says 'increased'" in finding.check.detail


def test_same_direction_at_the_aligned_phrase_passes() -> None:
    finding = check_direction(align("Dexamethasone decreases the risk of PONV.", DEXA))
    assert finding is not None and finding.check.passed


def test_negative_prefix_reverses_a_direction_word() -> None:
    sentence = "They participate in the regulation of apoptosis."
    finding = check_direction(align("Mitochondria are uninvolved in apoptosis.", sentence))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_negation_in_claim_but_not_evidence_fails() -> None:
    finding = check_negation(align("ChatGPT was not released in November 2022.", CHATGPT))
    assert not finding.check.passed and finding.opposes


def test_prefix_negation_counts_as_negation() -> None:
    sentence = (
        "Ambulatory monitoring is more accurate than clinic monitoring in diagnosing hypertension."
    )
    finding = check_negation(
        align("Ambulatory monitoring is inaccurate at diagnosing hypertension.", sentence)
    )
    assert not finding.check.passed


def test_missing_name_is_explained_with_the_name_the_evidence_gives() -> None:
    sentence = "We show that DeepSeekMoE 2B achieves comparable performance with GShard 2.9B."
    finding = check_entities(align("Mixtral 2B achieves comparable performance.", sentence))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "'Mixtral' is not in the evidence (it names 'DeepSeekMoE')"


def test_stronger_quantifier_than_evidence_fails() -> None:
    sentence = "Most LLMs excel in traditional code generation benchmarks."
    finding = check_quantifiers(align("All LLMs excel in code generation benchmarks.", sentence))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "the claim says 'All', the evidence says 'most'"


def test_swapped_numbers_fail_roles() -> None:
    sentence = "o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2% on HumanEval Pro."
    claim = "o1-mini achieves 76.2% pass@1 on HumanEval but only 96.2% on HumanEval Pro."
    finding = check_roles(align(claim, sentence))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_list_reordered_with_its_names_keeps_roles() -> None:
    sentence = "Qwen2-72B scores 84.2 on MMLU, 37.9 on GPQA and 64.6 on HumanEval."
    finding = check_roles(align("Qwen2-72B scores 37.9 on GPQA and 84.2 on MMLU.", sentence))
    assert finding is not None and finding.check.passed


def test_span_covers_the_matched_words() -> None:
    alignment = align("ChatGPT was released in November 2022.", CHATGPT)
    start, end = alignment.span
    assert CHATGPT[start:end] == "release of ChatGPT in November 2022"


def test_name_stated_elsewhere_in_the_abstract_passes() -> None:
    # Mixtral of Experts (arXiv 2401.04088): the sentence says "each token", the abstract
    # names the model in other sentences.
    abstract = next(p["abstract"] for p in PAPERS_FOR_NAMES if p["arxiv_id"] == "2401.04088")
    sentence = (
        "As a result, each token has access to 47B parameters, but only uses 13B active "
        "parameters during inference."
    )
    claim = "Each token of Mixtral uses only 13B active parameters during inference."
    finding = check_entities(align(claim, sentence, context_of(abstract)))
    assert finding is not None and finding.check.passed


def test_name_missing_from_sentence_and_abstract_fails() -> None:
    sentence = (
        "As a result, each token has access to 47B parameters, but only uses 13B active "
        "parameters during inference."
    )
    claim = "Each token of Mixtral uses only 13B active parameters during inference."
    finding = check_entities(align(claim, sentence, context_of(sentence)))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "'Mixtral' is not in the evidence"


def test_other_name_in_the_place_of_the_claims_name_fails_despite_the_abstract() -> None:
    sentence = "o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2% on HumanEval Pro."
    claim = "o1-mini achieves 96.2% pass@1 on MBPP but only 76.2% on HumanEval Pro."
    finding = check_entities(align(claim, sentence, context_of(sentence + " MBPP is used.")))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "'MBPP' is not in the evidence (it names 'HumanEval')"


def _scifact_sentence(start: str) -> str:
    """The sentence of the SciFact fixture abstracts that begins with ``start``."""
    path = FIXTURES / "scifact" / "verbatim_abstracts.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        for sentence in json.loads(line)["abstract"]:
            if sentence.startswith(start):
                return str(sentence)
    raise LookupError(start)


def test_sentence_naming_both_directions_agrees_with_itself() -> None:
    sentence = _scifact_sentence("We propose as an alternative explanation")
    finding = check_direction(align(sentence, sentence))
    assert finding is not None and finding.check.passed and finding.agrees


def test_negation_at_the_end_of_a_word_for_word_claim_is_in_the_evidence() -> None:
    sentence = _scifact_sentence("Common CIMT showed a positive correlation")
    assert check_negation(align(sentence, sentence)).check.passed


def test_negation_just_before_a_claim_quoted_word_for_word_still_fails() -> None:
    sentence = _scifact_sentence("Common CIMT showed a positive correlation")
    finding = check_negation(align("correlation with the rest of the body", sentence))
    assert not finding.check.passed and finding.opposes


def test_name_that_is_also_a_common_word_passes_where_written_alike() -> None:
    sentence = _scifact_sentence("Besides, the OR among men")
    finding = check_entities(align("The OR among men increased from 1.6 to 3.4.", sentence))
    assert finding is not None and finding.check.passed


def test_a_sentence_checked_against_itself_gets_what_each_check_gives() -> None:
    texts = [p["abstract"] for p in PAPERS_FOR_NAMES]
    path = FIXTURES / "scifact" / "verbatim_abstracts.jsonl"
    texts += [" ".join(json.loads(line)["abstract"]) for line in path.read_text().splitlines()]
    sentences = [s for text in texts for s in split_sentences(text)]
    assert len(sentences) > 100
    for sentence in sentences:
        al = align(sentence, sentence)
        assert run_checks(al) == [f for check in CHECKS if (f := check(al)) is not None]


HYPOTHESIS = "Mixture of experts models are more robust to adversarial attacks than dense models."


def test_a_topical_sentence_without_the_predicate_fails_the_words_check() -> None:
    sentence = "We release a suite featuring dense models and a Mixture-of-Experts model."
    finding = check_words(align(HYPOTHESIS, sentence))
    assert not finding.check.passed
    assert finding.check.detail == "'robust', 'adversarial', 'attacks' are not in the evidence"


def test_every_word_accounted_for_by_inflection_and_synonym_passes() -> None:
    finding = check_words(align("Smoking causes lung tumours.", "Smoking caused lung cancer."))
    assert finding.check.passed


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


SCIFACT = json.loads((FIXTURES / "scifact" / "evidence_sentences.json").read_text("utf-8"))


def test_another_one_of_a_series_than_the_evidence_names_is_stated_otherwise() -> None:
    claim = "This is another report of the relationship between PAD and ADAMTS7 expression."
    finding = check_ordinals(align(claim, SCIFACT["3093512"]))  # "This is the first report"
    assert finding is not None and not finding.check.passed and finding.opposes
    assert finding.check.detail == "the claim says 'another', the evidence says 'first'"


def test_the_same_one_of_a_series_passes() -> None:
    claim = "This is the first report of the relationship between PAD and ADAMTS7 expression."
    finding = check_ordinals(align(claim, SCIFACT["3093512"]))
    assert finding is not None and finding.check.passed


def test_a_number_without_the_scale_word_of_the_evidence_fails() -> None:
    claim = "Hepatitis C virus infects 200 people worldwide."
    finding = check_numbers(align(claim, SCIFACT["4402497"]))  # "infects 200 million people"
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "200 is not in the evidence, which says 200 million"


def test_a_number_with_the_scale_word_of_the_evidence_passes() -> None:
    finding = check_numbers(align("HCV infects 200 million people.", SCIFACT["4402497"]))
    assert finding is not None and finding.check.passed


def test_a_percentage_in_words_meets_one_in_digits() -> None:
    claim = "Ten percent of kidney cancers could be attributable to excess weight."
    finding = check_numbers(align(claim, SCIFACT["4828631"]))  # "10% or more of ... kidney"
    assert finding is not None and finding.check.passed
