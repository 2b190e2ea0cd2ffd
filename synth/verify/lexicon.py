"""Tokens and the small English lexicon the verifier's checks rely on (pure).

Words are compared by a light suffix-stripping stem so that "released" meets
"release" and "abilities" meets "ability". The lexicon holds general linguistic
classes (negation cues, number words, months, quantifiers, words that state a
direction), never phrases of any particular paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# A number with its decimal part, thousands separators, percent sign and a k/M/B multiplier;
# else a word that may carry inner hyphens, dots, apostrophes or @ (GPT-3.5, o1-mini, pass@1).
_TOKEN = re.compile(
    r"\d+(?:,\d{3})*(?:\.\d+)?(?:%|[kKmMbBxX])?(?![\w-]|\.\d)"
    r"|[A-Za-z0-9]+(?:[-'\u2019@./][A-Za-z0-9]+)*"
)
_NUMBER = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(%|[kKmMbBxX])?$")
_MULTIPLIER = {"k": 1e3, "m": 1e6, "b": 1e9}

STOPWORDS = frozenset(
    """a an the and or but if then than that this these those there their they them it its
    of in on at by for to from with as into onto over under about between through during
    is are was were be been being am has have had having do does did doing can could may
    might must shall should will would which who whom whose what when where why how while
    such so also both either each other another any all some more most only own same very
    just too we our us you your he she his her i me my one's upon via per versus vs et al
    using use used based paper study studies work article report authors here herein
    show shows showed shown demonstrate demonstrates demonstrated find finds found""".split()
)
NEGATIONS = frozenset(
    """not no never none nor neither nobody nothing cannot without lack lacks lacked lacking
    absent absence fail fails failed unable incapable ineffective unaffected unchanged""".split()
)
NUMBER_WORDS = {
    w: float(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
}
NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
)
NUMBER_WORDS.update({"ninety": 90, "hundred": 100, "thousand": 1e3, "twice": 2, "half": 0.5})
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        """january february march april may june july august september october november
        december""".split()
    )
}
# Quantifiers ordered by strength: a claim may not be stronger than its evidence.
QUANTIFIERS = {
    "some": 1, "several": 1, "many": 1, "certain": 1, "various": 1, "multiple": 1,
    "most": 2, "majority": 2, "mostly": 2,
    "all": 3, "every": 3, "each": 3, "always": 3, "entire": 3, "universally": 3,
}  # fmt: skip
QUANTIFIER_NAMES = {1: "some", 2: "most", 3: "all"}


def _axis(name: str, up: str, down: str) -> dict[str, tuple[str, int]]:
    """Map the stems of ``up`` words to (+1) and of ``down`` words to (-1) on one axis."""
    table = {stem(w): (name, 1) for w in up.split()}
    table.update({stem(w): (name, -1) for w in down.split()})
    return table


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem: ``increased``/``increases`` -> ``increas``."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) <= 3 or not w.isalpha():
        return w
    # British and American spellings meet: tumour/tumor, foetal/fetal, randomised/randomized.
    if len(w) > 4:
        w = w.replace("ae", "e").replace("oe", "e").replace("isation", "ization")
        if w.endswith("our"):
            w = w[:-3] + "or"
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    else:
        if w.endswith("s") and not w.endswith("ss") and len(w) > 4:
            w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("is") and len(w) > 5:
        w = w[:-1] + "z"
    return w


# Words that state a direction; two words on the same axis with opposite signs disagree.
POLARITY: dict[str, tuple[str, int]] = {}
POLARITY.update(
    _axis(
        "change",
        """increase increases increased increasing raise raises raised elevate elevated
        elevates enhance enhanced enhances induce induces induced stimulate stimulates
        stimulated promote promotes promoted activate activates activated upregulate
        upregulates upregulated augment augments augmented boost boosts boosted rise rises
        rose higher greater more accelerate accelerates accelerated gain gains exacerbate
        exacerbates exacerbated encourage encourages encouraged amplify amplifies amplified
        potentiate potentiates potentiated facilitate facilitates facilitated upregulation
        overexpression overestimate overestimates elevation excess hyperactivity positively""",
        """decrease decreases decreased decreasing reduce reduces reduced reducing reduction
        reductions lower lowers lowered inhibit inhibits inhibited suppress suppresses
        suppressed attenuate attenuates attenuated diminish diminishes diminished decline
        declines declined drop drops dropped downregulate downregulates downregulated impair
        impairs impaired deplete depleted weaken weakens weakened slow slows slowed fewer less
        loss losses fall falls fell counteract counteracts counteracted prevent prevents
        prevented abolish abolishes abolished block blocks blocked downregulation
        underestimate underestimates inverse inversely negatively protect protects protected""",
    )
)
POLARITY.update(
    _axis(
        "quality",
        """improve improves improved improvement improvements better benefit benefits
        beneficial advantage advantages outperform outperforms outperformed superior surpass
        surpasses excel excels""",
        """regression regressions worse worsen worsens worsened degrade degrades degraded
        degradation deteriorate deteriorates harm harms harmful disadvantage disadvantages
        underperform underperforms underperformed inferior hurt hurts""",
    )
)
POLARITY.update(
    _axis(
        "size",
        """large larger substantial considerable major dramatic dramatically vast vastly huge
        strong strongly big significant significantly remarkable""",
        """marginal marginally slight slightly modest minor small smaller minimal negligible
        little weak weakly limited""",
    )
)
POLARITY.update(
    _axis(
        "rank",
        "most best highest largest greatest top maximum",
        "least worst lowest smallest fewest minimum",
    )
)
POLARITY.update(
    _axis(
        "involvement",
        "involve involved involves participate participates participated implicated required",
        "uninvolved dispensable unrelated unnecessary",
    )
)
POLARITY.update(
    _axis(
        "association",
        "associated correlated linked related predictive",
        "unassociated uncorrelated unlinked",
    )
)


NEGATIVE_PREFIXES = ("non-", "non", "un", "in", "im", "ir", "il", "dis", "de")
# Section headings and phrasings of structured abstracts: an aim or a method is not a finding.
_AIM = re.compile(
    r"^(?:BACKGROUND|OBJECTIVES?|PURPOSE|AIMS?|INTRODUCTION|CONTEXT|IMPORTANCE|RATIONALE|"
    r"METHODS?|DESIGN|SETTING|PARTICIPANTS|MEASUREMENTS|INTERVENTIONS?)\b"
    r"|\b(?:to (?:determine|assess|evaluate|investigate|examine|test|explore|compare|identify)"
    r"|whether|we (?:hypothesi[sz]ed|tested|asked|sought|aimed|investigated|examined|assessed)"
    r"|the (?:aim|objective|purpose) of|is unknown|remains? unclear|are unclear|is unclear"
    r"|(?:were|was) (?:determined|measured|assessed|recorded|collected|randomi[sz]ed)"
    r"|eligib\w*|studies examined)\b",
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
def statement_kind(sentence: str) -> int:
    """+1 for a sentence stating a finding, -1 for an aim, question or method, else 0."""
    if _AIM.search(sentence):
        return -1
    return 1 if _FINDING.search(sentence) else 0


@lru_cache(maxsize=65536)
def negated_base(word: str) -> str | None:
    """The stem a negative prefix negates (``inaccurate`` -> ``accurat``), else None."""
    if not word.startswith(NEGATIVE_PREFIXES):
        return None
    for prefix in NEGATIVE_PREFIXES:
        base = word.removeprefix(prefix)
        if base != word and len(base) >= 4 and base.isalpha():
            return stem(base)
    return None


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A word or number of a text, with its stem and character offsets.

    Treat it as immutable. It is not declared frozen because the verifier builds one per
    word of every sentence it checks, and a frozen dataclass is built about twice as slowly.
    """

    text: str
    low: str
    stem: str
    start: int
    end: int
    index: int

    @property
    def is_content(self) -> bool:
        """True for a word that carries meaning (not a stop word, not a negation cue)."""
        return self.low not in STOPWORDS and self.low not in NEGATIONS and len(self.low) > 1

    @property
    def is_negation(self) -> bool:
        """True for a negation cue (``not``, ``no``, ``without``, ``doesn't``, ...)."""
        return self.low in NEGATIONS or self.low.endswith(("n't", "n\u2019t"))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with stems and character offsets."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    """``tokenize`` as an immutable, cached value: a claim meets many sentences and back."""
    tokens: list[Token] = []
    for i, (start, word) in enumerate(word_matches(text)):
        low = word.lower()
        tokens.append(Token(word, low, stem(low), start, start + len(word), i))
    return tuple(tokens)


def word_matches(text: str) -> list[tuple[int, str]]:
    """(start offset, word) of each token of ``text``, without building tokens."""
    return [(m.start(), m.group(0).rstrip(".")) for m in _TOKEN.finditer(text)]


def word_strings(text: str) -> list[str]:
    """The words ``tokenize`` finds in ``text`` (before trailing dots are cut), as strings."""
    return _TOKEN.findall(text)


def number_value(token: Token) -> float | None:
    """The numeric value of a digit or number-word token (``8k`` -> 8000), else None."""
    return word_number(token.text, token.low)


def word_number(word: str, low: str) -> float | None:
    """``number_value`` of a word and its lower-cased form."""
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    if not word[:1].isdigit():  # what _NUMBER matches starts with a digit
        return None
    match = _NUMBER.match(word)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    suffix = (match.group(2) or "").lower()
    return value * _MULTIPLIER.get(suffix, 1.0)


def word_is_year(word: str) -> bool:
    """True for a four-digit year between 1800 and 2100."""
    return len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2100


def is_entity(words: Sequence[str], i: int) -> bool:
    """True when word ``i`` of ``words`` looks like a name: inner capitals, letters with
    digits, or a lone capitalised word inside a sentence (``LLaMA``, ``GPT-4``, ``Mixtral``)."""
    word = words[i]
    if word.islower() and word.isalpha():  # the common case, decided without the rules below
        return False
    letters = [c for c in word if c.isalpha()]
    low = word.lower()
    if len(letters) < 2 or low in MONTHS:
        return False
    if any(c.isupper() for c in word[1:]) or (any(c.isdigit() for c in word) and word[0].isalpha()):
        return True
    if not word[0].isupper() or low in STOPWORDS:
        return False
    if i == 0:  # a capitalised first word is a name only when a size follows (Mixtral 8x7B)
        return len(words) > 1 and any(c.isdigit() for c in words[1])

    def titled(j: int) -> bool:
        return 0 <= j < len(words) and words[j][0].isupper()

    # A run of capitalised words ("Large Language Models") is a title-cased term, not a name.
    return not titled(i - 1) and not titled(i + 1)


def polarity(token: Token) -> tuple[str, int] | None:
    """The (axis, sign) a word states, e.g. ``decreased`` -> (``change``, -1), else None."""
    return word_polarity(token.stem, token.low)


@lru_cache(maxsize=65536)
def word_polarity(stem_key: str, low: str) -> tuple[str, int] | None:
    """``polarity`` of a word given by its stem and lower-cased form."""
    found = POLARITY.get(stem_key) or POLARITY.get(low)
    if found:
        return found
    # A negative prefix flips a direction word: "uninvolved", "non-significant".
    for prefix in ("un", "non-", "non", "in"):
        base = low.removeprefix(prefix)
        if base != low and len(base) > 4:
            inner = POLARITY.get(stem(base))
            if inner:
                return inner[0], -inner[1]
    return None
