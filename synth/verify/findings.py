"""A check's result (pure data): whether it passed, and whether the evidence says otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from synth.models import Check


@dataclass(frozen=True)
class Finding:
    """A check's result; ``opposes`` is True when the evidence states the opposite, ``agrees``
    when it states the same direction at the same phrase."""

    check: Check
    opposes: bool = False
    agrees: bool = False
    about: tuple[int, ...] = ()  # the claim words the evidence states otherwise
