from dataclasses import replace
from pathlib import Path

import pytest
from support.unicode_samples import surviving_text

from synth.errors import RecordError
from synth.models import Check, Claim, ClaimResult, Evidence, Source, Verdict
from synth.paths import CLAIMS_FILE, SOURCES_FILE, report_file
from synth.record.store import (
    claims_to_yaml,
    read_claims,
    read_sources,
    write_claims,
    write_sources,
)


def _source(**fields: object) -> Source:
    base = Source(key="", title="Mixtral of Experts", authors=("Albert Q. Jiang",), year=2024)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_write_sources_is_byte_stable(tmp_path: Path, seed_sources) -> None:
    path = report_file(tmp_path, "q", SOURCES_FILE)
    assert write_sources(tmp_path, "q", seed_sources) is True
    first = path.read_bytes()
    assert write_sources(tmp_path, "q", list(reversed(read_sources(path)))) is False
    assert path.read_bytes() == first


def test_read_sources_of_missing_file_is_empty(tmp_path: Path) -> None:
    assert read_sources(tmp_path / "nope.bib") == []


def test_read_sources_reports_broken_file_with_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.bib"
    path.write_text("@article{a, title={ok}}\n@article{b title=}\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"sources\.bib:2: .*git checkout"):
        read_sources(path)


def _result(text: str, label: str = "supported", confidence: float = 0.91234) -> ClaimResult:
    claim = Claim(id=text[:4], text=text, origin="question", source="minaee2024large")
    evidence = Evidence("minaee2024large", "ChatGPT in November 2022.", 97.456, (0, 7))
    verdict = Verdict(label, confidence, evidence, (Check("number", True, ""),))
    return ClaimResult(claim, verdict, None)


def test_claims_round_trip_with_rounding(tmp_path: Path) -> None:
    write_claims(tmp_path, "q", [_result("bbbb claim"), _result("aaaa claim")])
    results = read_claims(report_file(tmp_path, "q", CLAIMS_FILE))
    assert [r.claim.id for r in results] == ["aaaa", "bbbb"]
    assert results[0].verdict.confidence == 0.91
    assert results[0].verdict.evidence == Evidence(
        "minaee2024large", "ChatGPT in November 2022.", 97.5, (0, 7)
    )


def test_a_changed_verdict_is_a_one_line_diff() -> None:
    before = claims_to_yaml("q", [_result("aaaa claim", "supported", 0.9)]).splitlines()
    after = claims_to_yaml("q", [_result("aaaa claim", "not-found", 0.9)]).splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("  verdict: supported", "  verdict: not-found")]


def test_read_claims_reports_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(RecordError, match="rerun `synth verify`"):
        read_claims(path)


TRICKY = [
    "ChatGPT was released in November 2022.",
    "colon: then # hash and 'quotes' \"double\" \\ backslash",
    " leading space and trailing ",
    "- looks like a list",
    "yes",
    "No",
    "null",
    "1.10",
    "2020-01-01",
    "",
    "unicode: naïve café — “quotes” 😀 中文",
    "tab\there, a line\nbreak, a return\r",
    "NEL \x85 and line separator \u2028 and BOM \ufeff and bell \x07",
    "<script>alert(1)</script> | pipe [x](javascript:alert(1))",
    "@article{x, title={y}} & *bold* `code` %",
    "a" * 3000,
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_any_text_survives_claims_yaml_with_either_yaml_loader(text: str, loader: str) -> None:
    yaml = pytest.importorskip("yaml")
    result = _result(text)
    written = claims_to_yaml("q", [result])
    blocks = yaml.load(written, Loader=getattr(yaml, loader, yaml.SafeLoader))
    assert blocks[0]["text"] == text


def test_random_unicode_survives_claims_yaml() -> None:
    import random

    import yaml

    rng = random.Random(7)
    alphabet = [chr(c) for c in (*range(0, 0x300), *range(0x2000, 0x2070), 0xFEFF, 0x1F600)]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        (block,) = yaml.load(claims_to_yaml("q", [_result(text)]), Loader=yaml.SafeLoader)
        assert block["text"] == text


def test_lone_surrogates_become_the_replacement_character() -> None:
    import yaml

    (block,) = yaml.safe_load(claims_to_yaml("q", [_result("bad \ud800 char")]))
    assert block["text"] == "bad \ufffd char"


def test_each_other_sources_evidence_round_trips_in_claims_yaml(tmp_path: Path) -> None:
    support = Evidence("yang2024how", "These results highlight ...", 71.25, (3, 9))
    against = Evidence("wang2022recode", "Code generation models ...", 64.0, (0, 4))
    result = replace(_result("aaaa claim"), supporting=(support,), contradicting=(against,))
    write_claims(tmp_path, "q", [result])
    (read,) = read_claims(report_file(tmp_path, "q", CLAIMS_FILE))
    assert read.supporting == (replace(support, score=71.2),)
    assert read.contradicting == (against,)


def test_a_claim_no_other_source_speaks_to_writes_two_empty_lists() -> None:
    text = claims_to_yaml("q", [_result("aaaa claim")])
    assert "  supporting: []\n  contradicting: []\n" in text


def test_every_unicode_category_that_survives_sanitising_reads_back_from_claims_yaml(
    tmp_path: Path,
) -> None:
    text = surviving_text()
    result = _result(text)
    evidence = replace(result.verdict.evidence, sentence=text)  # type: ignore[arg-type]
    result = replace(result, verdict=replace(result.verdict, evidence=evidence))
    write_claims(tmp_path, "q", [result])
    (back,) = read_claims(report_file(tmp_path, "q", CLAIMS_FILE))
    assert back.claim.text == text
    assert back.verdict.evidence is not None and back.verdict.evidence.sentence == text
