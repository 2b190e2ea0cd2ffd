"""How the verifier decides: its thresholds, its calibration model and the method in words.

Kept apart from the verifier itself so that a page can state the method without the
build loading numpy and rapidfuzz to do so.
"""

from __future__ import annotations

import math
from typing import NamedTuple

TOP_CANDIDATES = 3  # sentences per claim that get the word-level checks
SUPPORT_THRESHOLD = 0.63  # confidence at and above which a claim passing every check is supported
SUPPORT_MIN_COVERAGE = 0.5  # share of the claim the supporting sentence itself must match
CONTRADICT_MIN_COVERAGE = 0.6  # share of the claim a sentence must match to contradict it


class Features(NamedTuple):
    """The calibration model's inputs for one claim/sentence pair."""

    intercept: float
    coverage: float  # weighted share of the claim's content words the sentence matches
    union: float  # share of the claim the top sentences match together
    similarity: float  # token-set similarity / 100
    failed: float  # a check failed
    opposes: float  # a failed check found the evidence stating the opposite
    aim: float  # the sentence states an aim, question or method
    finding: float  # the sentence states a finding
    agrees: float  # the evidence states the claim's direction at the same phrase
    statistics: float  # the sentence reports statistics
    length: float  # the claim's content words / 20, capped at 1


# Logistic weights, fitted on SciFact dev (benchmarks/verify_quality.py --fit).
WEIGHTS = Features(
    intercept=-2.465,
    coverage=1.186,
    union=2.739,
    similarity=1.478,
    failed=-0.727,
    opposes=-1.053,
    aim=-0.919,
    finding=0.105,
    agrees=-0.058,
    statistics=-0.220,
    length=-0.621,
)
# What only aligning and checking a sentence tells (the rest is known from its text alone).
UNKNOWN_UNTIL_ALIGNED = ("coverage", "failed", "opposes", "agrees")
# A claim with no sentence to weigh at all.
NO_EVIDENCE = Features(1.0, *([0.0] * (len(Features._fields) - 1)))


def probability(x: Features) -> float:
    """The logistic model's P(supported) for the features ``x``."""
    z = sum(w * v for w, v in zip(WEIGHTS, x, strict=True))
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def describe_method() -> str:
    """How verification works, with its thresholds, for the report's Methodology section."""
    return (
        "Each claim is scored against every sentence of the abstracts with rapidfuzz "
        f"(token-set similarity, one vectorised pass); the {TOP_CANDIDATES} best sentences are "
        "aligned word by word and checked: numbers (with their units), dates, named entities, "
        "negation, direction words, quantifiers and roles must agree with the claim at the "
        "aligned phrase. A logistic model over coverage, similarity and the checks gives the "
        "confidence (fitted on the SciFact dev claims; see benchmarks/verify_quality.py). A claim "
        f"is *supported* when every check passes, the sentence matches at least "
        f"{SUPPORT_MIN_COVERAGE:.0%} of it and the confidence is at least {SUPPORT_THRESHOLD:.2f}; "
        "*contradicted* when a sentence matching at least "
        f"{CONTRADICT_MIN_COVERAGE:.0%} of it, and more closely than any supporting sentence, "
        "states the opposite; otherwise *not found*. "
        "A claim attributed to a source is checked against that source only."
    )
