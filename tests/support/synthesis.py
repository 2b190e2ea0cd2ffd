"""Real records for the synthesis tests: the example question's, and SciFact abstracts."""

from __future__ import annotations

import json
from functools import cache

from support.paths import EXAMPLE_ID, FIXTURES, REPO
from synth.models import ClaimResult, Concept, Question, Source
from synth.paths import CLAIMS_FILE, SOURCES_FILE, report_file
from synth.questions.load import load_questions
from synth.record.store import read_claims, read_sources
from synth.synthesis.synthesise import Synthesis, synthesise

SCIFACT = FIXTURES / "scifact" / "synthesis_abstracts.jsonl"
MTEC = (301838, 2734421, 39128592, 3952288)  # mTECs, RANK and self-tolerance
OCT4 = (2078658, 30507607)  # Oct4 and pluripotency
DEEP_LEARNING_REVIEW = "10.1007/s10462-023-10466-8"
# A question the MTEC abstracts answer whole: 2734421 says "... RANK and CD40 promotes mTEC
# development, thereby establishing self-tolerance."
MTEC_QUESTION = Question(
    "mtec",
    "How does RANK signalling in mTECs establish self-tolerance?",
    concepts=(
        Concept("medullary thymic epithelial cells", ("mTEC",)),
        Concept("RANK", ("RANKL",)),
        Concept("self-tolerance", ("tolerance",)),
    ),
)


def example_question() -> Question:
    """The example question, as committed."""
    (question,) = load_questions(REPO, [EXAMPLE_ID])
    return question


def example_sources() -> list[Source]:
    """The 14 real papers of the example's record."""
    return read_sources(report_file(REPO, EXAMPLE_ID, SOURCES_FILE))


def example_claims() -> list[ClaimResult]:
    """The example's committed claims and verdicts."""
    return read_claims(report_file(REPO, EXAMPLE_ID, CLAIMS_FILE))


def example_synthesis() -> Synthesis:
    """The synthesis of the example's committed record."""
    return synthesise(example_question(), example_sources(), example_claims())


@cache
def _abstracts() -> dict[int, dict[str, object]]:
    lines = SCIFACT.read_text(encoding="utf-8").splitlines()
    return {int(d["doc_id"]): d for d in map(json.loads, lines)}


def scifact_source(doc_id: int) -> Source:
    """One SciFact abstract as a source (SciFact records no authors or years)."""
    doc = _abstracts()[doc_id]
    sentences = [str(s).strip() for s in doc["abstract"]]  # type: ignore[attr-defined]
    return Source(f"scifact{doc_id}", str(doc["title"]).strip(), abstract=" ".join(sentences))


def scifact_sources(doc_ids: tuple[int, ...]) -> list[Source]:
    """SciFact abstracts as sources, by key."""
    return sorted((scifact_source(i) for i in doc_ids), key=lambda s: s.key)
