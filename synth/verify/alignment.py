"""Word alignment of a claim with one evidence sentence (pure).

Each content word of the claim is matched to a word of the sentence: the same
word up to inflection, case, hyphens and British/American spelling; a part of a
compound ("CX3CR1" in "CX3CR1-deficient"); or an abbreviation and its long form
when either text, or the abstract the sentence comes from, defines it ("chronic
kidney disease (CKD)"). The checks in ``synth.verify.checks`` then compare details at
the matched phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from synth.models import Sentence
from synth.verify.abbreviations import abbreviations
from synth.verify.keys import forms_of
from synth.verify.lexicon import (
    ANAPHORA,
    Token,
    within_bound,
    word_strings,
)
from synth.verify.pairing import (
    defined_in,
    match_acronyms,
    match_derived,
    match_names,
    match_numbers,
    match_synonyms,
    prefix_negations,
)
from synth.verify.words import Words, words_of

ANAPHORIC_WORDS = 2  # plain claim words a sentence that refers back may leave to its abstract


class Context:
    """What the whole abstract tells about its words: abbreviations and the names in it.

    Both are worked out on first use: most sentences never need the names.
    """

    def __init__(self, text: str = "") -> None:
        self.text = text

    @cached_property
    def abbreviations(self) -> dict[str, tuple[str, ...]]:
        """The short forms the abstract defines, with their long forms."""
        return abbreviations(self.text)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every form (``forms_of``) of every word of the abstract."""
        found: set[str] = set()
        for low in {w.rstrip(".").lower() for w in word_strings(self.text)}:
            found |= forms_of(low)
        return frozenset(found)


@dataclass(frozen=True)
class Alignment:
    """Which sentence token each claim token matched, and the matched character span."""

    claim_words: Words  # the claim's tokens and what is known of each (names, numbers, ...)
    sentence_words: Words
    pairs: dict[int, int]  # claim token index -> sentence token index
    coverage: float  # weighted share of the claim's content words found in the sentence
    window: tuple[int, int]  # token indices of the densest matched part, inclusive
    negated: frozenset[tuple[str, int]] = frozenset()  # ("claim"|"sentence", token index)
    context: Context = field(default_factory=Context)
    offset: int | None = None  # where the claim's words start when the sentence has them all

    def counterpart(self, i: int) -> int | None:
        """The sentence word that is claim word ``i`` when the sentence states the claim word
        for word, else None (a matched word elsewhere may sit in another phrase)."""
        return None if self.offset is None else self.offset + i

    @cached_property
    def span(self) -> tuple[int, int]:
        """Character offsets of the densest matched part of the sentence ((0, 0) for none)."""
        lo, hi = self.window
        if hi < lo:
            return (0, 0)
        sentence = self.sentence_words
        return (sentence.starts[lo], sentence.starts[hi] + len(sentence.words[hi]))

    @cached_property
    def unaccounted(self) -> list[int]:
        """The indices of the claim's content words the sentence does not have.

        Some count as had: a bound ("more than 13") a number of the sentence meets, with its
        words; a name the abstract states elsewhere (the checks of names still catch another
        name in its place); and, in a sentence that refers back ("this method", "our
        model"), up to ``ANAPHORIC_WORDS`` plain words its abstract states before it.
        """
        cw = self.claim_words
        missing = [i for i in cw.content_indices if i not in self.pairs]
        if not missing:
            return missing
        met: set[int] = set()
        for i, (sign, inclusive, words) in cw.bounds.items():
            if meets_bound(self.sentence_words, cw.number[i], cw.year[i], sign, inclusive):
                met.update((i, *words))
        if self.context.text:
            # The abstract's names are read (all of its words) only for a missing name.
            met.update(i for i in missing if cw.entity[i] and cw.wholes[i] in self.context.names)
            plain = [
                i
                for i in missing
                if i not in met and cw.number[i] is None and cw.polarity[i] is None
            ]
            if (
                plain
                and len(plain) <= ANAPHORIC_WORDS
                and not ANAPHORA.isdisjoint(self.sentence_words.lows)
            ):
                at = self.context.text.find(self.sentence_words.text)
                stated = words_of(self.context.text[: max(at, 0)])  # what came before
                met.update(i for i in plain if stated.has_match(cw.keys[i]))
        return [i for i in missing if i not in met]

    @cached_property
    def phrasing(self) -> float:
        """How much of the claim's wording the sentence keeps: the share of consecutive
        matched claim words whose counterparts stand in the same order within three words
        ("mouse model" kept, "human ... model" not)."""
        matched = [i for i in self.claim_words.content_indices if i in self.pairs]
        if len(matched) < 2:
            return 1.0 if matched else 0.0
        kept = sum(
            1
            for a, b in zip(matched, matched[1:], strict=False)
            if 0 < self.pairs[b] - self.pairs[a] <= 3
        )
        return kept / (len(matched) - 1)

    @cached_property
    def claim(self) -> list[Token]:
        """The claim's tokens."""
        return list(self.claim_words.tokens)

    @cached_property
    def sentence(self) -> list[Token]:
        """The sentence's tokens (built when a check first reads them)."""
        return list(self.sentence_words.tokens)


