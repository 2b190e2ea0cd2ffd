"""The verifier: claims checked against the sentences of abstracts (pure, deterministic).

One stage, one interface: claims and sentences in, verdicts with their evidence and checks
out (``verify``, ``verify_claims``), so that another checker could sit beside this one.

Scoring has two stages. First every claim is scored against every sentence at once with
rapidfuzz ``process.cdist`` (token-set similarity), which is cheap and vectorised. Then
only the few best sentences per claim are aligned word by word and put through the checks
in ``synth.verify.checks``: every content word of the claim accounted for, no word of the
claim put in the place of another, no aim or debunking taken for a finding, and numbers,
dates, names, negation, direction, quantifiers, ordinals and roles agreeing. Similarity
finds the sentence; only the checks let it support. A logistic model over the alignment,
the similarity and the check outcomes gives ``confidence`` = P(supported), for a claim a
sentence contradicts too; its weights and thresholds (``synth.verify.method.MODEL``) are
fixed, so the same inputs always give the same verdicts.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from synth import text
from synth.models import Check, Claim, ClaimResult, Evidence, Sentence, Source, Verdict
from synth.text import split_sentences
from synth.verify import abbreviations, ceiling, cues, keys, lexicon, words
from synth.verify.alignment import Contexts, contexts_of
from synth.verify.ceiling import could_match_all
from synth.verify.checks import Alignment, Finding, align, run_checks
from synth.verify.cues import reports_statistics, statement_kind
from synth.verify.method import (
    MODEL,
    NO_EVIDENCE,
    TOP_CANDIDATES,
    Features,
    Model,
    probability,
)

# The most claim words the checks can find stated otherwise in one sentence (a bound of
# three words, a date, a direction word): a sentence lacking more cannot contradict.
MOST_EXPLAINED = 5

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
    crowd: int  # how many sentences the claim was checked against

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The outcome of every check that applies."""
        return tuple(run_checks(self.alignment))

    @cached_property
    def features(self) -> Features:
        """The calibration model's inputs."""
        return features(
            self.sentence.text,
            self.alignment,
            self.similarity,
            self.findings,
            self.union,
            self.crowd,
        )

    @property
    def failed(self) -> bool:
        """True when a check failed."""
        return any(not f.check.passed for f in self.findings)

    @property
    def opposes(self) -> bool:
        """True when a failed check found the evidence stating the opposite."""
        return any(f.opposes and not f.check.passed for f in self.findings)

    def passes(self, missing_words: int = 0) -> bool:
        """True when every check passes, the sentence lacking at most ``missing_words``
        of the claim's content words."""
        if len(self.unaccounted) > missing_words:
            return False  # known before any check runs
        return all(f.check.passed or f.check.name == "words" for f in self.findings)

    @property
    def unaccounted(self) -> list[int]:
        """The claim's content words the sentence lacks."""
        return self.alignment.unaccounted

    @property
    def unexplained(self) -> list[int]:
        """The claim's content words the sentence lacks other than those it states otherwise
        ("2021" where it says 2022)."""
        about = {i for f in self.findings if f.opposes and not f.check.passed for i in f.about}
        return [i for i in self.unaccounted if i not in about]

    def rank(self, missing_words: int = 0) -> tuple[bool, float, float]:
        """How close the sentence comes to stating the claim, whatever the model's weights:
        passing every check first, then the share of the claim matched, then similarity."""
        return (self.passes(missing_words), self.alignment.coverage, self.similarity)

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
    crowd: int = 1,
) -> Features:
    """The calibration model's inputs for one claim/sentence pair."""
    # The words check is weighed by coverage; "failed" is the other checks.
    failed = any(not f.check.passed and f.check.name != "words" for f in findings)
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
        crowd=min(math.log10(max(crowd, 1)) / 3, 1.0),
        phrasing=alignment.phrasing,
        complete=float(not alignment.unaccounted),
        verbatim=float(alignment.offset is not None),
        contradicts=0.0,
    )


def _candidates(
    claim: str,
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    contexts: Contexts,
    crowd: int,
    aligned: Sequence[Alignment] = (),
) -> list[Candidate]:
    """Align ``claim`` with each sentence (but the first ones, ``aligned`` already); the
    checks run when a verdict asks for them.

    The share of the claim matched by the candidates together is a feature too: an
    abstract often supports a claim across two sentences.
    """
    rest = sentences[len(aligned) :]
    alignments = [*aligned, *(align(claim, s.text, contexts.get(s.source)) for s in rest)]
    matched = set().union(*(a.pairs for a in alignments)) if alignments else set()
    content = alignments[0].claim_words.content_indices if alignments else []
    union = sum(1 for i in content if i in matched) / (len(content) or 1)
    return [
        Candidate(sentence, score, alignment, union, crowd)
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


def decide(candidates: Sequence[Candidate], model: Model = MODEL) -> Verdict:
    """The verdict from the checked candidates: supported, contradicted or not-found, with
    the confidence the model gives the candidate it reports (``reported``)."""
    found = reported(candidates, model)
    if found is None:
        return Verdict("not-found", round(probability(NO_EVIDENCE, model.weights), 4))
    label, candidate = found
    confidence = round(probability(verdict_features(label, candidate), model.weights), 4)
    return Verdict(label, confidence, candidate.evidence(), _checks(candidate))


def verdict_features(label: str, candidate: Candidate) -> Features:
    """The model's inputs for the candidate a verdict shows: a contradicted claim's confidence
    is weighed knowing that its sentence was found to state the opposite."""
    if label != "contradicted":
        return candidate.features
    return candidate.features._replace(contradicts=1.0)


def reported(candidates: Sequence[Candidate], model: Model = MODEL) -> tuple[str, Candidate] | None:
    """The label of a claim and the candidate its verdict shows (None without candidates).

    The closest candidate (``Candidate.rank``) supports the claim when it passes every check
    and the model gives it at least ``model.support``; a sentence lacking at most
    ``model.contradict`` of the claim's words, and matching more of it than the supporting
    one, that states the opposite contradicts it. Otherwise the claim is not found, shown
    with its closest sentence.
    """
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: c.rank(model.missing_words))
    confidence = probability(chosen.features, model.weights)
    supported = chosen.passes(model.missing_words) and round(confidence, 4) >= model.support
    closest = chosen.alignment.coverage if supported else -1.0
    opposing = [
        c
        for c in candidates
        if len(c.unaccounted) <= model.contradict + MOST_EXPLAINED
        and c.alignment.coverage > closest
        and len(c.unexplained) <= model.contradict
        and c.opposes
    ]
    if opposing:
        return "contradicted", max(opposing, key=lambda c: (c.alignment.coverage, c.similarity))
    return ("supported" if supported else "not-found"), chosen


