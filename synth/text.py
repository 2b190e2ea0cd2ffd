"""Text helpers (pure): clean-up and sentence splitting of abstracts, and words for display.

Abstracts arrive with JATS/HTML tags (Crossref), LaTeX (arXiv) and odd white
space; sentence splitting must survive abbreviations, decimals and "et al.".
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

# Markup that abstracts arrive with: HTML inline tags, MathML and namespaced JATS tags. Only a
# known tag name with well-formed attributes is markup; "p<0.05 ... age>65" is text, and
# neither a name nor an attribute can cross another "<", so the pattern is linear in the text.
_TAG_NAMES = (
    "a|abbr|b|big|blockquote|br|caption|cite|code|dd|del|dfn|div|dl|dt|em|font|h[1-6]|hr|i|img|"
    "ins|kbd|li|ol|p|pre|q|s|samp|sc|scp|section|small|span|strike|strong|sub|sup|table|tbody|"
    "td|tfoot|th|thead|title|tr|tt|u|ul|var|math|mi|mn|mo|ms|mtext|mrow|msub|msup|msubsup|mfrac|"
    "msqrt|mroot|mover|munder|munderover|mspace|mstyle|mtable|mtr|mtd|mfenced|semantics|annotation"
)
_TAG = re.compile(
    rf"</?(?:[a-z][\w.-]*:[a-z][\w.-]*|(?:{_TAG_NAMES}))"
    r"""(?:\s+[\w.:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+))*\s*/?>""",
    re.IGNORECASE,
)
# \cite{..}, \ref{..} and friends carry no words a reader would quote. Neither the optional
# argument nor the braces may cross another bracket, so a run of "\cite{" stays linear.
_LATEX_REF = re.compile(
    r"~?\\(?:cite[tp]?|citep|citet|ref|eqref|label|footnote)\*?(?:\[[^\[\]{}]*\])?\{[^{}]*\}"
)
_LATEX_CMD_ARG = re.compile(r"\\(?:textbf|textit|emph|texttt|mathrm|mathbf|text|url)\{([^{}]*)\}")
_LATEX_CMD = re.compile(r"\\([a-zA-Z]+)\b\s?")
_MARKS = ",.;:!?)"  # no space before them
_SPACE_BEFORE_PUNCT = re.compile(rf"\s+([{re.escape(_MARKS)}])")

# English function words: what says nothing about a topic. Each use adds its own words to
# these (relevance drops research filler such as "study"; the verifier keeps "not").
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your e g eg ie et al via""".split()
)
# Tokens that end with a period but do not end a sentence.
ABBREVIATIONS = frozenset(
    """al etc e.g i.e cf vs approx fig figs eq eqs ref refs no nos vol dr mr mrs ms prof st
    sec secs ch resp incl ca jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co
    u.s e.u u.k ph.d m.d dept univ est""".split()
)
# A sentence ends at . ! ? before a capital, a digit or an enumeration mark like "(ii)".
_SENTENCE_END = re.compile(
    r"([.!?])([\"'\u201d\u2019)\]]*)\s+"
    r"(?=[\"'\u201c\u2018(\[]*[A-Z0-9]|\((?:i{1,3}|iv|vi{0,3}|ix|x|[a-h])\)\s)"
)


# What outside text may not carry into the record or a page: C0 and C1 controls (NUL, ESC,
# ...) but tab and line breaks, lone surrogates (no UTF-8 form), and the bidirectional
# embedding, override and isolate marks that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def sanitise(text: str) -> str:
    """Outside text made safe to store and show: unsafe characters removed, NFC normalised.

    Called once, where text enters synth (an API answer, an imported file), so that
    everything downstream may assume it.
    """
    return unicodedata.normalize("NFC", _UNSAFE.sub("", text))


def clean_text(text: str) -> str:
    """Unescape entities, drop markup and LaTeX references, normalise unicode and white space."""
    # Every abstract is cleaned (on extraction, verification and each build), and most have
    # no LaTeX and no space before a mark: a pattern runs only when its text can be there.
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = _TAG.sub(" ", text)
    if "\\" in text:
        text = _LATEX_REF.sub("", text)
        text = _LATEX_CMD_ARG.sub(r"\1", text)
        text = _LATEX_CMD.sub("", text)
    text = text.replace("{", "").replace("}", "")
    text = " ".join(text.split())  # white space as one space (str.split's is re's \s)
    if any(f" {mark}" in text for mark in _MARKS):
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text


def _ends_with_abbreviation(chunk: str) -> bool:
    """True when ``chunk`` ends with a known abbreviation or a single initial."""
    last = chunk.rsplit(" ", 1)[-1].rstrip(".").lower().lstrip("(\"'")
    if last in ABBREVIATIONS:
        return True
    # A lone capital initial ("J. Smith") is not a sentence end.
    return len(last) == 1 and last.isalpha() and chunk.rsplit(" ", 1)[-1][0].isupper()


def split_sentences(text: str) -> list[str]:
    """Split cleaned text into sentences, keeping abbreviations, decimals and initials intact."""
    return list(_split(text))


# Claim extraction and the verifier both split every abstract of a question; remember the last
# few thousand so each abstract is split once.
@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    text = clean_text(text)
    if not text:
        return ()
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(2)
        chunk = text[start:end]
        if match.group(1) == "." and _ends_with_abbreviation(chunk):
            continue
        sentences.append(chunk.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(s for s in sentences if s)


def printable(text: str) -> str:
    """Outside text on one line with control characters (terminal escapes) removed."""
    return "".join(c for c in " ".join(text.split()) if c.isprintable())


def shorten(text: str, limit: int = 120) -> str:
    """``printable(text)``, cut to ``limit`` characters with an ellipsis."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, noun: str) -> str:
    """``1 source``, ``3 sources``: a count with its noun in the right number."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