def meets_bound(
    sentence: Words,
    bound: float | None,
    year: bool,
    sign: int,
    inclusive: bool,
    among: Iterable[int] | None = None,
) -> bool:
    """True when a number of the sentence (a year for a year) meets the bound: a plain value
    within it, or the same bound ("over 90%" meets "over 90%", not "over 70%")."""
    if bound is None:
        return False
    bounded = sentence.bounds
    for j in range(len(sentence.words)) if among is None else among:
        value, is_year = sentence.number[j], sentence.year[j]
        if value is None or is_year != year:
            continue
        if j in bounded:
            if bounded[j][0] == sign and value == bound:
                return True
        elif within_bound(value, bound, sign, inclusive):
            return True
    return False


def context_of(text: str) -> Context:
    """The abbreviations and name keys of a whole abstract, for aligning its sentences."""
    return Context(text)


class Contexts:
    """Each source's abstract context (its abbreviations and names), worked out on first use.

    Only the sources of the few sentences that get aligned need one, so most abstracts
    of a question are never tokenised twice.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._texts: dict[str, list[str]] = {}
        for s in sentences:
            self._texts.setdefault(s.source, []).append(s.text)
        self._known: dict[str, Context] = {}

    def get(self, key: str) -> Context | None:
        """The context of source ``key``, or None for a source without sentences."""
        if key not in self._known:
            if key not in self._texts:
                return None
            self._known[key] = context_of(" ".join(self._texts[key]))
        return self._known[key]


def contexts_of(sentences: Sequence[Sentence]) -> Contexts:
    """Each source's abstract context (its abbreviations and names), by source key."""
    return Contexts(sentences)


def same_word(a: Token, b: Token) -> bool:
    """True when two tokens are the same word up to inflection, case and hyphens."""
    if a.stem == b.stem or a.low == b.low:
        return True
    x, y = a.low.replace("-", ""), b.low.replace("-", "")
    if x == y or x.rstrip("s") == y.rstrip("s"):
        return True
    # Long words sharing their first seven letters are one word family (evaluation/evaluate).
    return len(a.stem) >= 7 and len(b.stem) >= 7 and a.stem[:7] == b.stem[:7] and x.isalpha()


def _densest(positions: list[int]) -> tuple[int, int]:
    """The shortest window of sentence positions holding at least 80% of the matches."""
    ordered = sorted(set(positions))
    need = max(1, -(-len(ordered) * 4 // 5))
    best = (ordered[0], ordered[-1])
    for i in range(len(ordered) - need + 1):
        lo, hi = ordered[i], ordered[i + need - 1]
        if hi - lo < best[1] - best[0]:
            best = (lo, hi)
    return best


def align(claim: str, sentence: str, context: Context | None = None) -> Alignment:
    """Match each content word of ``claim`` to a word of ``sentence``, preferring order."""
    context = context or Context()
    cw, sw = words_of(claim), words_of(sentence)
    offset = verbatim_offset(cw, sw)
    if offset is not None and cw.content_indices:
        # The sentence states the claim word for word: each word is its own counterpart, and
        # the matched part is all of the claim (a negation at its end included).
        itself = {i: offset + i for i in range(len(cw.words))}
        window = (offset, offset + len(cw.words) - 1)
        return Alignment(cw, sw, itself, 1.0, window, frozenset(), context, offset)
    pairs: dict[int, int] = {}
    previous = -1
    stems, bares, families = sw.key_sets
    for i in cw.content_indices:
        stem_key, bare, family = cw.keys[i]
        if not (stem_key in stems or bare in bares or (family and family in families)):
            continue
        if (j := sw.nearest_match(cw.keys[i], previous)) is not None:
            pairs[i] = previous = j
    match_acronyms(cw, sw, pairs)
    match_synonyms(cw, sw, pairs)
    match_derived(cw, sw, pairs)
    match_numbers(cw, sw, pairs)
    match_names(defined_in(context.abbreviations, claim, sentence), cw, sw, pairs)
    negated = prefix_negations(cw, sw, pairs)
    if not pairs:
        return Alignment(cw, sw, pairs, 0.0, (0, -1), negated, context)
    weights = cw.weights
    coverage = sum(weights[i] for i in cw.content_indices if i in pairs) / cw.weight_total
    lo, hi = _densest(list(pairs.values()))
    return Alignment(cw, sw, pairs, coverage, (lo, hi), negated, context)


def verbatim_offset(claim: Words, sentence: Words) -> int | None:
    """Where the claim's words start in the sentence when it has them all, in order and
    together (ignoring case and punctuation), else None."""
    if not claim.lows or len(claim.lows) > len(sentence.lows):
        return None
    whole = f" {sentence.joined} "
    at = whole.find(f" {claim.joined} ")
    return None if at < 0 else whole.count(" ", 0, at)
