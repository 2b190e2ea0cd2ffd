"""What every provider module shares: base URLs, pinned identifiers, JSON decoding."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from synth.errors import RetrievalError
from synth.ids import arxiv_from_doi, is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Question

MAX_PER_REQUEST = 100


@dataclass(frozen=True)
class Pinned:
    """The identifiers a question pins, split by kind and normalised, in a stable order."""

    dois: tuple[str, ...] = ()
    arxiv_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """True when anything is pinned."""
        return bool(self.dois or self.arxiv_ids)


def pinned_identifiers(question: Question) -> Pinned:
    """The DOIs and arXiv ids of a question's pinned sources (arXiv DOIs count as arXiv ids)."""
    dois: list[str] = []
    arxiv_ids: list[str] = []
    for pinned in question.sources:
        if pinned.doi:
            from_doi = arxiv_from_doi(pinned.doi)
            if from_doi:
                arxiv_ids.append(from_doi)
            else:
                dois.append(normalise_doi(pinned.doi))
        elif pinned.arxiv and is_arxiv(pinned.arxiv):
            arxiv_ids.append(normalise_arxiv(pinned.arxiv))
    return Pinned(tuple(dict.fromkeys(dois)), tuple(dict.fromkeys(arxiv_ids)))


def base_url(env: Mapping[str, str], variable: str, default: str) -> str:
    """The database's base URL: the override in ``variable`` when set, else ``default``."""
    return (env.get(variable, "").strip() or default).rstrip("/")


def per_request(limit: int) -> int:
    """How many results to ask for per query: the question's limit, within API bounds."""
    return max(1, min(limit, MAX_PER_REQUEST))


def decode_json(content: bytes | str, database: str) -> Any:
    """Decode a JSON body, naming the database when it is malformed (e.g. truncated)."""
    try:
        return json.loads(content)
    except ValueError as error:
        raise RetrievalError(
            f"{database}: malformed response (not JSON: {error}) -- the service may be "
            "having trouble; try again later"
        ) from error


def text_or_empty(value: Any) -> str:
    """``value`` when it is a string, else ``""`` (outside data may hold nulls or numbers)."""
    return value if isinstance(value, str) else ""


def int_or_none(value: Any) -> int | None:
    """``value`` as a plausible publication year, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1000 <= value <= 3000:
        return value
    if isinstance(value, str) and value[:4].isdigit():
        return int_or_none(int(value[:4]))
    return None
