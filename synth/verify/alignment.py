"""Word alignment of a claim with one evidence sentence (pure).

Each content word of the claim is matched to a word of the sentence: the same
word up to inflection, case, hyphens and British/American spelling; a part of a
compound ("CX3CR1" in "CX3CR1-deficient"); or an abbreviation and its long form
when either text, or the abstract the sentence comes from, defines it ("chronic
kidney disease (CKD)"). The checks in ``synth.verify.checks`` then compare details at
the matched phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from synth.verify.abbreviations import _abbreviations, abbreviations
from synth.verify.lexicon import (
    ANAPHORA,
    STOPWORDS,
    Token,
    is_entity,
    tokenize,
    within_bound,
    word_strings,
)
from synth.verify.words import Words, forms_of, match_keys, token_keys, words_of

ANAPHORIC_WORDS = 2  # plain claim words a sentence that refers back may leave to its abstract
# Parts of a compound that qualify a name rather than name something else (TDP-43-induced).
_QUALIFIERS = frozenset(
    """derived induced dependent mediated expressing treated based like specific driven
    related targeted positive""".split()
)


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
            names = self.context.names
            met.update(i for i in missing if cw.entity[i] and cw.wholes[i] in names)
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


def _words_in(words: Iterable[str], sentence: Words) -> int | None:
    """The index of the first sentence token that matches the content ``words``, if all match."""
    first = None
    for word in words:
        if word in STOPWORDS or len(word) < 2:
            continue
        probe = tokenize(word)
        if not probe:
            continue
        hits = sentence.matching(token_keys(probe[0]))
        if not hits:
            return None
        first = min(hits) if first is None else min(first, min(hits))
    return first


def _match_names(
    texts: tuple[str, str],
    claim: Words,
    sentence: Words,
    pairs: dict[int, int],
    context: Context,
) -> None:
    """Pair claim words with compound parts, abbreviations and long forms of the sentence."""
    forms = sentence.form_set
    defined = _defined(context, *texts)
    for i in claim.content_indices:
        if i in pairs:
            continue
        whole = claim.wholes[i]
        low = claim.lows[i]
        if whole not in forms and whole not in defined and low not in defined and whole == low:
            continue  # a plain word that is neither a form nor an abbreviation here
        where = sentence.form_index
        t = claim.tokens[i]
        parts = [p for p in claim.parts[i] if p not in _QUALIFIERS]
        hits = []
        keys = [whole] if whole in where else [low] if low in defined else parts
        for key in keys:
            if key in where:
                hits.append(where[key])
            elif key in defined and (j := _words_in(defined[key], sentence)) is not None:
                hits.append(j)
            elif key in STOPWORDS and not is_entity([t.text], 0):
                continue
            else:
                hits = []
                break
        if hits:
            pairs[t.index] = hits[0]
    if not defined:
        return
    # The claim spells out what the sentence abbreviates: "tumour necrosis factor" / "TNF".
    if defined.keys().isdisjoint(sentence.lookup_keys):
        return
    for j, (word, low) in enumerate(zip(sentence.words, sentence.lows, strict=True)):
        long = defined.get(low) or defined.get(low.removesuffix("s"))
        if not long or not word[:1].isupper():
            continue
        stems = {p.stem for w in long for p in tokenize(w)}
        run = [t for t in claim.tokens if claim.content[t.index] and t.stem in stems]
        if len(run) >= len([w for w in long if w not in STOPWORDS]):
            for t in run:
                pairs.setdefault(t.index, j)


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
    # A spelled-out name in one text may be an acronym in the other (LLM / Large Language Model).
    c_runs = cw.acronym_runs
    if cw.capital_indices and (s_runs := sw.acronym_runs):
        for i in cw.capital_indices:
            key = cw.lows[i].rstrip("s")
            if i not in pairs and key in s_runs:
                pairs[i] = s_runs[key][0]
    if c_runs:
        capitals = sw.capitals
        for key, run in c_runs.items():
            if key in capitals and any(i not in pairs for i in run):
                pairs.update({i: capitals[key] for i in run if i not in pairs})
    if sw.synonyms:  # a listed synonym, or a word stating the same direction
        kinds = cw.synonym_of
        for i in cw.content_indices:
            if i not in pairs and (kind := kinds[i]) is not None and kind in sw.synonyms:
                pairs[i] = sw.synonyms[kind]
    _match_names((claim, sentence), cw, sw, pairs, context)
    negated = _prefix_negations(cw, sw, pairs)
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


def coverage_ceiling(claim: str, sentence: str, context: Context | None = None) -> float:
    """At least ``align(claim, sentence, context).coverage``, worked out without aligning.

    A claim word counts unless none of the ways ``align`` matches words could apply
    to it; a sentence below the coverage a verdict needs is ruled out this way before
    its tokens are even built.
    """
    context = context or Context()
    cw, sw = words_of(claim), words_of(sentence)
    defined = _defined(context, claim, sentence)
    possible: set[int] = set()
    if defined:  # claim words spelling out an abbreviation the sentence uses (or more)
        for key in defined.keys() & sw.lookup_keys:
            stems = {p.stem for w in defined[key] for p in tokenize(w)}
            possible.update(i for i, s in enumerate(cw.stems) if s in stems)
    if cw.acronym_runs:
        capitals = sw.capitals
        for key, run in cw.acronym_runs.items():
            if key in capitals:
                possible.update(run)
    # Every key a claim word could be matched by, in one set: a key met under another
    # heading (a stem equal to some bare word) only makes the ceiling higher.
    keys = sw.match_universe | defined.keys() if defined else sw.match_universe
    for i in cw.content_indices:
        if i not in possible and (cw.words[i].isupper() or not keys.isdisjoint(cw.probes[i])):
            possible.add(i)
    weights = cw.weights
    return sum(weights[i] for i in cw.content_indices if i in possible) / cw.weight_total


def _defined(context: Context, *texts: str) -> dict[str, tuple[str, ...]]:
    """The abbreviations the abstract and ``texts`` define, the later ones overriding."""
    found = [pairs for text in texts if (pairs := _abbreviations(text))]
    if not found:
        return context.abbreviations  # shared: callers only read it
    defined = dict(context.abbreviations)
    for pairs in found:
        defined.update(pairs)
    return defined


def _prefix_negations(
    claim: Words, sentence: Words, pairs: dict[int, int]
) -> frozenset[tuple[str, int]]:
    """Pair words that differ by a negative prefix (inaccurate/accurate) and mark the negated."""
    negated: set[tuple[str, int]] = set()
    bases = sentence.negated_bases
    for i in claim.content_indices:
        if i in pairs:
            continue
        t = claim.tokens[i]
        base = claim.bases[i]
        # The first sentence word either way wins; the claim's negation first at the same word.
        found = sentence.matching(match_keys(base, base)) if base else set()
        plain = min(found) if found else None
        prefixed = bases.get(t.stem, bases.get(t.stem[:7]) if len(t.stem) >= 7 else None)
        if plain is not None and (prefixed is None or plain <= prefixed):
            pairs[t.index] = plain
            negated.add(("claim", t.index))
        elif prefixed is not None:
            pairs[t.index] = prefixed
            negated.add(("sentence", prefixed))
    return frozenset(negated)
