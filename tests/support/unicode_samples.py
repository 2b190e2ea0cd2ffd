"""Characters of every Unicode general category, for round trips of outside text.

For each category (``unicodedata.category``: Lu, Ll, ..., Cs, Co, Cn) the first
character outside ASCII that NFC leaves as it is, in the Basic Multilingual Plane and
beyond it where the category has one; then emoji, including a ZWJ sequence and a flag.
``survives`` says which of them outside text keeps once ``synth.text.sanitise`` has run
and white space is made single spaces (what every record field is).
"""

from __future__ import annotations

import functools
import unicodedata

from synth.text import sanitise

EMOJI = ("\U0001f600", "\U0001f469\u200d\U0001f52c", "\U0001f1f3\U0001f1f1")  # 😀 👩‍🔬 🇳🇱


@functools.lru_cache(maxsize=1)
def category_samples() -> dict[str, tuple[str, ...]]:
    """Category -> its sample characters (one or two), for all 30 categories."""
    found: dict[tuple[str, bool], str] = {}
    for code in range(0x80, 0x110000):
        char = chr(code)
        key = (unicodedata.category(char), code > 0xFFFF)
        if key not in found and (key[0] == "Cs" or unicodedata.is_normalized("NFC", char)):
            found[key] = char
    samples: dict[str, tuple[str, ...]] = {}
    for (category, _), char in sorted(found.items()):
        samples[category] = (*samples.get(category, ()), char)
    return samples


def tokens() -> list[str]:
    """Every sample and emoji, each a token of its own (so no two compose under NFC)."""
    return [c for chars in category_samples().values() for c in chars] + list(EMOJI)


def survives(token: str) -> bool:
    """True when a token outlives sanitising (controls, surrogates, bidi marks go) and is no
    white space (which becomes the single space between tokens)."""
    return sanitise(token) == token and not token.isspace()


def sample_text() -> str:
    """All tokens, separated by spaces: what a hostile answer may send."""
    return " ".join(tokens())


def surviving_text() -> str:
    """What the record keeps of ``sample_text()``."""
    return " ".join(t for t in tokens() if survives(t))
