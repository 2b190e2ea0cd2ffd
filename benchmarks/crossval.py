"""Grouped k-fold cross-validation of the verifier's model: fit, thresholds, scores.

Every weight and threshold of ``synth.verify.method.Model`` is fitted here on the
training folds only and scored on the fold left out, so the figures printed are
out-of-fold: no claim or abstract is scored by a model that saw it (pairs that share
a claim or an abstract are in one group, and a group is in one fold). The verdicts
themselves come from the product's own ``synth.verify.verifier.decide``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from synth.models import Verdict
from synth.verify.method import Features, Model
from synth.verify.verifier import Candidate, decide, reported, verdict_features

BINS = 10
# The precision each verdict is to reach, per setting (issue 12's targets).
SUPPORT_TARGETS = {"scifact": 0.85, "scifact-many": 0.85, "covidfact": 0.80, "vitaminc": 0.80}
CONTRADICT_TARGET = 0.70
SUPPORT_GRID = [round(0.5 + 0.01 * k, 2) for k in range(50)]
CONTRADICT_GRID = [0, 1, 2, 3]


@dataclass
class Assessed:
    """One case with the verifier's candidates for it (aligned and checked once)."""

    setting: str
    label: str
    group: str
    candidates: list[Candidate]


def fold_of(group: str, folds: int) -> int:
    """The fold of a cross-validation group, from a hash of its name (stable across runs)."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds


def chosen_features(case: Assessed, missing_words: int, model: Model | None) -> Features | None:
    """The features of the candidate a verdict reports under ``model`` (its confidence is
    the model's probability for them); without a model, of the closest candidate."""
    if not case.candidates:
        return None
    if model is None:
        return max(case.candidates, key=lambda c: c.rank(missing_words)).features
    found = reported(case.candidates, model)
    return None if found is None else verdict_features(*found)


def fit_weights(
    cases: Sequence[Assessed], missing_words: int, model: Model | None = None
) -> Features:
    """Logistic weights for P(SUPPORT) of the candidates verdicts under ``model`` report,
    each setting weighing the same (Newton's method with a light ridge penalty, the
    intercept unpenalised)."""
    rows, ys, sample = [], [], []
    count: dict[str, int] = defaultdict(int)
    for case in cases:
        count[case.setting] += 1
    for case in cases:
        x = chosen_features(case, missing_words, model)
        if x is None:
            continue
        rows.append(x)
        ys.append(1.0 if case.label == "SUPPORT" else 0.0)
        sample.append(1.0 / count[case.setting])
    x_arr, y_arr = np.array(rows), np.array(ys)
    s_arr = np.array(sample) / sum(sample) * len(sample)
    ridge = np.full(x_arr.shape[1], 1.0)
    ridge[0] = 0.0
    w = np.zeros(x_arr.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x_arr @ w, -30, 30)))
        grad = x_arr.T @ (s_arr * (p - y_arr)) + ridge * w
        hessian = (x_arr * (s_arr * p * (1 - p))[:, None]).T @ x_arr + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hessian, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Features(*(round(float(v), 3) for v in w))


def precision_recall(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, int]:
    """Precision, recall and number predicted (precision 0 when nothing is predicted)."""
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    n_pred, n_gold = sum(predicted), sum(gold)
    return (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0), n_pred


