"""``synth check-claim``: one claim or a batch against abstracts, explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import SEED_PAPERS

from synth.cli import main
from synth.cli.check_claim import explain, mark_span, read_abstracts
from synth.models import Check, Evidence, Verdict

SURVEY = next(p for p in json.loads(SEED_PAPERS.read_text()) if p["arxiv_id"] == "2402.06196")
MODEL_REPORT_CLAIMS = [
    "ChatGPT was released in November 2022.",
    "Large Language Models acquire general-purpose language understanding and generation "
    "abilities by training billions of parameters on massive amounts of text data.",
]


@pytest.fixture
def survey_bib(tmp_path: Path) -> Path:
    """The survey as a one-entry .bib file with its abstract."""
    path = tmp_path / "sources.bib"
    path.write_text(
        f"@article{{minaee2024,\n  title = {{{SURVEY['title']}}},\n"
        f"  abstract = {{{SURVEY['abstract']}}}\n}}\n",
        encoding="utf-8",
    )
    return path


def test_check_claim_prints_verdict_span_and_failed_check(survey_bib: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["check-claim", "ChatGPT was released in November 2021.", "--against", str(survey_bib)],
    )
    assert result.exit_code == 0
    assert "[[release of ChatGPT in November" in result.output
    assert "check failed: dates: 2021 is not in the evidence, which says 2022" in result.output


def test_check_claim_json_has_the_documented_fields(survey_bib: Path) -> None:
    result = CliRunner().invoke(
        main, ["check-claim", MODEL_REPORT_CLAIMS[0], "--against", str(survey_bib), "--json"]
    )
    data = json.loads(result.output)
    assert set(data) == {"claim", "verdict", "confidence", "evidence", "checks"}
    assert data["verdict"] == "supported"
    assert set(data["evidence"]) == {"source", "sentence", "score", "span"}
    assert data["evidence"]["source"] == "minaee2024"


def test_check_claim_reads_a_plain_text_abstract(tmp_path: Path) -> None:
    path = tmp_path / "abstract.txt"
    path.write_text(SURVEY["abstract"], encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check-claim", MODEL_REPORT_CLAIMS[0], "--against", str(path), "--json"]
    )
    assert json.loads(result.output)["evidence"]["source"] == "abstract"


def test_check_claim_batch_writes_one_line_per_input(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    lines = [
        {"id": i, "claim": c, "text": SURVEY["abstract"]}
        for i, c in enumerate(MODEL_REPORT_CLAIMS[:2])
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-claim", "--batch", str(path)])
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [0, 1]
    assert set(out[0]) == {"id", "verdict", "confidence", "evidence"}


def test_check_claim_batch_bad_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": 1, "claim": "x", "text": "y"}\n{"id": 2, "claim": "x"}\n')
    result = CliRunner().invoke(main, ["check-claim", "--batch", str(path)])
    assert result.exit_code == 2
    assert (
        f"Error: {path}:2: field 'text' is missing -- each line needs id, claim and text"
        in result.output
    )


def test_check_claim_without_claim_or_batch_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["check-claim"])
    assert result.exit_code == 2
    assert result.output == (
        'Error: no claim given -- run synth check-claim "CLAIM" '
        "--against FILE, or --batch FILE.jsonl\n"
    )


def test_check_claim_missing_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.bib"
    result = CliRunner().invoke(main, ["check-claim", "x", "--against", str(missing)])
    assert result.exit_code == 2
    assert result.output == f"Error: {missing} does not exist -- give a .bib file or a text file\n"


def test_check_claim_help_shows_an_example() -> None:
    result = CliRunner().invoke(main, ["check-claim", "--help"])
    assert result.exit_code == 0 and 'synth check-claim "ChatGPT' in result.output


def test_check_claim_reports_a_broken_entry_with_its_line_and_goes_on(survey_bib: Path) -> None:
    with survey_bib.open("a", encoding="utf-8") as bib:
        bib.write("@article{broken title = {no comma}\n")
    result = CliRunner().invoke(
        main, ["check-claim", MODEL_REPORT_CLAIMS[0], "--against", str(survey_bib)]
    )
    assert result.exit_code == 0
    assert f"Skipped: {survey_bib}:5: " in result.stderr
    assert result.stdout.startswith("supported")


def test_read_abstracts_skips_entries_without_an_abstract(survey_bib: Path) -> None:
    with survey_bib.open("a", encoding="utf-8") as bib:
        bib.write("@article{empty, title = {No abstract here}}\n")
    sources, skipped = read_abstracts(survey_bib)
    assert [s.key for s in sources] == ["minaee2024"] and skipped == []


def test_mark_span_brackets_the_matched_words() -> None:
    assert mark_span("ChatGPT in November 2022", (11, 24)) == "ChatGPT in [[November 2022]]"


def test_explain_lists_failed_checks_then_those_passed() -> None:
    verdict = Verdict(
        "not-found",
        0.2,
        Evidence("k", "Released in 2022.", 80.0, (0, 8)),
        (Check("dates", False, "2021 is not in the evidence"), Check("negation", True)),
    )
    lines = explain("Released in 2021.", verdict)
    assert lines == [
        "not-found (confidence 0.20): Released in 2021.",
        "  evidence [k] (similarity 80):",
        "    [[Released]] in 2022.",
        "  check failed: dates: 2021 is not in the evidence",
        "  checks passed: negation",
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "lists or objects nested too deeply to read"),
        ('{"id": ' + "9" * 5000 + "}", "not readable JSON (Exceeds the limit (4300 digits)"),
        ("{oops}", "not valid JSON (Expecting property name enclosed in double quotes)"),
    ],
)
def test_batch_line_json_cannot_hold_names_its_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": 1, "claim": "C.", "text": "T."}\n' + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-claim", "--batch", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:2: {problem}")
    assert result.stderr.endswith(" -- write one JSON object per line\n")
