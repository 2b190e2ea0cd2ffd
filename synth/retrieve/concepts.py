"""Boolean search from a question's concepts, as a systematic-review search strategy builds
it: the terms of a concept OR-ed, the concepts AND-ed (pure).

Only databases whose search takes boolean operators get such a query (OpenAlex's
``search`` and arXiv's ``search_query``); the others get the free-text queries. Each
database's syntax for a term is its provider's business (``phrase``); the shape is one.
A query travels in the URL, whose length is limited (OpenAlex: about 4 KB), so a concept
keeps as many of its terms, in the question's order, as fit in ``MAX_QUERY`` characters
with every concept keeping at least its name. The retrieval log records the query sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from synth.models import Concept
from synth.retrieve.request import ApiRequest

MAX_QUERY = 1500  # characters of the boolean expression, before URL encoding
QUERY_PARAMS = ("search", "search_query", "query")  # the query parameter of each provider
_NOT_A_WORD = re.compile(r"[^\w\s\-']+")


def plain_term(term: str) -> str:
    """A term as words only: quotes, brackets and operators' punctuation removed."""
    return " ".join(_NOT_A_WORD.sub(" ", term).split())


def boolean_query(concepts: Sequence[Concept], phrase: Callable[[str], str]) -> str:
    """``(a OR b) AND (c OR d)``, with each term written by ``phrase``; terms beyond the
    length budget are left out, the later ones first."""
    blocks = [[phrase(t) for t in map(plain_term, c.all_terms) if t] for c in concepts]
    blocks = [block for block in blocks if block]
    kept = [1] * len(blocks)
    grew = True
    while grew:  # one more term per concept per round, as long as the query fits
        grew = False
        for i, block in enumerate(blocks):
            if kept[i] < len(block):
                kept[i] += 1
                if len(_join(blocks, kept)) > MAX_QUERY:
                    kept[i] -= 1
                else:
                    grew = True
    return _join(blocks, kept)


def _join(blocks: list[list[str]], kept: list[int]) -> str:
    parts = []
    for block, n in zip(blocks, kept, strict=True):
        terms = block[:n]
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " AND ".join(parts)


def query_sent(request: ApiRequest) -> str:
    """The search expression a request sends (its query parameter), for the retrieval log."""
    params = dict(request.params)
    return next((params[name] for name in QUERY_PARAMS if name in params), "")
