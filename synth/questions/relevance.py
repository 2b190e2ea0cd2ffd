"""How relevant a text is to a question: shared by claim extraction, ranking and review (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from synth.models import Question

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your e g eg ie et al via using use used based new paper study work results show
    effects effect measured""".split()
)


def terms(text: str) -> list[str]:
    """Content words of ``text``: lower case, stop words dropped, a crude plural folded."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def question_terms(question: Question) -> frozenset[str]:
    """The words that say what a question is about: its text, title, keywords and queries."""
    parts: Iterable[str] = (
        question.question,
        question.title,
        *question.keywords,
        *question.search.queries,
    )
    return frozenset(t for part in parts for t in terms(part))


def relevance(text: str, topic: frozenset[str]) -> float:
    """Share of the topic's words that ``text`` mentions, in [0, 1]."""
    if not topic:
        return 0.0
    return len(topic.intersection(terms(text))) / len(topic)
