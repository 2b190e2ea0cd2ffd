"""What every provider module shares: base URLs, pinned identifiers, JSON decoding, and the
edge where an answer's text becomes a ``Source``: each parser hands its works to
:func:`collect`, which keeps at most what was asked for and sanitises every field once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from synth.errors import RetrievalError
from synth.ids import arxiv_from_doi, is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Question, Source
from synth.text import sanitise

MAX_PER_REQUEST = 100  # works asked for per request; an answer with more is cut here
# Said after every "malformed response": nothing in the question can fix a broken answer.
TRY_LATER = "the service may be having trouble or have changed its format; try again later"
Item = TypeVar("Item")


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
    """Decode a JSON body, naming the database when it is malformed (truncated, too deep)."""
    try:
        return json.loads(content)
    except ValueError as error:
        raise RetrievalError(
            f"{database}: malformed response (not JSON: {error}) -- {TRY_LATER}"
        ) from error
    except RecursionError as error:  # [[[[...]]]] nested deeper than Python's stack
        raise RetrievalError(
            f"{database}: malformed response (JSON nested too deeply) -- {TRY_LATER}"
        ) from error


def malformed(database: str, what: str) -> RetrievalError:
    """The error for an answer without the shape the parser needs (``what`` is missing)."""
    return RetrievalError(f"{database}: malformed response (no {what}) -- {TRY_LATER}")


def _tidy(text: str) -> str:
    """``sanitise(text)`` on one line: a removed character leaves no double space."""
    return " ".join(sanitise(text).split())


def sanitised(source: Source) -> Source:
    """``source`` with every text field passed through ``synth.text.sanitise``, on one line."""
    return replace(
        source,
        title=_tidy(source.title),
        authors=tuple(a for a in map(_tidy, source.authors) if a),
        venue=_tidy(source.venue),
        doi=_tidy(source.doi),
        arxiv=_tidy(source.arxiv),
        url=_tidy(source.url),
        abstract=_tidy(source.abstract),
    )


def collect(items: Iterable[Item], parse_one: Callable[[Item], Source | None]) -> list[Source]:
    """The sanitised sources of an answer's first ``MAX_PER_REQUEST`` items that parse.

    The one place where outside text enters as a ``Source``: control characters, lone
    surrogates and bidi overrides go here (after entities were unescaped), so the record,
    the pages and the terminal can take the text as it is.
    """
    sources = []
    for index, item in enumerate(items):
        if index == MAX_PER_REQUEST:
            break
        source = parse_one(item)
        if source is not None:
            source = sanitised(source)
            if source.title:
                sources.append(source)
    return sources


def text_or_empty(value: Any) -> str:
    """``value`` when it is a string, else ``""`` (outside data may hold nulls or numbers)."""
    return value if isinstance(value, str) else ""


def list_or_empty(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def int_or_none(value: Any) -> int | None:
    """``value`` as a plausible publication year, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1000 <= value <= 3000:
        return value
    # isdigit() is true of "²" and "٢٠٢٠" too, which are no years; only ASCII digits count.
    if isinstance(value, str) and value[:4].isascii() and value[:4].isdigit():
        return int_or_none(int(value[:4]))
    return None
