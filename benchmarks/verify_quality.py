"""Measure the verifier out-of-fold on four settings, and on the adversarial cases.

Runs the product's verifier (``synth.verify.verifier``, the code behind ``synth verify``
and ``synth check-claim``) on each setting of ``claimsets`` (SciFact dev against the cited
abstracts; SciFact dev against the cited plus 15 similar abstracts; COVID-Fact; VitaminC).
Every weight and threshold is fitted by grouped k-fold cross-validation (``crossval``):
the figures are out-of-fold, with the in-sample ones (the committed model scored on the
data it was fitted on) beside them, labelled. Per setting it prints precision/recall of
``supported`` against SUPPORT and of ``contradicted`` against CONTRADICT, ROC-AUC and the
expected calibration error of the confidence, the precision/recall curve over the
support threshold, what allowing claim words to be missing would cost, and a plain
``token_set_ratio >= 70`` baseline; it draws a reliability diagram per setting into
``benchmarks/out/``. Then throughput against raw cdist, and the adversarial cases.

    .venv/bin/python benchmarks/verify_quality.py [--data DIR] [--folds 5] [--fit]

``--fit`` prints the model fitted on all four settings, to paste into
``synth/verify/method.py``. The held-out sets (*.enc) are reserved and never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import claimsets  # noqa: E402
import crossval  # noqa: E402
from crossval import Assessed, calibration, precision_recall, roc_auc  # noqa: E402
from rapidfuzz import fuzz, process, utils  # noqa: E402
from reliability_png import draw_reliability  # noqa: E402

from synth.models import Claim, Source, Verdict  # noqa: E402
from synth.verify.checks import align, run_checks  # noqa: E402
from synth.verify.method import MODEL, Model  # noqa: E402
from synth.verify.verifier import (  # noqa: E402
    assess,
    clear_caches,
    decide,
    sentences_of,
    verify,
    verify_claims,
)

ADVERSARIAL = ROOT / "tests" / "fixtures" / "adversarial_claims.yaml"
PAPERS = ROOT / "questions" / "papers" / "seed_question_papers.json"
OUT = ROOT / "benchmarks" / "out"


def assess_all(data: Path, settings: list[str]) -> list[Assessed]:
    """Every case of every setting with its candidates, aligned and checked once."""
    found = []
    for setting in settings:
        start = time.perf_counter()
        cases = claimsets.load(setting, data)
        for case in cases:
            candidates = assess(case.claim, sentences_of(case.sources))
            for c in candidates:
                c.features  # noqa: B018 -- runs the checks once, here, not in every fold
            found.append(Assessed(setting, case.label, case.group, candidates))
        elapsed = time.perf_counter() - start
        print(f"  {setting}: {len(cases)} cases {dict(Counter(c.label for c in cases))} "
              f"({elapsed:.1f} s)", flush=True)  # fmt: skip
    return found


def scores(cases: list[Assessed], verdicts: list[Verdict]) -> dict[str, float]:
    """P/R of supported and contradicted, ECE and ROC-AUC of the confidence."""
    gold = [c.label for c in cases]
    ps, rs, ns = precision_recall(
        [v.label == "supported" for v in verdicts], [g == "SUPPORT" for g in gold]
    )
    pc, rc, nc = precision_recall(
        [v.label == "contradicted" for v in verdicts], [g == "CONTRADICT" for g in gold]
    )
    confidence = [v.confidence for v in verdicts]
    positive = [g == "SUPPORT" for g in gold]
    ece, _ = calibration(confidence, positive)
    auc = roc_auc(confidence, positive)
    return {"ps": ps, "rs": rs, "ns": ns, "pc": pc, "rc": rc, "nc": nc, "ece": ece, "auc": auc}


def row(name: str, s: dict[str, float], contradictions: bool) -> str:
    """One line of the figures table."""
    contra = f"{s['pc']:.3f} / {s['rc']:.3f} ({s['nc']:>4.0f})" if contradictions else "   -"
    return (
        f"  {name:<26} {s['ps']:.3f} / {s['rs']:.3f} ({s['ns']:>4.0f})   {contra:<22} "
        f"{s['ece']:.3f}  {s['auc']:.3f}"
    )


def baseline(cases: list[claimsets.Case]) -> tuple[float, float]:
    """P/R of calling a claim supported when its best sentence has token_set_ratio >= 70."""
    predicted = []
    for case in cases:
        texts = [s.text for s in sentences_of(case.sources)]
        best = max(
            (fuzz.token_set_ratio(case.claim, t, processor=utils.default_process) for t in texts),
            default=0.0,
        )
        predicted.append(best >= 70)
    p, r, _ = precision_recall(predicted, [c.label == "SUPPORT" for c in cases])
    return p, r


def report(cases: list[Assessed], keep: list[Assessed], folds: int, data: Path) -> None:
    """The out-of-fold and in-sample figures per setting, curves and diagrams."""
    oof = crossval.out_of_fold(cases, folds, 0, keep)
    insample = [decide(c.candidates, MODEL) for c in cases]
    settings = list(dict.fromkeys(c.setting for c in cases))
    print(
        f"\nper setting: supported P / R (n), contradicted P / R (n), ECE, ROC-AUC ({folds} folds)"
    )
    for setting in settings:
        idx = [i for i, c in enumerate(cases) if c.setting == setting]
        subset = [cases[i] for i in idx]
        contra = any(c.label == "CONTRADICT" for c in subset)
        print(f" {setting}")
        print(row("out-of-fold", scores(subset, [oof[i] for i in idx]), contra))
        print(
            row("in-sample (committed model)", scores(subset, [insample[i] for i in idx]), contra)
        )
        ece, bins = calibration(
            [oof[i].confidence for i in idx], [c.label == "SUPPORT" for c in subset]
        )
        draw_reliability(bins, OUT / f"reliability-{setting}.png")
        for k, (conf, rate, n) in enumerate(bins):
            if n:
                print(f"    bin {k / 10:.1f}-{(k + 1) / 10:.1f}: n={n:<5} conf {conf:.2f} "
                      f"observed {rate:.2f}")  # fmt: skip
        p, r = baseline(claimsets.load(setting, data))
        print(f"    baseline token_set_ratio >= 70: supported P {p:.3f} / R {r:.3f}")
    print(f"  reliability diagrams: {(OUT / 'reliability-<setting>.png').relative_to(ROOT)}")
    curve(cases, oof, settings)
    print("\nthe words rule alone (no threshold): P / R of supported when the closest sentence")
    print("passes every check but may lack k of the claim's content words (k = 0 is the method)")
    for missing in (0, 1, 2, 3, 5, 99):
        parts = []
        for setting in settings:
            idx = [i for i, c in enumerate(cases) if c.setting == setting]
            said = [
                bool(cases[i].candidates)
                and max(cases[i].candidates, key=lambda c: c.rank(missing)).passes(missing)
                for i in idx
            ]
            p, r, _ = precision_recall(said, [cases[i].label == "SUPPORT" for i in idx])
            parts.append(f"{setting} {p:.3f} / {r:.3f}")
        print(f"  k = {missing:>2}: " + "; ".join(parts))


def curve(cases: list[Assessed], oof: list[Verdict], settings: list[str]) -> None:
    """Precision and recall of supported over the support threshold (out-of-fold confidence
    of the claims whose closest sentence passes every check)."""
    print("\nsupport threshold curve (out-of-fold confidence): P / R")
    for tau in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        parts = []
        for setting in settings:
            idx = [i for i, c in enumerate(cases) if c.setting == setting]
            passing = [
                bool(cases[i].candidates)
                and max(cases[i].candidates, key=lambda c: c.rank()).passes()
                for i in idx
            ]
            p, r, _ = precision_recall(
                [ok and oof[i].confidence >= tau for ok, i in zip(passing, idx, strict=True)],
                [cases[i].label == "SUPPORT" for i in idx],
            )
            parts.append(f"{setting} {p:.3f} / {r:.3f}")
        print(f"  >= {tau:.2f}: " + "; ".join(parts))


def batch_throughput(data: Path, n_claims: int = 300) -> None:
    """Time ``verify_claims`` on many claims x many sentences against raw ``process.cdist``."""
    cases = claimsets.scifact(data)
    texts_seen = sorted({c.claim for c in cases})[:n_claims]
    claims = [Claim(str(i), text, "question") for i, text in enumerate(texts_seen)]
    sources = list({s.key: s for c in cases for s in c.sources}.values())[:64]
    texts = [s.text for s in sentences_of(sources)]
    best_verify = best_cdist = float("inf")
    for _ in range(3):  # best of three: the least disturbed run of each
        clear_caches()  # each run starts cold, as a fresh `synth verify` does
        start = time.perf_counter()
        verify_claims(claims, sources)
        best_verify = min(best_verify, time.perf_counter() - start)
        start = time.perf_counter()
        process.cdist([c.text for c in claims], texts, scorer=fuzz.token_set_ratio,
                      processor=utils.default_process, workers=-1)  # fmt: skip
        best_cdist = min(best_cdist, time.perf_counter() - start)
    n = len(claims) * len(texts)
    print(
        f"\nverify_claims: {len(claims)} claims x {len(texts)} sentences in {best_verify:.2f} s "
        f"({n / best_verify:,.0f} pairs/s); raw cdist {best_cdist:.2f} s "
        f"({n / best_cdist:,.0f} pairs/s); ratio {best_cdist / best_verify:.2f}x of raw cdist"
    )


def many_numbers(count: int = 30_000) -> None:
    """Time aligning and checking a claim and a sentence of ``count`` numbers each, in
    opposite orders (issue 15: 389K characters took 23 s when the checks were quadratic)."""
    claim = " ".join(f"{n} items and" for n in range(count))
    sentence = " ".join(f"{n} items or" for n in reversed(range(count)))
    start = time.perf_counter()
    findings = run_checks(align(claim, sentence))
    elapsed = time.perf_counter() - start
    failed = [f.check.name for f in findings if not f.check.passed]
    print(f"\n{count:,} numbers ({len(claim) + len(sentence):,} characters) aligned and "
          f"checked in {elapsed:.2f} s (failed: {', '.join(failed) or 'none'})")  # fmt: skip


def adversarial_cases() -> list[tuple[dict[str, str], Source]]:
    """The adversarial suite's cases, each with its paper as a ``Source``."""
    papers = {p["arxiv_id"] or p["doi"]: p for p in json.loads(PAPERS.read_text())}
    cases = yaml.safe_load(ADVERSARIAL.read_text(encoding="utf-8"))
    return [
        (case, Source(key=case["paper"], title=p["title"], abstract=p["abstract"]))
        for case in cases
        for p in [papers[case["paper"]]]
    ]


