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

from synth import text

# A number with its decimal part, thousands separators, percent sign and a k/M/B multiplier;
# else a word that may carry inner hyphens, dots, apostrophes or @ (GPT-3.5, o1-mini, pass@1).
_TOKEN = re.compile(
    r"\d+(?:,\d{3})*(?:\.\d+)?(?:%|[kKmMbBxX])?(?![\w-]|\.\d)"
    r"|[A-Za-z0-9]+(?:[-'\u2019@./][A-Za-z0-9]+)*"
)
_NUMBER = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(%|[kKmMbBxX])?$")
_MULTIPLIER = {"k": 1e3, "m": 1e6, "b": 1e9}

# The verifier's function words: the project's list (synth.text.STOPWORDS) without the words
# that place a finding in time, space or direction, which the checks compare ("before birth",
# "up to"), and with the words a research text says about itself ("study", "we found").
STATES_WHEN_OR_WHERE = frozenset(
    "above after again against before below down few further once until up".split()
)
RESEARCH_WORDS = frozenset(
    """another either may might must shall onto upon per versus vs us whose one's using use used
    based paper article authors study studies work report herein show shows showed shown
    demonstrate demonstrates demonstrated find finds found""".split()
)
STOPWORDS = (text.STOPWORDS - STATES_WHEN_OR_WHERE) | RESEARCH_WORDS
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
# Words that say the number before them is a percentage: "ten percent" is "10%".
PERCENT_WORDS = frozenset(("percent", "percentage", "pct"))
# Words that scale the number before them: "16 million" is 16,000,000, not 16.
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        """january february march april may june july august september october november
        december""".split()
    )
}
# Words that make a number a bound: "more than 13" holds for 14, "before 1940" for 1939.
# Each maps to the sign the evidence's value must differ by (+1 above, -1 below) and whether
# the bound itself is allowed; a two-word bound is keyed by its first word.
BOUNDS: dict[tuple[str, ...], tuple[int, bool]] = {
    ("more", "than"): (1, False), ("greater", "than"): (1, False), ("over",): (1, False),
    ("above",): (1, False), ("exceeding",): (1, False), ("after",): (1, False),
    ("at", "least"): (1, True), ("less", "than"): (-1, False), ("fewer", "than"): (-1, False),
    ("under",): (-1, False), ("below",): (-1, False), ("before",): (-1, False),
    ("at", "most"): (-1, True), ("up", "to"): (-1, True),
}  # fmt: skip


def within_bound(value: float, bound: float, sign: int, inclusive: bool) -> bool:
    """True when ``value`` meets a bound of ``sign`` (+1: above, -1: below) at ``bound``."""
    if value == bound:
        return inclusive
    return (value - bound) * sign > 0


