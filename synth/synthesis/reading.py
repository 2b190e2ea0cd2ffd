"""A claim sentence rewritten for a reader: third person, attributed, without discourse
markers or enumerators (pure, deterministic).

"Finally, we investigated ..." from an abstract reads, in a synthesis, as "Yang et al.
(2022) investigated ...". The verbatim sentence stays the evidence and is what is
verified; this text is only for reading. The citation is left out as a seam
(``Reading.before`` + citation + ``Reading.after``) so that a page can make it a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from synth.text import STOPWORDS

_MARKERS = (
    "additionally|also|as a result|besides|consequently|conversely|finally|first|firstly|"
    "for example|for instance|fourth|further|furthermore|hence|here|herein|however|"
    "importantly|in addition|in conclusion|in contrast|in other words|in particular|in response|"
    "in short|in summary|in this (?:paper|work|study|article|report|letter)|indeed|"
    "interestingly|lastly|likewise|meanwhile|moreover|nevertheless|next|nonetheless|notably|"
    "overall|pertinently|regardless|second|secondly|similarly|specifically|subsequently|"
    "surprisingly|then|therefore|third|thirdly|thus|to (?:this|that) end|taken together"
)
_LEADING_MARKER = re.compile(rf"^(?:{_MARKERS}),?\s+", re.IGNORECASE)
_ENUMERATOR = re.compile(r"\(\s*(?:[ivx]{1,4}|\d{1,2}|[a-h])\s*\)\s*")
_LEADING_ENUMERATOR = re.compile(r"^(?:\(?(?:[ivx]{1,4}|\d{1,2}|[a-h])[.)]|[-•*])\s+")
_WE = re.compile(r"^we\s+", re.IGNORECASE)
_ADVERBS = frozenset("also further then first additionally finally now here thus hence".split())
_MODALS = frozenset("can could may might must shall should will would".split())
_IRREGULAR = {"have": "has", "are": "is", "were": "was", "do": "does", "go": "goes"}
_THIS_PAPER = re.compile(
    r"^(?:this|the present|the current) (paper|work|study|article|report|letter|review|survey)\b",
    re.IGNORECASE,
)
_IT_WAS_FOUND = re.compile(
    r"^it (?:was|is|has been) (?:found|shown|demonstrated|observed) that\s+", re.IGNORECASE
)
_RESULT_VERBS = (
    "show|shows|demonstrate|demonstrates|suggest|suggests|indicate|indicates|reveal|reveals|"
    "confirm|confirms|find|finds|achieve|achieves|outperform|outperforms|improve|improves|"
    "reduce|reduces|yield|yields|provide|provides|highlight|highlights|establish|establishes|"
    "can|could|may|is|are|was|were|has|have"
)
_OUR_SUBJECT = re.compile(rf"^our ((?:[\w-]+ ){{0,2}}?[\w-]+) (?=(?:{_RESULT_VERBS})\b)", re.I)
_PRONOUNS = {
    "we": "they",
    "We": "They",
    "our": "their",
    "Our": "Their",
    "us": "them",
    "ours": "theirs",
    "ourselves": "themselves",
}
_THIS_WORK = re.compile(r"\bthis (paper|work|study|article)\b")
_PRONOUN = re.compile(r"\b(?:we|We|our|Our|us|ours|ourselves)\b")


@dataclass(frozen=True)
class Reading:
    """The reader's text around the citation of its source: ``before + cite + after``."""

    before: str
    after: str

    def text(self, citation: str) -> str:
        """The whole text with ``citation`` (e.g. ``Jiang et al. (2024)``) in its place."""
        return f"{self.before}{citation}{self.after}"


def proper_words(abstract_sentences: Iterable[str]) -> frozenset[str]:
    """Words an abstract writes with a capital inside a sentence: names, not common words."""
    found: set[str] = set()
    for sentence in abstract_sentences:
        for word in re.findall(r"[A-Za-z][\w-]*", sentence)[1:]:
            if word[0].isupper():
                found.add(word)
    return frozenset(found)


