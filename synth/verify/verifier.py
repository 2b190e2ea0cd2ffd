"""The verifier: claims checked against the sentences of abstracts (pure, deterministic).

Scoring has two stages. First every claim is scored against every sentence at
once with rapidfuzz ``process.cdist`` (token-set similarity), which is cheap and
vectorised. Then only the few best sentences per claim are aligned word by word
and put through the checks in ``synth.verify.checks`` (numbers, dates, names, negation,
direction, quantifiers, roles). A logistic model over the alignment coverage,
the similarity and the check outcomes gives ``confidence`` = P(supported); its
weights were fitted on the SciFact dev claims by ``benchmarks/verify_quality.py
--fit`` and are fixed here, so the same inputs always give the same verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from synth import text
from synth.models import Check, Claim, ClaimResult, Evidence, Sentence, Source, Verdict
from synth.text import split_sentences
from synth.verify import alignment, lexicon, words
from synth.verify.alignment import coverage_ceiling
from synth.verify.checks import Alignment, Context, Finding, align, context_of, run_checks
from synth.verify.lexicon import reports_statistics, statement_kind
from synth.verify.method import (
    CONTRADICT_MIN_COVERAGE,
    NO_EVIDENCE,
    SUPPORT_MIN_COVERAGE,
    SUPPORT_THRESHOLD,
    TOP_CANDIDATES,
    UNKNOWN_UNTIL_ALIGNED,
    WEIGHTS,
    Features,
    probability,
)

Scores = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Candidate:
    """One sentence weighed as evidence for a claim.

    The checks run only when a verdict asks for their outcome: a sentence that matches
    too little of the claim to support or contradict it seldom needs them.
    """

    sentence: Sentence
    similarity: float  # token-set similarity, 0-100
    alignment: Alignment
    union: float  # share of the claim the candidates of the claim match together

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The outcome of every check that applies."""
        return tuple(run_checks(self.alignment))

    @cached_property
    def features(self) -> Features:
        """The calibration model's inputs."""
        return features(
            self.sentence.text, self.alignment, self.similarity, self.findings, self.union
        )

    @cached_property
    def confidence(self) -> float:
        """P(supported) by the calibration model, rounded."""
        return round(probability(self.features), 4)

    @property
    def failed(self) -> bool:
        """True when a check failed."""
        return any(not f.check.passed for f in self.findings)

    @property
    def opposes(self) -> bool:
        """True when a failed check found the evidence stating the opposite."""
        return any(f.opposes and not f.check.passed for f in self.findings)

    @cached_property
    def _ceiling(self) -> float:
        """The highest confidence the checks could leave: every check passed, none agreeing.

        The weights of a failed check, of opposing and of agreeing evidence are negative,
        so the real confidence is never higher; below the threshold the checks need not run.
        """
        x = features(self.sentence.text, self.alignment, self.similarity, (), self.union)
        return round(probability(x), 4)

    @property
    def supports(self) -> bool:
        """True when the sentence supports the claim."""
        return (
            self.alignment.coverage >= SUPPORT_MIN_COVERAGE
            and self._ceiling >= SUPPORT_THRESHOLD
            and not self.failed
            and self.confidence >= SUPPORT_THRESHOLD
        )

    @property
    def contradicts(self) -> bool:
        """True when the sentence matches enough of the claim and states the opposite."""
        return self.alignment.coverage >= CONTRADICT_MIN_COVERAGE and self.opposes

    def evidence(self) -> Evidence:
        """This candidate as ``Evidence`` with the matched span."""
        s = self.sentence
        return Evidence(s.source, s.text, round(self.similarity, 2), self.alignment.span)


def sentences_of(sources: Sequence[Source]) -> list[Sentence]:
    """The sentences of every source's abstract, in source order."""
    return [
        Sentence(source.key, i, text)
        for source in sources
        for i, text in enumerate(split_sentences(source.abstract))
    ]


def features(
    sentence: str,
    alignment: Alignment,
    similarity: float,
    findings: Sequence[Finding],
    union: float,
) -> Features:
    """The calibration model's inputs for one claim/sentence pair."""
    failed = any(not f.check.passed for f in findings)
    opposes = any(f.opposes and not f.check.passed for f in findings)
    agrees = any(f.agrees for f in findings)
    kind = statement_kind(sentence)
    content = len(alignment.claim_words.content_indices)
    return Features(
        intercept=1.0,
        coverage=alignment.coverage,
        union=union,
        similarity=similarity / 100,
        failed=float(failed),
        opposes=float(opposes),
        aim=float(kind < 0),
        finding=float(kind > 0),
        agrees=float(agrees),
        statistics=float(reports_statistics(sentence)),
        length=min(content, 20) / 20,
    )