# The parts of a month or year a date may name: "late February" is not "early February".
PERIOD_PARTS = frozenset("early mid late end beginning start middle".split())
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
    # A derived noun or adverb meets its adjective: robustness/robust, significantly/significant.
    for suffix in ("ness", "ment", "ly", "ity"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
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
        overexpression overestimate overestimates elevation excess hyperactivity""",
        """decrease decreases decreased decreasing reduce reduces reduced reducing reduction
        reductions lower lowers lowered inhibit inhibits inhibited suppress suppresses
        suppressed attenuate attenuates attenuated diminish diminishes diminished decline
        declines declined drop drops dropped downregulate downregulates downregulated impair
        impairs impaired deplete depleted weaken weakens weakened slow slows slowed fewer less
        loss losses fall falls fell counteract counteracts counteracted prevent prevents
        prevented abolish abolishes abolished block blocks blocked downregulation
        underestimate underestimates protect protects protected""",
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
# The sign of a relation or a test ("positively correlated", "a negative test"): not a change.
POLARITY.update(_axis("sign", "positive positively", "negative negatively inverse inversely"))
POLARITY.update(
    _axis(
        "association",
        "associated correlated linked related predictive",
        "unassociated uncorrelated unlinked",
    )
)


# "a" only before a base of five letters or more that the other text has (asymptomatic/symptoms).
# Words that say the same in a claim and its evidence (general research English, no field's
# terms). Words stating the same direction on one of these axes say the same too.
SYNONYMS = tuple(
    frozenset(group.split())
    for group in (
        "cause causes caused causing lead leads led trigger triggers triggered induce induces",
        "risk risks likelihood odds chance probability",
        "mortality death deaths die dies died dying fatal fatality fatalities",
        "patient patients individual individuals subject subjects participant participants "
        "people person persons human humans",
        "child children pediatric paediatric kid kids",
        "elderly older aged",
        "woman women female females",
        "man men male males",
        "mouse mice murine",
        "rat rats",
        "tumor tumors tumour tumours cancer cancers neoplasm neoplasms carcinoma carcinomas",
        "effective efficacious efficacy effectiveness",
        "treatment treatments therapy therapies treat treats treated treating",
        "role roles involved involvement contribute contributes contributed contribution",
        "require requires required requirement necessary essential needed need needs",
        "drug drugs medication medications",
        "level levels concentration concentrations amount amounts",
        "rate rates incidence prevalence frequency frequencies occurrence",
        "occur occurs occurred occurring observed seen detected present",
        "ability abilities capacity capacities capability capabilities able",
        "bind binds bound binding interact interacts interacted interaction",
        "regulate regulates regulated regulating regulation control controls controlled "
        "modulate modulates modulated modulation",
        "impair impairs impaired impairment dysfunction defective",
        "model models",
        "attack attacks perturbation perturbations",
        "robust robustness resilient resilience resistant resistance",
        "accurate accuracy correct",
        "large larger big bigger",
        "small smaller little",
        "fast faster quick quicker rapid rapidly",
        "slow slower",
        "method methods approach approaches technique techniques",
        "result results outcome outcomes",
        "show shows showed shown demonstrate demonstrates demonstrated reveal reveals revealed",
    )
)
SYNONYM_AXES = ("change", "quality", "involvement", "association")

NEGATIVE_PREFIXES = ("non-", "non", "un", "in", "im", "ir", "il", "dis", "de", "a")
# Section headings and phrasings of structured abstracts: an aim or a method is not a finding.
# Words by which a sentence refers back to what its abstract named before ("this method").
ANAPHORA = frozenset("this these those such our its their it they".split())


def _synonym_classes() -> dict[str, str]:
    """Each stem of ``SYNONYMS`` and of the direction words of ``SYNONYM_AXES`` with its
    class: two words of one class say the same."""
    found: dict[str, str] = {}
    for group in SYNONYMS:
        name = min(group)
        for word in group:
            found.setdefault(stem(word), name)
    for key, (axis, sign) in POLARITY.items():
        if axis in SYNONYM_AXES:
            found.setdefault(key, f"{axis}{sign:+d}")
    return found


SYNONYM_CLASS = _synonym_classes()


@lru_cache(maxsize=65536)
def negated_base(word: str) -> str | None:
    """The stem a negative prefix negates (``inaccurate`` -> ``accurat``), else None."""
    if not word.startswith(NEGATIVE_PREFIXES):
        return None
    for prefix in NEGATIVE_PREFIXES:
        base = word.removeprefix(prefix)
        if base != word and len(base) >= (7 if prefix == "a" else 4) and base.isalpha():
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


def word_starts(text: str) -> list[int]:
    """The start offset of each token of ``text`` (``word_matches`` without the words)."""
    return [m.start() for m in _TOKEN.finditer(text)]


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


@lru_cache(maxsize=65536)
def word_polarity(stem_key: str, low: str) -> tuple[str, int] | None:
    """The (axis, sign) a word states (``decreased`` -> (``change``, -1)), else None."""
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
