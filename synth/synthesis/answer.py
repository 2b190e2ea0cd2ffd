"""The answer, in sentences built only from the synthesis (pure).

The Abstract opens with it and the home page shows its first sentence: which concepts the
evidence covers and with how many sources, which pairs a sentence connects, the findings
that connect the most concepts, contradictions, the gaps in plain words, and what kind of
study would answer the question. Every sentence here is a template filled from the record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from synth.synthesis.findings import Finding
from synth.synthesis.synthesise import Synthesis
from synth.text import plural

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
CLOSEST = 2  # findings named in the answer


def number(n: int) -> str:
    """``four`` for small numbers, digits beyond ten."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb that agrees with ``count``: ``is``/``are``, ``relates``/``relate``."""
    return singular if count == 1 else plural_form


def capitalised(text: str) -> str:
    """A sentence's first letter as a capital."""
    return text[:1].upper() + text[1:]


def gap_sentence(synthesis: Synthesis, gap: Sequence[int]) -> str:
    """One gap in plain words: "No source relates mixture of experts to robustness."."""
    names = [synthesis.concepts[i].name for i in gap]
    if len(gap) == 1:
        return f"No source mentions {names[0]}."
    if len(gap) == 2:
        return f"No source relates {names[0]} to {names[1]}."
    return f"No source relates all {number(len(gap))} concepts ({listing(names)}) in one sentence."


def one_line(synthesis: Synthesis) -> str:
    """The answer in one sentence, for the home page and the top of ``synth show``."""
    concepts = synthesis.concepts
    n = len(concepts)
    if n == 0:
        return "The question names no concepts, so its evidence cannot be mapped."
    everything = tuple(range(n))
    if n == 1:
        does, what = "mention", concepts[0].name
    elif n == 2:
        does, what = "relate", _pair_words(synthesis, (0, 1))
    else:
        does, what = "relate", f"all {number(n)} concepts"
    connecting = _whole(synthesis) or ()
    if connecting:
        count = len(connecting)
        head = f"{plural(count, 'source')} {verb(count, does + 's', does)} {what}"
    else:
        head = f"No source {does}s {what}"
    others = [g for g in synthesis.map.gaps if tuple(g) != everything]
    if not others:
        return head + "."
    first = gap_sentence(synthesis, others[0])[len("No source ") : -1]
    more = f" (and {plural(len(others) - 1, 'more gap')})" if len(others) > 1 else ""
    return f"{head}; none {first}{more}."


@dataclass(frozen=True)
class Answer:
    """The answer in parts: what the evidence shows, the question's own claims that no source
    supports, the gaps, and the study that would close them."""

    summary: tuple[str, ...]
    unsupported: tuple[str, ...]
    gaps: tuple[str, ...]
    needed: str

    @property
    def sentences(self) -> tuple[str, ...]:
        """Every sentence, in reading order."""
        return (
            *self.summary,
            *self.unsupported,
            *self.gaps,
            *((self.needed,) if self.needed else ()),
        )


def answer(synthesis: Synthesis, cite: Callable[[str], str]) -> Answer:
    """The answer; ``cite(key)`` names a source in running text."""
    if not synthesis.concepts:
        why = (
            "The question names no concepts (and no keywords), so no sentence of a source can "
            "be mapped to it: add concepts: to the question file."
        )
        return Answer((why,), (), (), "")
    summary = [one_line(synthesis), _coverage(synthesis), _connected(synthesis)]
    closest = [f for f in synthesis.findings if len(f.concepts) >= 2 and f.kind != "not-found"]
    if closest:
        named = "; ".join(_finding(synthesis, f, cite) for f in closest[:CLOSEST])
        which = "finding that connects" if len(closest) == 1 else "findings that connect"
        summary.append(f"The {which} the most concepts: {named}.")
    summary.append(_contradictions(synthesis, cite))
    return Answer(
        summary=tuple(s for s in summary if s),
        unsupported=tuple(_unsupported(synthesis)),
        gaps=tuple(gap_sentence(synthesis, g) for g in synthesis.map.gaps),
        needed=_needed(synthesis),
    )


