"""The reader of claims.yaml as synth writes it: PyYAML's data, or None to leave it to PyYAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support.mutations import broken_copies
from support.paths import EXAMPLE_ID, REPO

from synth.models import Check, Claim, ClaimResult, Evidence, Verdict
from synth.record import claimsyaml, store
from synth.record.claimsyaml import blocks
from synth.record.store import claims_from_yaml, claims_to_yaml

EXAMPLE = (REPO / "docs" / "reports" / EXAMPLE_ID / "claims.yaml").read_text(encoding="utf-8")


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1 == 1.0 == True`` in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees_with_pyyaml(text: str) -> bool:
    """The fast reader gives PyYAML's data, or declines; never other data, never success
    where PyYAML fails."""
    fast = blocks(text)
    try:
        slow = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return fast is None
    return fast is None or same(fast, slow)


def result(text: str, *, supporting: tuple[Evidence, ...] = ()) -> ClaimResult:
    evidence = Evidence("jiang2024mixtral", text, 88.25, (0, 12))
    checks = (Check("words", True, ""), Check("numbers", False, f"'{text}' differs"))
    verdict = Verdict("supported", 0.8349, evidence, checks)
    claim = Claim("a1b2c3", text, "question", "jiang2024mixtral")
    return ClaimResult(claim, verdict, None, supporting, ())


def test_the_example_record_reads_as_pyyaml_reads_it() -> None:
    fast = blocks(EXAMPLE)
    assert fast is not None and len(fast) == 17
    assert same(fast, yaml.safe_load(EXAMPLE))


def test_an_empty_record_reads_as_an_empty_list() -> None:
    assert same(blocks(claims_to_yaml("q", [])), [])


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "yes",
        "No",
        "null",
        "1.10",
        '"quoted" \\ backslash\ttab\nline\rreturn',
        "unicode: naïve café — “quotes” 😀 中文 \U0001f600",
        "NEL \x85 line separator \u2028 BOM \ufeff bell \x07 DEL \x7f",
        "bad \ud800 surrogate",
        "# not a comment - id: x",
    ],
)
def test_what_synth_writes_reads_back_as_pyyaml_reads_it(text: str) -> None:
    support = (Evidence("yang2024how", text, 71.0, (3, 9)),)
    written = claims_to_yaml("q", [result(text, supporting=support)])
    fast = blocks(written)
    assert fast is not None  # synth's own output never needs PyYAML
    assert same(fast, yaml.safe_load(written))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  verdict: supported", "  verdict: supported  # edited"),
        ("  verdict: supported", "  verdict: yes"),
        ("  verdict: supported", "  verdict: supported\n  verdict: refuted"),
        ("  confidence: 0.97", "  confidence: 1e-05"),
        ("  confidence: 0.97", "  confidence: 010"),
        ("    span: [0, ", "    span: [00, "),
        ("  independent: null", "  independent: ~"),
        ("  independent: null", "  independent:"),
        ("  checks:", "  checks:\n    # a note"),
        ("- id:", "---\n- id:"),
        ("  text:", "\ttext:"),
        ('    sentence: "', '    sentence: "\\x41'),
        ('    sentence: "', '    sentence: "\\ud800'),
        ("\n", "\r\n"),
        ("\n", "\u2028"),
        ("# Claims", "\ufeff# Claims"),
        ("# Claims", "# Claims \x07"),
    ],
)
def test_an_edited_file_reads_as_pyyaml_reads_it_or_is_left_to_it(old: str, new: str) -> None:
    assert old in EXAMPLE
    edited = EXAMPLE.replace(old, new, 1)
    assert agrees_with_pyyaml(edited)
    assert blocks(edited) is None  # none of these is the shape synth writes


def test_randomly_broken_files_read_as_pyyaml_reads_them_or_are_left_to_it() -> None:
    declined = 0
    for text in broken_copies(EXAMPLE, ["drop", "copy", "indent", "dedent", "cut"], 400, seed=12):
        assert agrees_with_pyyaml(text), text
        declined += blocks(text) is None
    assert 0 < declined < 400  # both paths were exercised


def test_reading_a_written_record_does_not_call_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("PyYAML was called")

    monkeypatch.setattr(store.yaml, "load", refuse)
    assert len(claims_from_yaml(EXAMPLE, Path("claims.yaml"))) == 17
    with pytest.raises(AssertionError, match="PyYAML was called"):  # the patch is in effect
        claims_from_yaml(EXAMPLE.replace("  verdict: supported", "  verdict: yes", 1), Path("x"))


def test_a_hand_edited_record_reads_the_same_through_pyyaml() -> None:
    edited = EXAMPLE.replace("  confidence: ", "  confidence:   ")  # PyYAML reads it alike
    assert claimsyaml.blocks(edited) is None
    path = Path("claims.yaml")
    assert claims_from_yaml(edited, path) == claims_from_yaml(EXAMPLE, path)
