"""What a sentence says about itself (pure): an aim, an open question, a finding, statistics,
or that a statement is false.

Fuzzy matching cannot tell "we sought to determine whether X" from "X"; these cues, read
over the whole sentence, let the checks do so.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Section headings and phrasings of structured abstracts: an aim or a method is not a finding.
_AIM = re.compile(
    r"^(?:BACKGROUND|OBJECTIVES?|PURPOSE|AIMS?|INTRODUCTION|CONTEXT|IMPORTANCE|RATIONALE|"
    r"METHODS?|DESIGN|SETTING|PARTICIPANTS|MEASUREMENTS|INTERVENTIONS?)\b"
    r"|\b(?:to (?:determine|assess|evaluate|investigate|examine|test|explore|compare|identify"
    r"|describe|characteri[sz]e|estimate|analy[sz]e|quantify|clarify|elucidate|understand)"
    r"|whether|we (?:hypothesi[sz]ed|tested|asked|sought|aimed|investigated|examined|assessed"
    r"|conducted|designed|performed a)"
    r"|the (?:aim|objective|purpose) of|is unknown|remains? unclear|are unclear|is unclear"
    r"|(?:is|are|remains?) (?:not (?:yet )?(?:known|clear|understood|established)|uncertain)"
    r"|(?:were|was) (?:determined|measured|assessed|recorded|collected|randomi[sz]ed)"
    r"|eligib\w*|studies examined)\b|\?\s*$",
    re.IGNORECASE,
)
# The narrower kind: an aim or an open question, which never states a finding (a method
# sentence may still support a claim about what was done).
_QUESTION = re.compile(
    r"^(?:BACKGROUND|OBJECTIVES?|PURPOSE|AIMS?|INTRODUCTION)\b"
    r"|\b(?:to (?:determine|assess|evaluate|investigate|examine|explore|identify|describe"
    r"|characteri[sz]e|estimate|quantify|clarify|elucidate|understand)"
    r"|whether|we (?:hypothesi[sz]ed|sought|aimed)|the (?:aim|objective|purpose) of"
    r"|is unknown|remains? unclear|are unclear|is unclear"
    r"|(?:is|are|remains?) (?:not (?:yet )?(?:known|clear|understood|established)|uncertain)"
    r")\b|\?\s*$",
    re.IGNORECASE,
)
# What says a statement is false: "was misquoted as ... untrue", "there is no evidence that".
_DEBUNK = re.compile(
    r"\b(?:untrue|not true|false(?!\s*-?\s*(?:positive|negative|discovery|alarm))|falsely"
    r"|myths?|misquoted|misconceptions?|debunked|misleading|refuted|incorrect(?:ly)?"
    r"|erroneous(?:ly)?|no (?:\w+ ){0,2}evidence|not supported by)\b",
    re.IGNORECASE,
)
_FINDING = re.compile(
    r"^(?:RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION)\b"
    r"|\b(?:we (?:found|show|showed|demonstrate|demonstrated|observed|report)"
    r"|(?:results|data|findings) (?:show|showed|suggest|indicate|demonstrate)"
    r"|significantly|was associated|were associated)\b"
)


# Statistics a result sentence reports: p-values, confidence intervals, effect ratios.
_STATISTIC = re.compile(
    r"\b(?:[Pp]\s?[<=>\u2264]\s?0?\.\d|95\s?%|CI\b|(?:odds|hazard|risk) ratio|relative risk"
    r"|OR\b|HR\b|RR\b|n\s?=\s?\d)"
)


@lru_cache(maxsize=4096)
def reports_statistics(sentence: str) -> bool:
    """True when a sentence reports a p-value, confidence interval or effect ratio."""
    return bool(_STATISTIC.search(sentence))


@lru_cache(maxsize=4096)
def debunks(sentence: str) -> str:
    """The words by which a sentence says a statement is false or unfounded, else ""."""
    found = _DEBUNK.search(sentence)
    return found.group(0) if found else ""


@lru_cache(maxsize=4096)
def asks(sentence: str) -> bool:
    """True for a sentence stating an aim or an open question ("to describe X", "whether")."""
    return bool(_QUESTION.search(sentence))


@lru_cache(maxsize=4096)
def statement_kind(sentence: str) -> int:
    """+1 for a sentence stating a finding, -1 for an aim, question or method, else 0."""
    if _AIM.search(sentence):
        return -1
    return 1 if _FINDING.search(sentence) else 0
