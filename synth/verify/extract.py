"""Claim extraction: the sentences of abstracts that state a finding, ranked by relevance (pure).

An abstract mixes context ("LLMs have drawn attention...") with findings ("o1-mini
achieves 96.2% pass@1..."). We keep sentences that read as claims (a statement of
reasonable length, not a question, not a pointer to code), score them by how much
of the question they touch plus cues of a finding (numbers, comparisons, result
verbs), take at most a few per source so one paper cannot fill the report, and cap
the total. Hand-written claims from the question are always included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from synth.ids import normalise_arxiv, normalise_doi
from synth.models import QUESTION_ORIGIN, Claim, Question, Source, claim_id
from synth.questions.relevance import question_terms, relevance
from synth.text import split_sentences

MIN_WORDS, MAX_WORDS = 8, 60
PER_SOURCE = 2
_FINDING_CUES = re.compile(
    r"\b(show|shows|showed|shown|demonstrate[sd]?|find|finds|found|achieve[sd]?|outperform[s]?|"
    r"improve[sd]?|improvement[s]?|reduce[sd]?|increase[sd]?|decrease[sd]?|better|worse|"
    r"significant(ly)?|more|less|fewer|than|while|despite|leads? to|results? in|enables?)\b"
)  # matched against the lower-cased sentence: four times faster than re.IGNORECASE
_NUMBER = re.compile(r"\d")
_NOT_A_CLAIM = re.compile(
    r"(\?$|^(code|data|models?|our code|the code)\b.*\b(available|released)\b|https?://|github)",
    re.IGNORECASE,
)


def is_claim_like(sentence: str) -> bool:
    """True when a sentence reads as a statement worth checking."""
    words = sentence.split()
    return MIN_WORDS <= len(words) <= MAX_WORDS and not _NOT_A_CLAIM.search(sentence.strip())


def claim_score(sentence: str, topic: frozenset[str]) -> float:
    """Relevance to the question, plus a little for the cues of a finding."""
    cues = min(len(_FINDING_CUES.findall(sentence.lower())), 3) * 0.05
    number = 0.05 if _NUMBER.search(sentence) else 0.0
    return relevance(sentence, topic) + cues + number


def resolve_source(reference: str, sources: Sequence[Source]) -> str:
    """The key of the source a question's claim names (``arxiv:X`` or ``doi:Y``), else ``""``."""
    kind, _, value = reference.partition(":")
    for source in sources:
        if kind == "arxiv" and source.arxiv and source.arxiv == normalise_arxiv(value):
            return source.key
        if kind == "doi" and source.doi and source.doi == normalise_doi(value):
            return source.key
    return ""


def hand_written_claims(question: Question, sources: Sequence[Source]) -> list[Claim]:
    """The claims written in the question, attributed to their sources where named."""
    return [
        Claim(
            id=claim_id(c.text),
            text=c.text.strip(),
            origin=QUESTION_ORIGIN,
            source=resolve_source(c.source, sources) if c.source else "",
        )
        for c in question.claims
    ]


def extract_claims(question: Question, sources: Sequence[Source]) -> list[Claim]:
    """Hand-written claims, then the best extracted ones, up to ``question.max_claims`` in all."""
    claims = hand_written_claims(question, sources)
    seen = {c.id for c in claims}
    topic = question_terms(question)
    candidates: list[tuple[float, str, int, Claim]] = []
    for source in sources:
        if source.retracted:
            continue  # a retracted paper's findings are not claims to report
        scored = []
        for index, sentence in enumerate(split_sentences(source.abstract)):
            if is_claim_like(sentence):
                scored.append((claim_score(sentence, topic), index, sentence))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for score, index, sentence in scored[:PER_SOURCE]:
            claim = Claim(
                id=claim_id(sentence), text=sentence, origin=source.key, source=source.key
            )
            candidates.append((-score, source.key, index, claim))
    for _, _, _, claim in sorted(candidates, key=lambda item: item[:3]):
        if len(claims) >= max(question.max_claims, len(question.claims)):
            break
        if claim.id not in seen:
            seen.add(claim.id)
            claims.append(claim)
    return claims