def _checks(candidate: Candidate) -> tuple[Check, ...]:
    """The checks that ran on a candidate."""
    return tuple(f.check for f in candidate.findings)


def assess(
    claim: str,
    sentences: Sequence[Sentence],
    row: Scores | None = None,
    columns: Indices | None = None,
    contexts: Contexts | None = None,
) -> list[Candidate]:
    """The best-scoring sentences among ``columns`` (all by default), aligned with ``claim``.

    A first sentence that matches the whole claim and passes every check decides alone:
    no other sentence can come closer (``Candidate.rank``) or match more of the claim to
    oppose it, so the others are neither aligned nor checked.
    """
    if row is None:
        row = _similarities([claim], sentences)[0]
    if columns is None:
        columns = np.arange(len(sentences))
    contexts = contexts or contexts_of(sentences)
    top = _top(row, columns)
    if not top:
        return []
    crowd = len(columns)
    chosen = [sentences[j] for j in top]
    scores = [float(row[j]) for j in top]
    lead = _candidates(claim, chosen[:1], scores[:1], contexts, crowd)[0]
    if lead.alignment.coverage == 1.0 and not lead.failed:
        return [lead]
    return _candidates(claim, chosen, scores, contexts, crowd, [lead.alignment])


def verify(claim: str, sentences: Sequence[Sentence], model: Model = MODEL) -> Verdict:
    """Verify one claim against sentences: the best evidence, a label, confidence and checks."""
    return decide(assess(claim, sentences), model)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, then restored as it was.

    Verifying allocates many small objects (word lists, key sets, candidates) while the
    verifier's caches keep many long-lived ones, and the collector, run every few hundred
    allocations, walks them: a tenth of the verifier's time. It would find nothing: the
    verifier makes no reference cycles (``test_verifying_makes_no_reference_cycles``), and
    reference counting frees all it makes as before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collector_paused()
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
        verdict = decide(assess(claim.text, sentences, row, columns, contexts))
        if not own and verdict.evidence is not None:  # the rest checked against its evidence
            others = np.flatnonzero(origin != verdict.evidence.source)
        results.append(
            ClaimResult(claim, verdict, *_across(claim.text, sentences, row, others, contexts))
        )
    return results


def _across(
    claim: str, sentences: Sequence[Sentence], row: Scores, others: Indices, contexts: Contexts
) -> tuple[Evidence | None, tuple[Evidence, ...], tuple[Evidence, ...]]:
    """What the other sources say of a claim: the best supporting sentence (the independent
    evidence), then one supporting and one contradicting sentence per source, by source key.

    The independent evidence is the verdict ``decide`` gives on the best sentences of all
    the other sources; each source's own verdict is the one it gives on that source's
    candidates among them. Most claims are found in one abstract only: when no candidate
    could match every word of the claim, none is aligned.
    """
    top = _top(row, others)
    if not any(
        could_match_all(claim, sentences[j].text, contexts.get(sentences[j].source)) for j in top
    ):
        return None, (), ()
    candidates = assess(claim, sentences, row, others, contexts)
    overall = decide(candidates)
    by_source: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_source.setdefault(candidate.sentence.source, []).append(candidate)
    verdicts = [decide(by_source[key]) for key in sorted(by_source)]
    support = tuple(v.evidence for v in verdicts if v.label == "supported" and v.evidence)
    against = tuple(v.evidence for v in verdicts if v.label == "contradicted" and v.evidence)
    return (overall.evidence if overall.label == "supported" else None), support, against


def clear_caches() -> None:
    """Forget every text the verifier has analysed, as in a fresh process (for benchmarks)."""
    for cached in (
        *(lexicon.stem, lexicon.negated_base, lexicon.word_polarity, lexicon._tokens),
        *(cues.statement_kind, cues.debunks, cues.asks, cues.reports_statistics),
        *(ceiling.universe_of, ceiling.probes_of, ceiling._stems_of),
        *(abbreviations._abbreviations, words.words_of, keys.word_universe, text._split),
    ):
        cached.cache_clear()