class Contexts:
    """Each source's abstract context (its abbreviations and names), worked out on first use.

    Only the sources of the few sentences that get aligned need one, so most abstracts
    of a question are never tokenised twice.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._texts: dict[str, list[str]] = {}
        for s in sentences:
            self._texts.setdefault(s.source, []).append(s.text)
        self._known: dict[str, Context] = {}

    def get(self, key: str) -> Context | None:
        """The context of source ``key``, or None for a source without sentences."""
        if key not in self._known:
            if key not in self._texts:
                return None
            self._known[key] = context_of(" ".join(self._texts[key]))
        return self._known[key]


def contexts_of(sentences: Sequence[Sentence]) -> Contexts:
    """Each source's abstract context (its abbreviations and names), by source key."""
    return Contexts(sentences)


def _candidates(
    claim: str,
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    contexts: Contexts,
    aligned: Sequence[Alignment] = (),
) -> list[Candidate]:
    """Align ``claim`` with each sentence (the first ones may come ``aligned`` already);
    the checks run when a verdict asks for them.

    The share of the claim matched by the candidates together is a feature too: an
    abstract often supports a claim across two sentences.
    """
    alignments = [*aligned] + [
        align(claim, s.text, contexts.get(s.source)) for s in sentences[len(aligned) :]
    ]
    matched = set().union(*(a.pairs for a in alignments)) if alignments else set()
    content = alignments[0].claim_words.content_indices if alignments else []
    union = sum(1 for i in content if i in matched) / (len(content) or 1)
    return [
        Candidate(sentence, score, alignment, union)
        for sentence, alignment, score in zip(sentences, alignments, scores, strict=True)
    ]


def _top(row: Scores, columns: Indices) -> list[int]:
    """The columns with the highest scores, ties broken by position (deterministic)."""
    if not len(columns):
        return []
    order = np.lexsort((columns, -row[columns]))[:TOP_CANDIDATES]
    return [int(columns[k]) for k in order]


def _similarities(claims: Sequence[str], sentences: Sequence[Sentence]) -> Scores:
    """Token-set similarity of every claim with every sentence, vectorised.

    The sentences are the queries: rapidfuzz prepares each query once and each choice
    per pair, and the few claims are quicker to prepare again than the many sentences
    (a fifth faster; the scores are the same).
    """
    if not claims or not sentences:
        return np.zeros((len(claims), len(sentences)), dtype=np.float32)
    matrix: Scores = process.cdist(
        [s.text for s in sentences],
        list(claims),
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        workers=-1 if len(claims) * len(sentences) > 20_000 else 1,
    )
    return matrix.T


def _decide(candidates: Sequence[Candidate]) -> Verdict:
    """The verdict from the checked candidates: supported, contradicted or not-found."""
    if not candidates:
        return Verdict("not-found", round(probability(NO_EVIDENCE), 4))
    supporting = [c for c in candidates if c.supports]
    # A sentence that matches the claim more closely and states the opposite outweighs support
    # (a closer one only: the checks of the others need not run).
    closest = max((c.alignment.coverage for c in supporting), default=-1.0)
    opposing = [c for c in candidates if c.alignment.coverage > closest and c.contradicts]
    if supporting and not opposing:
        best = max(supporting, key=lambda c: (c.confidence, c.similarity))
        return Verdict("supported", best.confidence, best.evidence(), _checks(best))
    if opposing:
        best = max(opposing, key=lambda c: (c.alignment.coverage, c.similarity))
        return Verdict("contradicted", best.confidence, best.evidence(), _checks(best))
    best = max(candidates, key=lambda c: (c.confidence, c.similarity))
    return Verdict("not-found", best.confidence, best.evidence(), _checks(best))


def _checks(candidate: Candidate) -> tuple[Check, ...]:
    """The checks that ran on a candidate."""
    return tuple(f.check for f in candidate.findings)


def _assess(
    claim: str,
    sentences: Sequence[Sentence],
    row: Scores,
    columns: Indices,
    contexts: Contexts,
) -> list[Candidate]:
    """Check the best-scoring sentences among ``columns`` for one claim."""
    top = _top(row, columns)
    chosen = [sentences[j] for j in top]
    return _candidates(claim, chosen, [float(row[j]) for j in top], contexts)


def _judge(
    claim: str,
    sentences: Sequence[Sentence],
    row: Scores,
    columns: Indices,
    contexts: Contexts,
) -> Verdict:
    """The verdict on ``claim`` from the best-scoring sentences among ``columns``.

    A sentence that states the claim word for word and supports it decides alone when no
    other candidate could reach its confidence even matching the whole claim and passing
    every check (claims extracted from an abstract are mostly such): the others are
    neither aligned nor checked, and the verdict is the one ``_decide`` would give.
    """
    top = _top(row, columns)
    if not top:
        return _decide([])
    first = sentences[top[0]]
    alignment = align(claim, first.text, contexts.get(first.source))
    lead = Candidate(first, float(row[top[0]]), alignment, 1.0)
    if (
        alignment.offset is not None
        and lead.supports
        and all(
            _confidence_bound(alignment, sentences[j].text, float(row[j])) <= lead.confidence
            for j in top[1:]
        )
    ):
        return Verdict("supported", lead.confidence, lead.evidence(), _checks(lead))
    chosen = [sentences[j] for j in top]
    return _decide(_candidates(claim, chosen, [float(row[j]) for j in top], contexts, [alignment]))