def _whole(synthesis: Synthesis) -> tuple[str, ...] | None:
    """The sources connecting every concept (None when there is no such set to connect)."""
    n = len(synthesis.concepts)
    if n == 1:
        return synthesis.map.sources_of(0)
    if n == 2:
        return synthesis.map.pairs[0].sources
    return synthesis.map.whole.sources if synthesis.map.whole else None


def _pair_words(synthesis: Synthesis, pair: tuple[int, int]) -> str:
    a, b = (synthesis.concepts[i].name for i in pair)
    return f"{a} to {b}"


def _coverage(synthesis: Synthesis) -> str:
    """Which concepts the counted sources mention, with how many sources each."""
    total = len(synthesis.map.sources)
    counted = len(synthesis.on_topic)
    parts: list[str] = []
    for index, concept in enumerate(synthesis.concepts):
        count = len(synthesis.map.sources_of(index))
        parts.append(
            f"{concept.name} ({plural(count, 'source')})"
            if not parts
            else f"{concept.name} ({count})"
        )
    off = len(synthesis.off_topic)
    aside = f"; {off} off-topic {verb(off, 'source is', 'sources are')} set apart" if off else ""
    return (
        f"Of the {plural(total, 'source')}, {counted} {verb(counted, 'is', 'are')} on topic"
        f"{aside}. The on-topic sources mention {listing(parts)}."
    )


def _connected(synthesis: Synthesis) -> str:
    pairs = sorted(
        (p for p in synthesis.map.pairs if p.mentions), key=lambda p: (-len(p.mentions), p.concepts)
    )
    if not pairs or len(synthesis.concepts) < 2:
        return ""
    names = synthesis.concepts
    parts = [
        f"{names[p.concepts[0]].name} with {names[p.concepts[1]].name} "
        f"({plural(len(p.mentions), 'source')})"
        for p in pairs
    ]
    return f"Single sentences connect {listing(parts)}."


def _finding(synthesis: Synthesis, finding: Finding, cite: Callable[[str], str]) -> str:
    names = listing([synthesis.concepts[i].name for i in finding.concepts])
    return f"{finding.text(cite).rstrip('.')} ({names}; {finding.kind})"


def _contradictions(synthesis: Synthesis, cite: Callable[[str], str]) -> str:
    disputed = [f for f in synthesis.findings if f.contradicting]
    if not disputed:
        checked = len(synthesis.findings)
        return (
            f"None of the {plural(checked, 'finding')} is contradicted by another source."
            if checked
            else ""
        )
    named = "; ".join(
        f"{f.text(cite).rstrip('.')} (contradicted by {listing([cite(k) for k in against])})"
        for f in disputed
        if (against := f.contradicting)
    )
    count = len(disputed)
    return (
        f"{capitalised(plural(count, 'finding'))} {verb(count, 'is', 'are')} contradicted: {named}."
    )


def _unsupported(synthesis: Synthesis) -> list[str]:
    """The question's own claims that no source supports, each with why."""
    out = []
    for judged in synthesis.claims:
        if judged.hand_written and judged.counted and judged.kind == "not-found":
            why = f": {judged.reason}" if judged.reason else ""
            claim = judged.result.claim.text.rstrip(".")
            out.append(f"The question's claim “{claim}” is not supported{why}.")
    return out


def _needed(synthesis: Synthesis) -> str:
    """What kind of study would answer the question."""
    n = len(synthesis.concepts)
    pairs = [g for g in synthesis.map.gaps if len(g) == 2]
    if n < 2:
        return ""
    names = synthesis.concepts
    if not synthesis.map.gaps:
        return "Every pair of the question's concepts is connected by at least one sentence."
    wanted = [f"{names[a].name} to {names[b].name}" for a, b in pairs]
    design = f"all {number(n)} concepts in one design" if n > 2 else _pair_words(synthesis, (0, 1))
    if wanted:
        return (
            f"Answering the question needs studies that relate {listing(wanted)}, and at best "
            f"{design}; none of the sources here is such a study."
        )
    return f"Answering the question needs a study of {design}; none of the sources here is one."
