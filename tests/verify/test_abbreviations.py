"""Abbreviations an abstract defines: the long form is read from the last words before it."""

from __future__ import annotations

import json

import pytest
from support.paths import FIXTURES, SEED_PAPERS

from synth.verify.abbreviations import _last_words


def _abstracts() -> list[str]:
    found = [p["abstract"] for p in json.loads(SEED_PAPERS.read_text())]
    for line in (FIXTURES / "scifact" / "synthesis_abstracts.jsonl").read_text().splitlines():
        found.append(" ".join(json.loads(line)["abstract"]))
    return found


def test_the_last_words_are_those_of_the_whole_text_split() -> None:
    # The shortcut splits off only the last words; the full computation splits the whole
    # text before each short form, as it was read before.
    for abstract in _abstracts():
        for end in (i for i, c in enumerate(abstract) if c == "("):
            for count in (4, 6, 14):
                before = abstract[:end]
                assert _last_words(before, count) == before.lower().split()[-count:]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "one", " leading", "trailing\t", "a\nb\u00a0c\u2003d", "ΟΔΟΣ ΤΕΛΟΣ", "İzmir GIS"],
)
def test_the_last_words_of_short_or_unusual_texts_are_those_of_the_whole_text_split(
    text: str,
) -> None:
    for count in (1, 2, 4):
        assert _last_words(text, count) == text.lower().split()[-count:]