def _confidence_bound(lead: Alignment, sentence: str, similarity: float) -> float:
    """The highest confidence another sentence could reach for the claim ``lead`` aligns
    whole, whatever its coverage and the outcome of its checks."""
    x = features(sentence, lead, similarity, (), 1.0)
    # each at the end of its range that raises confidence
    best = {name: 1.0 if getattr(WEIGHTS, name) > 0 else 0.0 for name in UNKNOWN_UNTIL_ALIGNED}
    return round(probability(x._replace(**best)), 4)


def verify(claim: str, sentences: Sequence[Sentence]) -> Verdict:
    """Verify one claim against sentences: the best evidence, a label, confidence and checks."""
    row = _similarities([claim], sentences)[0]
    return _judge(claim, sentences, row, np.arange(len(sentences)), contexts_of(sentences))


def chosen_features(claim: str, sentences: Sequence[Sentence]) -> Features | None:
    """The calibration features of the sentence ``verify`` picks (for fitting the weights)."""
    row = _similarities([claim], sentences)[0]
    candidates = _assess(claim, sentences, row, np.arange(len(sentences)), contexts_of(sentences))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.confidence, c.similarity))
    return best.features


def verify_claims(claims: Sequence[Claim], sources: Sequence[Source]) -> list[ClaimResult]:
    """Verify every claim of a question; attributed claims only against their own source."""
    sentences = sentences_of(sources)
    contexts = contexts_of(sentences)
    matrix = _similarities([c.text for c in claims], sentences)
    keys = {s.key for s in sources}
    origin = np.array([s.source for s in sentences], dtype=object)
    everything = np.arange(len(sentences))
    own_columns: dict[str, tuple[Indices, Indices]] = {}
    results = []
    for claim, row in zip(claims, matrix, strict=True):
        own = claim.source or (claim.origin if claim.origin in keys else "")
        if own and own not in own_columns:
            mine = origin == own
            own_columns[own] = (np.flatnonzero(mine), np.flatnonzero(~mine))
        columns, others = own_columns[own] if own else (everything, everything[:0])
        verdict = _judge(claim.text, sentences, row, columns, contexts)
        if not own and verdict.evidence is not None:  # the rest checked against its evidence
            mine = origin == verdict.evidence.source
            others = np.flatnonzero(~mine)
        results.append(
            ClaimResult(claim, verdict, *_across(claim.text, sentences, row, others, contexts))
        )
    return results


def _across(
    claim: str, sentences: Sequence[Sentence], row: Scores, others: Indices, contexts: Contexts
) -> tuple[Evidence | None, tuple[Evidence, ...], tuple[Evidence, ...]]:
    """What the other sources say of a claim: the best supporting sentence (the independent
    evidence), then one supporting and one contradicting sentence per source, by source key.

    Each source's verdict is the one ``_decide`` gives on its own candidates among the best
    sentences of the other sources. Most claims are found in one abstract only: when no
    candidate could match enough of the claim to support or contradict it, none is aligned.
    """
    top = _top(row, others)
    floor = min(SUPPORT_MIN_COVERAGE, CONTRADICT_MIN_COVERAGE)
    if all(
        coverage_ceiling(claim, sentences[j].text, contexts.get(sentences[j].source)) < floor
        for j in top
    ):
        return None, (), ()
    candidates = _candidates(
        claim, [sentences[j] for j in top], [float(row[j]) for j in top], contexts
    )
    by_source: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_source.setdefault(candidate.sentence.source, []).append(candidate)
    supporting: list[Verdict] = []
    contradicting: list[Verdict] = []
    for key in sorted(by_source):
        verdict = _decide(by_source[key])
        if verdict.label == "supported":
            supporting.append(verdict)
        elif verdict.label == "contradicted":
            contradicting.append(verdict)
    support = [v.evidence for v in supporting if v.evidence is not None]
    against = [v.evidence for v in contradicting if v.evidence is not None]
    ranked = sorted(
        zip(supporting, support, strict=True), key=lambda p: (-p[0].confidence, -p[1].score)
    )
    return (ranked[0][1] if ranked else None), tuple(support), tuple(against)


def clear_caches() -> None:
    """Forget every text the verifier has analysed, as in a fresh process (for benchmarks)."""
    for cached in (
        lexicon.stem,
        lexicon.negated_base,
        lexicon.word_polarity,
        lexicon.statement_kind,
        lexicon.reports_statistics,
        lexicon._tokens,
        alignment._abbreviations,
        words.words_of,
        words._word_universe,
        text._split,
    ):
        cached.cache_clear()