def must_support() -> list[Assessed]:
    """The adversarial suite's true claims, which every fitted threshold must keep supported."""
    return [
        Assessed("adversarial", "SUPPORT", case["paper"], assess(case["claim"], sentences_of([s])))
        for case, s in adversarial_cases()
        if case["expected"] == "supported"
    ]


def adversarial() -> None:
    """Print the share of adversarial cases the verifier gets right, per category."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case, source in adversarial_cases():
        label = verify(case["claim"], sentences_of([source])).label
        ok = label == case["expected"] or (
            case["expected"] == "not-supported" and label != "supported"
        )
        total[case["category"]] += 1
        right[case["category"]] += ok
    print(f"\nadversarial cases: {sum(right.values())}/{sum(total.values())} as expected")
    for category in sorted(total):
        rate = right[category] / total[category]
        print(f"  {category:<22} {right[category]:>3}/{total[category]:<3} {rate:.2f}")


def main() -> None:
    """Run the benchmark and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--fit", action="store_true", help="print the model fitted on all data")
    parser.add_argument("--settings", nargs="*", default=list(claimsets.SETTINGS))
    args = parser.parse_args()
    data = args.data or claimsets.data_dir()
    print("assessing (each claim aligned and checked once):")
    cases = assess_all(data, args.settings)
    keep = must_support()
    if args.fit:
        model: Model = crossval.fit_model(cases, 0, keep)
        weights = "".join(f"        {k}={v},\n" for k, v in model.weights._asdict().items())
        print(f"\nMODEL = Model(\n    weights=Features(\n{weights}    ),\n"
              f"    support={model.support},\n    contradict={model.contradict},\n)")  # fmt: skip
        return
    report(cases, keep, args.folds, data)
    batch_throughput(data)
    many_numbers()
    adversarial()


if __name__ == "__main__":
    main()
