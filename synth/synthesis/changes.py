"""What changed between two syntheses of a question: gaps opened and closed, findings that
changed kind or gained and lost supporting or contradicting sources (pure).

``synth diff`` compares the record at two revisions this way, and a report's History
replays each commit of its record through it, as it does for the claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from synth.synthesis.answer import gap_sentence
from synth.synthesis.synthesise import Synthesis
from synth.text import shorten


@dataclass(frozen=True)
class Gap:
    """A set of concepts no sentence connects (one concept: none mentions it)."""

    concepts: tuple[str, ...]
    sentence: str  # the gap in words


@dataclass(frozen=True)
class ClosedGap:
    """A gap a later record closes, and the sources that close it."""

    concepts: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FindingChange:
    """How one claim changed as a finding between two syntheses."""

    claim_id: str
    text: str
    kind_before: str
    kind_after: str
    supporting_gained: tuple[str, ...] = ()
    supporting_lost: tuple[str, ...] = ()
    contradicting_gained: tuple[str, ...] = ()
    contradicting_lost: tuple[str, ...] = ()
    counted_before: bool = True
    counted_after: bool = True

    def describe(self) -> str:
        """The change in words: ``quoted → corroborated; supported by +key``."""
        parts = []
        if self.counted_before != self.counted_after:
            parts.append("now a finding" if self.counted_after else "now set aside")
        if self.kind_before != self.kind_after:
            parts.append(f"{self.kind_before} → {self.kind_after}")
        for label, keys, sign in (
            ("supported by", self.supporting_gained, "+"),
            ("no longer supported by", self.supporting_lost, ""),
            ("contradicted by", self.contradicting_gained, "+"),
            ("no longer contradicted by", self.contradicting_lost, ""),
        ):
            if keys:
                parts.append(f"{label} {', '.join(sign + k for k in keys)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class FindingState:
    """A finding as it is on one side: for the findings that came or went."""

    claim_id: str
    text: str
    kind: str
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class SynthesisChanges:
    """Every change between two syntheses of one question."""

    gaps_opened: tuple[Gap, ...] = ()
    gaps_closed: tuple[ClosedGap, ...] = ()
    findings: tuple[FindingChange, ...] = ()
    findings_added: tuple[FindingState, ...] = ()  # new claims that are findings
    findings_removed: tuple[FindingState, ...] = ()  # findings whose claim is gone

    @property
    def empty(self) -> bool:
        """True when neither a gap nor a finding changed."""
        return not (
            self.gaps_opened
            or self.gaps_closed
            or self.findings
            or self.findings_added
            or self.findings_removed
        )

    def lines(self) -> list[str]:
        """Each change on one line, gaps first."""
        out = [f"gap opened: {g.sentence}" for g in self.gaps_opened]
        out += [
            f"gap closed: {' × '.join(g.concepts)}, now connected by {', '.join(g.sources)}"
            for g in self.gaps_closed
        ]
        out += [f"finding {f.claim_id} {f.describe()}: {f.text}" for f in self.findings]
        for verb, states in (("added", self.findings_added), ("removed", self.findings_removed)):
            out += [
                f"finding {f.claim_id} {verb} ({f.kind}; {', '.join(f.concepts)}): {f.text}"
                for f in states
            ]
        return out


def compare(before: Synthesis | None, after: Synthesis | None) -> SynthesisChanges:
    """The changes from ``before`` to ``after`` (None: no record on that side)."""
    return SynthesisChanges(
        _opened(before, after),
        _closed(before, after),
        _findings(before, after),
        _only_in(after, before),
        _only_in(before, after),
    )


def _only_in(one: Synthesis | None, other: Synthesis | None) -> tuple[FindingState, ...]:
    """The findings of ``one`` whose claim ``other`` does not have at all."""
    if one is None:
        return ()
    present = {j.result.claim.id for j in other.claims} if other is not None else set()
    names = [c.name for c in one.concepts]
    return tuple(
        FindingState(
            j.result.claim.id,
            shorten(j.result.claim.text),
            j.kind,
            tuple(names[i] for i in j.concepts),
        )
        for j in sorted(one.claims, key=lambda j: j.result.claim.id)
        if j.counted and j.result.claim.id not in present
    )


def gaps_of(synthesis: Synthesis | None) -> dict[tuple[str, ...], str]:
    """Each gap of a synthesis by its concept names, with its sentence."""
    if synthesis is None:
        return {}
    names = [c.name for c in synthesis.concepts]
    return {
        tuple(names[i] for i in gap): gap_sentence(synthesis, gap) for gap in synthesis.map.gaps
    }


def _opened(before: Synthesis | None, after: Synthesis | None) -> tuple[Gap, ...]:
    old, new = gaps_of(before), gaps_of(after)
    return tuple(Gap(names, new[names]) for names in new if names not in old)


def _closed(before: Synthesis | None, after: Synthesis | None) -> tuple[ClosedGap, ...]:
    old, new = gaps_of(before), gaps_of(after)
    if after is None:
        return ()
    return tuple(ClosedGap(names, _connecting(after, names)) for names in old if names not in new)


def _connecting(synthesis: Synthesis, names: Sequence[str]) -> tuple[str, ...]:
    """The sources that connect (or, for one concept, mention) ``names`` in ``synthesis``."""
    index = {c.name: i for i, c in enumerate(synthesis.concepts)}
    if any(n not in index for n in names):
        return ()  # the concepts changed: the gap no longer exists to be closed
    wanted = tuple(sorted(index[n] for n in names))
    if len(wanted) == 1:
        return synthesis.map.sources_of(wanted[0])
    connections = [*synthesis.map.pairs, *([synthesis.map.whole] if synthesis.map.whole else [])]
    return next((c.sources for c in connections if c.concepts == wanted), ())


def _findings(before: Synthesis | None, after: Synthesis | None) -> tuple[FindingChange, ...]:
    if before is None or after is None:
        return ()  # claims added or removed are reported as claims
    old = {j.result.claim.id: j for j in before.claims}
    changes = []
    for new in after.claims:
        was = old.get(new.result.claim.id)
        if was is None or not (was.counted or new.counted):
            continue
        change = FindingChange(
            claim_id=new.result.claim.id,
            text=shorten(new.result.claim.text),
            kind_before=was.kind,
            kind_after=new.kind,
            supporting_gained=_gained(was.supporting, new.supporting),
            supporting_lost=_gained(new.supporting, was.supporting),
            contradicting_gained=_gained(was.contradicting, new.contradicting),
            contradicting_lost=_gained(new.contradicting, was.contradicting),
            counted_before=was.counted,
            counted_after=new.counted,
        )
        if change.describe():
            changes.append(change)
    return tuple(sorted(changes, key=lambda c: c.claim_id))


def _gained(before: Sequence[str], after: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(after) - set(before)))
