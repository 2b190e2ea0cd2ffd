"""How relevant a text is to a question (pure): the one measure that ranks retrieved sources,
picks the claims to extract, orders the sources an Introduction names and scores the review.

A question's topic is the set of content words of its text, title, keywords, concepts
(names and terms) and queries; a text's relevance is the share of those words it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from synth import text
from synth.models import Question

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Words of research prose that say nothing about what a question is about.
RESEARCH_FILLER = frozenset(
    "using use used based new paper study work results show effects effect measured".split()
)
STOPWORDS = text.STOPWORDS | RESEARCH_FILLER


def terms(text: str) -> list[str]:
    """Content words of ``text``: lower case, stop words dropped, a crude plural folded."""
    return [t for t in map(_term, _WORD.findall(text.lower())) if t is not None]


def _term(word: str) -> str | None:
    """A lower-case word as a content word (a crude plural folded); None for a stop word."""
    if word in STOPWORDS or len(word) < 2:
        return None
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def question_terms(question: Question) -> frozenset[str]:
    """The words that say what a question is about: its text, title, keywords, concepts
    and queries."""
    parts: Iterable[str] = (
        question.question,
        question.title,
        *question.keywords,
        *(term for concept in question.concepts for term in concept.all_terms),
        *question.search.queries,
    )
    return frozenset(t for part in parts for t in terms(part))


def relevance(text: str, topic: frozenset[str]) -> float:
    """Share of the topic's words that ``text`` mentions, in [0, 1]."""
    if not topic:
        return 0.0
    # Which words occur is all that counts: each distinct word is looked at once (an
    # abstract repeats many; the site ranks every source's abstract). A word's term is the
    # word or the word less its last letter, so only a word that is, or is one letter more
    # than, a topic word can count: the others need no folding.
    near = (w for w in set(_WORD.findall(text.lower())) if w in topic or w[:-1] in topic)
    used = {_term(word) for word in near}
    return len(topic.intersection(used)) / len(topic)  # None, in used, is in no topic
