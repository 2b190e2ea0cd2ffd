"""What a sentence says about itself: aims, open questions, debunking."""

from __future__ import annotations

from synth.verify.cues import asks, debunks, statement_kind


def test_debunking_words_are_found_anywhere_in_the_sentence() -> None:
    sentence = "The figure was widely misquoted as 50% in the press, but this was untrue."
    assert debunks(sentence) == "misquoted"


def test_no_evidence_is_debunking() -> None:
    assert debunks("There is no convincing evidence that masks reduce transmission.")


def test_a_false_positive_rate_is_not_debunking() -> None:
    assert debunks("The false positive rate was 2%.") == ""


def test_an_aim_is_asked_not_stated() -> None:
    assert asks("We conducted a study to describe the symptoms in patients.")


def test_an_open_question_is_asked_not_stated() -> None:
    assert asks("It remains unclear whether statins reduce mortality.")


def test_a_method_sentence_is_not_an_open_question() -> None:
    sentence = "We asked Copilot to automatically generate 892 Java methods."
    assert not asks(sentence) and statement_kind(sentence) < 0
