"""Words: the per-text index answers what same_word and tokenize answer (real abstracts)."""

from __future__ import annotations

import json

import yaml
from support.paths import FIXTURES, SEED_PAPERS

from synth.text import split_sentences
from synth.verify.alignment import same_word
from synth.verify.lexicon import tokenize
from synth.verify.words import Words

PAPERS = json.loads(SEED_PAPERS.read_text())
CLAIMS = [c["claim"] for c in yaml.safe_load((FIXTURES / "adversarial_claims.yaml").read_text())]
SENTENCES = [s for p in PAPERS[:6] for s in split_sentences(p["abstract"])]


def test_tokens_are_what_tokenize_gives() -> None:
    for text in SENTENCES + CLAIMS:
        assert list(Words(text).tokens) == tokenize(text)


def test_matching_finds_exactly_the_same_words() -> None:
    for claim in CLAIMS:
        claim_words = Words(claim)
        for sentence in SENTENCES[:20]:
            words = Words(sentence)
            for token, keys in zip(claim_words.tokens, claim_words.keys, strict=True):
                expected = {s.index for s in words.tokens if same_word(token, s)}
                assert words.matching(keys) == expected
                assert words.has_match(keys) == bool(expected)


def test_matches_once_is_matching_exactly_one_word() -> None:
    # The counted shortcut against the full positions, texts against themselves too (every
    # word matching at least itself, as when a claim is checked against its own sentence).
    outcomes = set()
    for claim in CLAIMS + SENTENCES:
        claim_words = Words(claim)
        for sentence in [claim, *SENTENCES[:20]]:
            words = Words(sentence)
            for keys in claim_words.keys:
                once = len(words.matching(keys)) == 1
                assert words.matches_once(keys) == once, (keys, sentence)
                outcomes.add(once)
    assert outcomes == {True, False}


def test_keys_met_once_at_two_places_are_two_words() -> None:
    # "modeling" has the stem of "models", "mod-els" its bare word: two words, each once.
    words = Words("Their modeling uses mod-els.")
    keys = Words("models").keys[0]
    assert words.matching(keys) == {1, 3}
    assert not words.matches_once(keys)


def test_hyphenated_and_plural_forms_match() -> None:
    words = Words("CX3CR1-deficient mice and large language models")
    claim = Words("cx3cr1deficient mouse model")
    assert words.matching(claim.keys[0]) == {0}
    assert words.matching(claim.keys[2]) == {5}


def test_facts_are_per_token() -> None:
    words = Words("Mixtral 8x7B did not increase costs by 13 percent in 2023.")
    assert words.entity[0] and not words.entity[3]
    assert words.negation[3]
    assert words.polarity[4] == ("change", 1)
    assert words.number[7] == 13.0
    assert words.year[10]


def test_a_scale_word_scales_the_number_before_it() -> None:
    words = Words("It infects 200 million people, and a million more.")
    assert words.number[2] == 2e8 and words.number[3] is None
