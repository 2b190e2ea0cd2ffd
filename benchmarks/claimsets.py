"""The labelled claim sets the verifier is measured on, read from ``shared/data/claimcheck``.

Each setting is a list of ``Case``: one claim, the abstracts or passages it is checked
against, its gold label (SUPPORT, CONTRADICT or NEI) and its cross-validation group
(pairs sharing a claim or an abstract are in one group, so no fold sees a claim or an
abstract another fold is scored on). The settings:

- ``scifact``: each SciFact dev claim against each abstract it cites (one case per pair);
- ``scifact-many``: each SciFact dev claim against all its cited abstracts plus the 15
  abstracts of the corpus most similar to it (TF-IDF cosine), the way a report checks a
  claim against all of its sources; the gold label is the claim's;
- ``covidfact`` and ``vitaminc``: the pair files as they are (see PROVENANCE.md there).

The big files are read where they are; nothing of them is committed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synth.models import Source

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ("scifact", "scifact-many", "covidfact", "vitaminc")
DISTRACTORS = 15  # other abstracts beside the cited ones in the many-source setting


@dataclass(frozen=True)
class Case:
    """One claim to verify against ``sources``, with its gold label and CV group."""

    claim: str
    sources: tuple[Source, ...]
    label: str  # SUPPORT | CONTRADICT | NEI
    group: str


def data_dir() -> Path:
    """``shared/data/claimcheck`` beside the repository (a worktree looks one level up too)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        folder = base / "shared" / "data" / "claimcheck"
        if folder.is_dir():
            return folder
    raise SystemExit("cannot find shared/data/claimcheck beside the repository -- pass --data DIR")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    """Every object of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _label(name: str) -> str:
    """SciFact's NOT_ENOUGH_INFO as NEI; the others as they are."""
    return "NEI" if name == "NOT_ENOUGH_INFO" else name


def _corpus(data: Path) -> dict[str, Source]:
    """The SciFact abstracts by doc id, each as a ``Source`` (sentences joined by spaces)."""
    found = {}
    for doc in _jsonl(data / "corpus.jsonl"):
        abstract = " ".join(s.strip() for s in doc["abstract"])
        key = str(doc["doc_id"])
        found[key] = Source(key=key, title=doc["title"], abstract=abstract)
    return found


def scifact(data: Path) -> list[Case]:
    """Each dev claim against each abstract it cites."""
    corpus = _corpus(data)
    return [
        Case(claim["claim"], (corpus[doc],), _label(label), f"scifact:{claim['group']}")
        for claim in _jsonl(data / "claims_dev.jsonl")
        for doc, label in sorted(claim["labels"].items())
    ]


_WORD = re.compile(r"[a-z0-9]+")


def _terms(text: str) -> Counter[str]:
    """Lower-cased alphanumeric words and their counts."""
    return Counter(_WORD.findall(text.lower()))


def scifact_many(data: Path, distractors: int = DISTRACTORS) -> list[Case]:
    """Each dev claim against its cited abstracts plus the most similar other abstracts."""
    corpus = _corpus(data)
    keys = sorted(corpus, key=int)
    docs = {k: _terms(f"{corpus[k].title} {corpus[k].abstract}") for k in keys}
    df: Counter[str] = Counter()
    for terms in docs.values():
        df.update(terms.keys())
    idf = {t: math.log(len(keys) / n) for t, n in df.items()}
    postings: dict[str, list[tuple[str, float]]] = {}
    for k, terms in docs.items():
        weights = {t: (1 + math.log(c)) * idf[t] for t, c in terms.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for t, w in weights.items():
            postings.setdefault(t, []).append((k, w / norm))
    cases = []
    for claim in _jsonl(data / "claims_dev.jsonl"):
        score: Counter[str] = Counter()
        for t, c in _terms(claim["claim"]).items():
            q = (1 + math.log(c)) * idf.get(t, 0.0)
            for k, w in postings.get(t, ()):
                score[k] += q * w
        cited = sorted(claim["labels"], key=int)
        scored = sorted((-s, int(k)) for k, s in score.items())
        others = [str(k) for _, k in scored if str(k) not in cited][:distractors]
        sources = tuple(corpus[k] for k in cited + others)
        cases.append(
            Case(claim["claim"], sources, _label(claim["claim_label"]), f"scifact:{claim['group']}")
        )
    return cases


def pairs(path: Path) -> list[Case]:
    """A claim-passage pair file (covidfact.jsonl, vitaminc_sample.jsonl) as cases."""
    return [
        Case(row["claim"], (Source(key=row["id"], title="", abstract=row["text"]),), row["label"],
             row["group"])
        for row in _jsonl(path)
    ]  # fmt: skip


def load(setting: str, data: Path) -> list[Case]:
    """The cases of one setting."""
    if setting == "scifact":
        return scifact(data)
    if setting == "scifact-many":
        return scifact_many(data)
    if setting == "covidfact":
        return pairs(data / "covidfact.jsonl")
    if setting == "vitaminc":
        return pairs(data / "vitaminc_sample.jsonl")
    raise ValueError(f"unknown setting {setting!r}; one of {', '.join(SETTINGS)}")
