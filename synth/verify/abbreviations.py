"""Abbreviations a text defines: "chronic kidney disease (CKD)" (pure, cached).

A claim may spell out what its evidence abbreviates, or the other way round; the long form
of each short form a text defines is found as Schwartz and Hearst (2003) do.
"""

from __future__ import annotations

import re
from functools import lru_cache

# "long form (SF)": a short form of 2-10 characters with a capital, in parentheses.
_SHORT_FORM = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-]{0,8}[A-Za-z0-9]s?)\s*[);,]")


def _last_words(text: str, count: int) -> list[str]:
    """``text.lower().split()[-count:]``, split off from the end: an abstract's text before
    each of its short forms is not lower-cased and split whole again for each."""
    return [word.lower() for word in text.rsplit(maxsplit=count)[-count:]]


def _long_form(short: str, before: str) -> tuple[str, ...] | None:
    """The words of ``before`` a short form abbreviates (Schwartz and Hearst, 2003), or None."""
    letters = [c for c in short.lower().removesuffix("s") if c.isalnum()]
    text = " ".join(_last_words(before, len(letters) + 4))
    k = len(text) - 1
    for i in range(len(letters) - 1, -1, -1):
        while k >= 0 and (text[k] != letters[i] or (i == 0 and k > 0 and text[k - 1].isalnum())):
            k -= 1
        if k < 0:
            return None
        k -= 1
    found = tuple(w.strip("(),;:") for w in text[text.rfind(" ", 0, k + 1) + 1 :].split())
    # One plain word is a long form only when it is much longer than its short form
    # ("pyridostatin (PDS)"), not a word that happens to hold its letters.
    single = len(found) == 1 and len(found[0]) >= 3 * len(letters) and len(letters) >= 2
    return found if len(found) >= 2 or "-" in "".join(found) or single else None


def abbreviations(text: str) -> dict[str, tuple[str, ...]]:
    """Short forms a text defines, lower-cased, each with the words of its long form."""
    return dict(_abbreviations(text))


@lru_cache(maxsize=4096)
def _abbreviations(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``abbreviations`` as an immutable, cached value: claims meet many sentences."""
    found: dict[str, tuple[str, ...]] = {}
    if "(" not in text:  # every short form is in parentheses
        return ()
    for match in _SHORT_FORM.finditer(text):
        short = match.group(1)
        if not any(c.isupper() for c in short) or short.lower() in found:
            continue
        long = _long_form(short, text[: match.start()])
        if long:
            found[short.lower()] = long
            found.setdefault(short.lower().removesuffix("s"), long)
    return tuple(found.items())
