"""The ceiling of an alignment's coverage, from keys alone: never below the alignment, and
the verifier's shortcut (``could_match_all``) answering as the full computation does."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

import yaml
from support.paths import FIXTURES, SEED_PAPERS
from support.sentences import CX3CR1, FOLATE, SIV

from synth.text import split_sentences
from synth.verify.alignment import align, context_of
from synth.verify.ceiling import could_match_all, coverage_ceiling, match_universe, probes_of
from synth.verify.words import Words, words_of

ADVERSARIAL = FIXTURES / "adversarial_claims.yaml"
PAPERS = json.loads(SEED_PAPERS.read_text())
CLAIMS = [c["claim"] for c in yaml.safe_load(ADVERSARIAL.read_text())]
SENTENCES = [s for p in PAPERS[:6] for s in split_sentences(p["abstract"])]


def test_match_universe_holds_every_key_a_word_is_matched_by() -> None:
    for text in SENTENCES + CLAIMS:
        words = Words(text)
        stems, bares, families = words.key_sets
        expected = stems | bares | families | words.form_set | words.negated_bases.keys()
        expected |= {f"~{kind}" for kind in words.synonyms}
        expected |= {f"^{root}" for root in words.roots}
        expected |= {f"#{float(value)}" for value in words.number if value is not None}
        assert match_universe(text) == expected


def test_coverage_ceiling_is_never_below_the_coverage_of_the_alignment() -> None:
    claims = [*CLAIMS, SIV, FOLATE, CX3CR1]
    for paper in PAPERS:
        context = context_of(paper["abstract"])
        for sentence in split_sentences(paper["abstract"]) + [SIV, FOLATE, CX3CR1]:
            for claim in claims:
                ceiling = coverage_ceiling(claim, sentence, context)
                assert ceiling >= align(claim, sentence, context).coverage


def test_coverage_ceiling_rules_out_a_sentence_on_another_topic() -> None:
    assert coverage_ceiling("CX3CR1 prevents airway inflammation.", FOLATE) < 1.0
    assert coverage_ceiling("CX3CR1 prevents airway inflammation.", CX3CR1) == 1.0


def _spelled_out(sentence: str, defined: dict[str, tuple[str, ...]]) -> str:
    """The sentence with each short form its abstract defines written as its long form, in
    capitals (LLMs -> Large Language Models): matched only through an abbreviation."""
    for short, long in defined.items():
        title = " ".join(w.capitalize() for w in long)
        sentence = re.sub(rf"\b{re.escape(short)}\b", title, sentence, flags=re.IGNORECASE)
    return sentence


def test_could_match_all_answers_as_the_full_coverage_ceiling_does() -> None:
    # The shortcut works out a claim word's keys, the sentence's numbers and what could
    # stand in only when it needs them; the full computation builds them all. Texts: the
    # sentences of real abstracts as written, with their short forms spelled out (a word
    # then matched only through an abbreviation) and with "96.2%" as "96.2" (matched only
    # by its value), each against each, and the adversarial claims against them, with and
    # without the abstract's abbreviations (an acronym then stands in alone).
    outcomes: Counter[tuple[bool, bool]] = Counter()
    for abstract in _abstracts():
        context = context_of(abstract)
        sentences = split_sentences(abstract)
        spelled = [_spelled_out(s, context.abbreviations) for s in sentences]
        texts = list(
            dict.fromkeys([*sentences, *spelled, *(s.replace("%", "") for s in sentences)])
        )
        for sentence in texts:
            universe = match_universe(sentence)
            for claim, known in itertools.product([*texts, *CLAIMS], (context, None)):
                full = coverage_ceiling(claim, sentence, known) == 1.0
                assert could_match_all(claim, sentence, known) == full, (claim, sentence)
                cw, probes = words_of(claim), probes_of(claim)
                lacking = any(
                    not cw.words[i].isupper() and universe.isdisjoint(probes[i])
                    for i in cw.content_indices
                )
                outcomes[full, lacking] += 1
    # Every word found, some found only through a stand-in, and ruled out: all were met.
    assert outcomes[True, False] and outcomes[True, True] and outcomes[False, True]


def _abstracts() -> list[str]:
    """The seed papers' abstracts and the SciFact fixtures' (names abbreviated in mixed case:
    mTECs, Aire)."""
    found = [p["abstract"] for p in PAPERS]
    for name in ("verbatim_abstracts.jsonl", "synthesis_abstracts.jsonl"):
        lines = (FIXTURES / "scifact" / name).read_text(encoding="utf-8").splitlines()
        found += [" ".join(json.loads(line)["abstract"]) for line in lines]
    return found