def rewrite(sentence: str, plural: bool = True, names: frozenset[str] = frozenset()) -> Reading:
    """``sentence`` in the third person, attributed; ``plural`` when several authors wrote it;
    ``names`` are words that keep their capital (see ``proper_words``)."""
    text = _strip_markers(" ".join(sentence.split()))
    text = _ENUMERATOR.sub("", text).strip()
    if _WE.match(text):
        verb_phrase = _conjugate(_WE.sub("", text, count=1), plural)
        return Reading("", " " + _finish(_third_person(verb_phrase)))
    paper = _THIS_PAPER.match(text)
    if paper:
        rest = _finish(_third_person(text[paper.end() :]))
        return Reading(f"The {paper.group(1).lower()} by ", " " + rest)
    our = _OUR_SUBJECT.match(text)
    if our:
        rest = _finish(_third_person(text[our.end() :]))
        return Reading(f"The {our.group(1)} of ", " " + rest)
    found = _IT_WAS_FOUND.match(text)
    if found:
        verb = " find that " if plural else " finds that "
        return Reading("", verb + _finish(_third_person(_lower_first(text[found.end() :], names))))
    verb = " report that " if plural else " reports that "
    return Reading("", verb + _finish(_third_person(_lower_first(text, names))))


def _strip_markers(text: str) -> str:
    """Drop leading discourse markers and enumerators, however many are stacked."""
    while True:
        stripped = _LEADING_ENUMERATOR.sub("", _LEADING_MARKER.sub("", text))
        if stripped == text:
            return text
        text = stripped


def _conjugate(verb_phrase: str, plural: bool) -> str:
    """``propose X`` -> ``proposes X`` for one author; skips a leading adverb."""
    words = verb_phrase.split(" ")
    i = 1 if len(words) > 1 and words[0].lower() in _ADVERBS else 0
    if plural or i >= len(words):
        return verb_phrase
    verb = words[i]
    low = verb.lower()
    if low in _MODALS or low.endswith("ed") or not low.isalpha():
        return verb_phrase
    if low in _IRREGULAR:
        words[i] = _IRREGULAR[low]
    elif re.search(r"(?:s|sh|ch|x|z|o)$", low):
        words[i] = verb + "es"
    elif re.search(r"[^aeiou]y$", low):
        words[i] = verb[:-1] + "ies"
    else:
        words[i] = verb + "s"
    return " ".join(words)


def _third_person(text: str) -> str:
    """First-person pronouns as third-person ones (we -> they, our -> their, this paper ->
    their paper)."""
    text = _THIS_WORK.sub(lambda m: f"their {m.group(1)}", text)
    return _PRONOUN.sub(lambda m: _PRONOUNS[m.group()], text)


def _lower_first(text: str, names: frozenset[str]) -> str:
    """The first letter in lower case unless the first word is a name or an acronym."""
    words = re.findall(r"[A-Za-z][\w-]*", text[:80])
    if not words or not text[:1].isalpha():
        return text
    word = words[0]
    is_plain = word[1:] == word[1:].lower() and not any(c.isdigit() for c in word)
    # A capital on the next word (past a little word) makes a name of the phrase: "Large
    # Language Models", "Mixture of Experts"; "On attacking CodeBERT" is no name.
    after = words[1:3]
    if after and after[0].lower() in STOPWORDS:
        after = after[1:]
    in_name = bool(after) and after[0][:1].isupper() and not after[0].isupper()
    if not is_plain or in_name or (word in names and word.lower() not in STOPWORDS):
        return text
    return text[:1].lower() + text[1:]


def _finish(text: str) -> str:
    """One line that ends as a sentence ends."""
    text = " ".join(text.split()).rstrip(" ,;:")
    return text if text.endswith((".", "!", "?")) else text + "."
