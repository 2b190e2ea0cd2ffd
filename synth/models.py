"""The data that flows between stages: frozen dataclasses, no I/O.

A ``Question`` comes from ``questions/<id>.yaml``; retrieval and import produce
``Source`` records (stored in ``sources.bib``); claims are extracted or written
by hand (``Claim``); the verifier gives each a ``Verdict`` (stored with the claim
in ``claims.yaml`` as a ``ClaimResult``); reviewers score the whole (``Review``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

DATABASES = ("openalex", "crossref", "arxiv", "semanticscholar")
QUESTION_ORIGIN = "question"


@dataclass(frozen=True)
class PinnedSource:
    """A source the question asks for by identifier or file; exactly one field is set."""

    doi: str = ""
    arxiv: str = ""
    bibtex: str = ""  # a path inside the repository


@dataclass(frozen=True)
class QuestionClaim:
    """A hand-written claim to verify; ``source`` is a DOI or arXiv id it is attributed to."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class Concept:
    """One block of the question, as in a systematic-review search strategy: a name and the
    terms that express it (the name is a term too)."""

    name: str
    terms: tuple[str, ...] = ()

    @property
    def all_terms(self) -> tuple[str, ...]:
        """The name, then the listed terms: every phrase that mentions the concept."""
        return (self.name, *(t for t in self.terms if t.casefold() != self.name.casefold()))


@dataclass(frozen=True)
class Search:
    """How to search the databases for a question."""

    queries: tuple[str, ...] = ()
    databases: tuple[str, ...] = DATABASES
    limit: int = 20
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class Question:
    """A research question, as loaded and validated from ``questions/<id>.yaml``."""

    id: str
    question: str
    title: str = ""
    keywords: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    tags: tuple[str, ...] = ()
    search: Search = field(default_factory=Search)
    sources: tuple[PinnedSource, ...] = ()
    claims: tuple[QuestionClaim, ...] = ()
    max_claims: int = 12
    path: str = ""

    @property
    def display_title(self) -> str:
        """The title, falling back to the question text."""
        return self.title or self.question

    @property
    def effective_concepts(self) -> tuple[Concept, ...]:
        """The question's concepts; without any, each keyword is a concept of one term."""
        return self.concepts or tuple(Concept(keyword) for keyword in self.keywords)


@dataclass(frozen=True)
class Source:
    """One bibliographic source; ``key`` is its stable citation key in ``sources.bib``."""

    key: str
    title: str
    authors: tuple[str, ...] = ()
    kind: str = ""  # the BibTeX entry type (``book``, ``phdthesis``, ...); "" reads as article
    year: int | None = None
    venue: str = ""
    volume: str = ""  # as the file wrote it: a book's volume tells the parts of a set apart
    edition: str = ""
    doi: str = ""  # normalised: lower case, no resolver prefix
    arxiv: str = ""  # normalised: no version suffix
    url: str = ""
    abstract: str = ""
    databases: tuple[str, ...] = ()  # e.g. ("arxiv", "openalex") or ("import:papers.json",)
    retracted: bool = False


@dataclass(frozen=True)
class DatabaseRun:
    """How one database fared in a retrieval: ``status`` is ``ok``, ``failed`` or ``skipped``."""

    name: str
    status: str
    found: int = 0  # records it returned
    kept: int = 0  # of the sources kept in the record, how many it found
    error: str = ""  # why it failed, in words
    queries: tuple[str, ...] = ()  # the search expressions sent, as the database received them


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source's abstract, the unit the verifier searches."""

    source: str  # the source key
    index: int  # position in the abstract
    text: str


@dataclass(frozen=True)
class Claim:
    """A claim to verify: extracted from a source's abstract, or written in the question."""

    id: str
    text: str
    origin: str  # the source key it was extracted from, or QUESTION_ORIGIN
    source: str = ""  # the source key the claim is attributed to ("" when none)


@dataclass(frozen=True)
class Evidence:
    """The sentence that best matches a claim, and the span of it that matched."""

    source: str
    sentence: str
    score: float  # fuzzy similarity, 0-100
    span: tuple[int, int] = (0, 0)  # character offsets of the matching span in ``sentence``


@dataclass(frozen=True)
class Check:
    """One check the verifier ran on a claim/evidence pair; ``detail`` explains a failure."""

    name: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class Verdict:
    """The verifier's conclusion for one claim."""

    label: str  # one of VERDICTS
    confidence: float  # in [0, 1]: how likely the claim is supported
    evidence: Evidence | None = None
    checks: tuple[Check, ...] = ()

    @property
    def failed_checks(self) -> tuple[Check, ...]:
        """The checks that did not pass."""
        return tuple(c for c in self.checks if not c.passed)


@dataclass(frozen=True)
class ClaimResult:
    """A claim with its verdict, and what the sources other than its own say of it."""

    claim: Claim
    verdict: Verdict
    independent: Evidence | None = None  # supporting evidence from a different source
    # One sentence per other source that supports, or states the opposite of, the claim.
    supporting: tuple[Evidence, ...] = ()
    contradicting: tuple[Evidence, ...] = ()

    @property
    def verified(self) -> bool:
        """True when the verifier found the claim supported."""
        return self.verdict.label == "supported"


@dataclass(frozen=True)
class ReviewerScore:
    """One reviewer's sub-score out of 10 and the one-line reason for it; ``score`` is None
    when the record gives the reviewer nothing to judge."""

    name: str
    score: float | None
    reason: str


@dataclass(frozen=True)
class Review:
    """The overall quality score out of 10 (None when no reviewer could score) and the
    reviewers behind it."""

    score: float | None
    reviewers: tuple[ReviewerScore, ...]


def normalise_claim_text(text: str) -> str:
    """Case-fold and collapse white space and trailing punctuation, for stable claim ids."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def claim_id(text: str) -> str:
    """A short stable id for a claim: the first 10 hex digits of SHA-1 of its normalised text."""
    return hashlib.sha1(normalise_claim_text(text).encode("utf-8")).hexdigest()[:10]
