"""A claim word put in the place of another word of the evidence (SciFact sentences)."""

from __future__ import annotations

import json

from support.paths import FIXTURES

from synth.verify.checks import align
from synth.verify.substitution import check_substitution

SENTENCES = json.loads((FIXTURES / "scifact" / "evidence_sentences.json").read_text("utf-8"))
CURLI = SENTENCES["1834762"]  # "... curli-producing bacteria triggered higher autoantibody titers"


def test_a_function_word_in_the_place_of_a_content_word_fails() -> None:
    claim = "The infection of lupus-prone mice with curli-producing bacteria had higher titers."
    finding = check_substitution(align(claim, CURLI))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == "the claim says 'had' where the evidence says 'triggered'"


def test_the_words_check_alone_misses_a_changed_function_word() -> None:
    claim = "The infection of lupus-prone mice with curli-producing bacteria had higher titers."
    assert not align(claim, CURLI).unaccounted


def test_another_article_is_no_substitution() -> None:
    claim = (
        "An infection of lupus-prone mice with curli-producing bacteria triggered higher titers."
    )
    finding = check_substitution(align(claim, CURLI))
    assert finding is not None and finding.check.passed


def test_a_synonym_standing_elsewhere_does_not_hide_the_word_in_its_place() -> None:
    # "individuals" is a listed synonym of "patients", which the sentence has nowhere near;
    # where the claim says it, the sentence says "mice".
    claim = (
        "The infection of lupus-prone individuals with curli-producing bacteria triggered titers."
    )
    sentence = CURLI + " Patients were not studied."
    finding = check_substitution(align(claim, sentence))
    assert finding is not None and not finding.check.passed
    assert "'individuals' where the evidence says 'mice'" in finding.check.detail


def test_a_claim_that_stops_short_of_its_phrase_fails() -> None:
    claim = "Curli-producing bacteria triggered higher autoantibody titers compared to"
    finding = check_substitution(align(claim, CURLI))
    assert finding is not None and not finding.check.passed
    assert finding.check.detail == (
        "the claim ends at 'to' where the evidence goes on with 'curli-deficient'"
    )


def test_a_claim_ending_where_its_phrase_ends_passes() -> None:
    claim = "Curli-producing bacteria triggered higher autoantibody titers in lupus-prone mice."
    finding = check_substitution(align(claim, CURLI))
    assert finding is None or finding.check.passed
