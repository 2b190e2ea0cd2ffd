"""How the verifier decides: its thresholds, its calibration model and the method in words.

Kept apart from the verifier itself so that a page can state the method without the
build loading numpy and rapidfuzz to do so.
"""

from __future__ import annotations

import math
from typing import NamedTuple

TOP_CANDIDATES = 3  # sentences per claim that get the word-level checks


class Features(NamedTuple):
    """The calibration model's inputs for one claim/sentence pair."""

    intercept: float
    coverage: float  # weighted share of the claim's content words the sentence matches
    union: float  # share of the claim the top sentences match together
    similarity: float  # token-set similarity / 100
    failed: float  # a check other than the words check failed
    opposes: float  # a failed check found the evidence stating the opposite
    aim: float  # the sentence states an aim, question or method
    finding: float  # the sentence states a finding
    agrees: float  # the evidence states the claim's direction at the same phrase
    statistics: float  # the sentence reports statistics
    length: float  # the claim's content words / 20, capped at 1
    crowd: float  # log10 of the sentences the claim was checked against / 3, capped at 1
    phrasing: float  # share of consecutive matched claim words kept together in order
    complete: float  # the sentence accounts for every content word of the claim
    verbatim: float  # the sentence states the claim word for word
    contradicts: float  # the verdict shows this sentence as stating the opposite of the claim


class Model(NamedTuple):
    """What the verifier decides with: logistic weights and two thresholds."""

    weights: Features
    support: float  # P(supported) at and above which a claim passing every check is supported
    contradict: int  # claim content words a sentence stating the opposite may lack
    # Claim content words a supporting sentence may lack (0: every one must be accounted for;
    # benchmarks/verify_quality.py measures what allowing more would cost).
    missing_words: int = 0


# Fitted on SciFact dev, COVID-Fact and VitaminC (benchmarks/verify_quality.py --fit), whose
# out-of-fold figures are the ones reported.
MODEL = Model(
    weights=Features(
        intercept=-1.525,
        coverage=0.623,
        union=1.748,
        similarity=-0.017,
        failed=-0.383,
        opposes=-0.599,
        aim=-0.06,
        finding=0.098,
        agrees=0.131,
        statistics=0.14,
        length=-0.002,
        crowd=-0.17,
        phrasing=0.15,
        complete=1.358,
        verbatim=1.178,
        contradicts=-2.983,
    ),
    support=0.73,
    contradict=0,
)
# A claim with no sentence to weigh at all.
NO_EVIDENCE = Features(1.0, *([0.0] * (len(Features._fields) - 1)))


def probability(x: Features, weights: Features = MODEL.weights) -> float:
    """The logistic model's P(supported) for the features ``x``."""
    z = sum(w * v for w, v in zip(weights, x, strict=True))
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def describe_method() -> str:
    """How verification works, with its thresholds, for the report's Methodology section."""
    lacking = (
        "at most one of the claim's words"
        if MODEL.contradict == 1
        else f"at most {MODEL.contradict} of the claim's words"
        if MODEL.contradict
        else "none of the claim's words"
    )
    return (
        "Each claim is scored against every sentence of the abstracts with rapidfuzz "
        f"(token-set similarity, one vectorised pass); the {TOP_CANDIDATES} best sentences are "
        "aligned word by word and checked. Similarity only finds the sentence: to support a "
        "claim, the sentence must account for every content word of it, what it says of its "
        "subject above all (the same word or an inflection, a noun in -ion for its verb, a "
        "number however written, an abbreviation the abstract defines, a listed synonym or a "
        "negated antonym; a name or, in a sentence referring back, a plain word may be stated "
        "earlier in its abstract), and put no other word in the place of one of the claim's "
        "nor go on where the claim stops short; it must state a finding, not an aim or an open "
        "question, and not call the statement false or unfounded; and its numbers (with their "
        "units, scale words and bounds), dates, named entities, negation, direction words, "
        "quantifiers, ordinals and compared sides must agree with the claim's. A logistic model "
        "over the checks, the words matched and the similarity gives the confidence, the "
        "probability that the claim is supported (for a contradicted claim too); its weights "
        "and thresholds were fitted on SciFact, COVID-Fact and VitaminC, and "
        "benchmarks/verify_quality.py reports their out-of-fold precision. A claim is "
        "*supported* when every check passes and the confidence is at least "
        f"{MODEL.support:.2f}; *contradicted* when a sentence lacking {lacking}, and matching "
        "more of the claim than any supporting sentence, states the opposite; otherwise *not "
        "found*, shown with its closest sentence. A claim attributed to a source is checked "
        "against that source only."
    )