def _by_setting(cases: Sequence[Assessed]) -> dict[str, list[int]]:
    """The indices of the cases of each setting."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        found[case.setting].append(i)
    return found


def _utility(
    cases: Sequence[Assessed],
    settings: dict[str, list[int]],
    said: Sequence[bool],
    want: str,
    targets: dict[str, float],
) -> float:
    """Right verdicts less wrong ones, a wrong one costing ``p / (1 - p)`` right ones for the
    setting's target precision ``p`` (so a verdict is worth giving only where it is right at
    least that often), each setting counting the same."""
    total = 0.0
    for setting, idx in settings.items():
        target = targets[setting]
        right = sum(1 for i in idx if said[i] and cases[i].label == want)
        wrong = sum(1 for i in idx if said[i] and cases[i].label != want)
        total += (right - target / (1 - target) * wrong) / len(idx)
    return total


def fit_model(
    cases: Sequence[Assessed], missing_words: int = 0, keep: Sequence[Assessed] = ()
) -> Model:
    """Weights, then the support threshold and the contradiction coverage that do most good
    on ``cases`` by ``_utility`` at the target precisions (ties: the stricter one), the
    threshold no higher than keeps the claims of ``keep`` (the adversarial suite's true
    claims) supported; then the weights again on the candidates those verdicts report (a
    contradicted claim's confidence is the model's for the sentence stating the opposite),
    and the thresholds again."""
    model = _fit_thresholds(cases, fit_weights(cases, missing_words), missing_words, keep)
    weights = fit_weights(cases, missing_words, model)
    return _fit_thresholds(cases, weights, missing_words, keep)


def _fit_thresholds(
    cases: Sequence[Assessed], weights: Features, missing_words: int, keep: Sequence[Assessed]
) -> Model:
    """The support threshold and contradiction coverage for ``weights`` (``fit_model``)."""
    base = Model(weights, 1.0, -1, missing_words)
    confidence = [decide(c.candidates, base).confidence for c in cases]
    passing = [
        bool(c.candidates)
        and max(c.candidates, key=lambda x: x.rank(missing_words)).passes(missing_words)
        for c in cases
    ]
    settings = _by_setting(cases)

    def support_utility(tau: float) -> tuple[float, float]:
        said = [ok and p >= tau for ok, p in zip(passing, confidence, strict=True)]
        return _utility(cases, settings, said, "SUPPORT", SUPPORT_TARGETS), tau

    highest = min((decide(c.candidates, base).confidence for c in keep), default=SUPPORT_GRID[-1])
    support = max((t for t in SUPPORT_GRID if t <= highest), key=support_utility)
    contradict_targets = dict.fromkeys(settings, CONTRADICT_TARGET)

    def contradiction_utility(share: int) -> tuple[float, int]:
        model = Model(weights, support, share, missing_words)
        said = [decide(c.candidates, model).label == "contradicted" for c in cases]
        return _utility(cases, settings, said, "CONTRADICT", contradict_targets), -share

    contradict = max(CONTRADICT_GRID, key=contradiction_utility)
    return Model(weights, support, contradict, missing_words)


def out_of_fold(
    cases: Sequence[Assessed], folds: int, missing_words: int = 0, keep: Sequence[Assessed] = ()
) -> list[Verdict]:
    """Each case's verdict by a model fitted on the other folds (and ``keep``)."""
    fold = [fold_of(c.group, folds) for c in cases]
    verdicts: list[Verdict | None] = [None] * len(cases)
    for k in range(folds):
        training = [c for c, f in zip(cases, fold, strict=True) if f != k]
        model = fit_model(training, missing_words, keep)
        for i, c in enumerate(cases):
            if fold[i] == k:
                verdicts[i] = decide(c.candidates, model)
    return [v for v in verdicts if v is not None]


def calibration(scores: Sequence[float], positive: Sequence[bool]) -> tuple[float, list]:
    """Expected calibration error over equal-width bins, and (mean conf, rate, n) per bin."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(scores):
        groups[min(int(s * BINS), BINS - 1)].append(i)
    bins, ece = [], 0.0
    for b in range(BINS):
        idx = groups.get(b, [])
        if not idx:
            bins.append((0.0, 0.0, 0))
            continue
        conf = sum(scores[i] for i in idx) / len(idx)
        rate = sum(positive[i] for i in idx) / len(idx)
        ece += len(idx) / len(scores) * abs(conf - rate)
        bins.append((conf, rate, len(idx)))
    return ece, bins


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve (probability a positive outranks a negative, ties half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum = sum(r for r, p in zip(ranks, positive, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
