"""The verifier: verdicts on the survey abstract, verify_claims semantics, check-claim CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from support.paths import FIXTURES, SEED_PAPERS

from synth.cli import main
from synth.models import Claim, Source
from synth.verify.verifier import (
    _candidates,
    _similarities,
    _top,
    assess,
    clear_caches,
    contexts_of,
    decide,
    sentences_of,
    verify,
    verify_claims,
)

PAPERS = {p["arxiv_id"] or p["doi"]: p for p in json.loads(SEED_PAPERS.read_text())}


def source(arxiv_id: str) -> Source:
    """A seed paper as a Source keyed by its arXiv id."""
    p = PAPERS[arxiv_id]
    return Source(key=arxiv_id, title=p["title"], abstract=p["abstract"], arxiv=arxiv_id)


SURVEY = source("2402.06196")
MODEL_REPORT_CLAIMS = [
    "ChatGPT was released in November 2022.",
    "Large Language Models acquire general-purpose language understanding and generation "
    "abilities by training billions of parameters on massive amounts of text data.",
    "The scaling of model performance with parameter count and data volume is predicted by "
    "scaling laws.",
    "GPT, LLaMA, and PaLM are three popular Large Language Model families.",
    "The paper reviews datasets prepared for LLM training, fine-tuning, and evaluation.",
    "The paper compares the performance of several popular LLMs on a set of representative "
    "benchmarks.",
]


def test_sentences_of_keeps_source_order_and_indices() -> None:
    sentences = sentences_of([SURVEY, source("2401.04088")])
    assert sentences[0].source == "2402.06196" and sentences[0].index == 0
    assert sentences[-1].source == "2401.04088"
    assert [s.index for s in sentences if s.source == "2402.06196"] == list(range(7))


def test_chatgpt_release_is_supported_quoting_the_first_sentence() -> None:
    verdict = verify("ChatGPT was released in November 2022.", sentences_of([SURVEY]))
    assert verdict.label == "supported"
    assert verdict.evidence is not None
    assert verdict.evidence.sentence == sentences_of([SURVEY])[0].text
    assert verdict.evidence.sentence.endswith("since the release of ChatGPT in November 2022.")


def test_at_least_five_model_report_claims_are_supported() -> None:
    sentences = sentences_of([SURVEY])
    labels = [verify(c, sentences).label for c in MODEL_REPORT_CLAIMS]
    assert labels.count("supported") >= 5


def test_wrong_year_is_not_supported_and_explained() -> None:
    verdict = verify("ChatGPT was released in November 2021.", sentences_of([SURVEY]))
    assert verdict.label != "supported"
    assert "2021 is not in the evidence, which says 2022" in [c.detail for c in verdict.checks]


def test_confidence_is_a_probability() -> None:
    verdict = verify(MODEL_REPORT_CLAIMS[1], sentences_of([SURVEY]))
    assert 0.0 <= verdict.confidence <= 1.0


def test_no_sentences_gives_not_found_without_evidence() -> None:
    verdict = verify("ChatGPT was released in November 2022.", [])
    assert verdict.label == "not-found" and verdict.evidence is None


def test_verify_is_deterministic() -> None:
    sentences = sentences_of([SURVEY, source("2401.04088")])
    assert verify(MODEL_REPORT_CLAIMS[3], sentences) == verify(MODEL_REPORT_CLAIMS[3], sentences)


def test_attributed_claim_against_the_wrong_paper_is_not_supported() -> None:
    claim = Claim(
        "c1",
        "Mixtral was trained with a context size of 32k tokens.",
        "question",
        source="2402.06196",
    )
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verdict.label != "supported"
    assert result.independent is not None and result.independent.source == "2401.04088"


def test_unattributed_claim_is_checked_against_all_sources() -> None:
    claim = Claim("c2", "Mixtral was trained with a context size of 32k tokens.", "question")
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verdict.label == "supported"
    assert result.verdict.evidence is not None
    assert result.verdict.evidence.source == "2401.04088"
    assert result.independent is None


def test_extracted_claim_without_other_support_is_not_independent() -> None:
    claim = Claim("c3", MODEL_REPORT_CLAIMS[0], origin="2402.06196")
    [result] = verify_claims([claim], [SURVEY, source("2401.04088")])
    assert result.verified and result.independent is None


def test_verify_claims_keeps_input_order() -> None:
    claims = [Claim(str(i), text, "question") for i, text in enumerate(MODEL_REPORT_CLAIMS)]
    results = verify_claims(claims, [SURVEY])
    assert [r.claim.id for r in results] == [str(i) for i in range(len(claims))]


def test_clearing_the_caches_changes_no_verdict() -> None:
    claims = [Claim(str(i), text, "question") for i, text in enumerate(MODEL_REPORT_CLAIMS)]
    sources = [SURVEY, source("2401.04088")]
    warm = verify_claims(claims, sources)
    clear_caches()
    assert verify_claims(claims, sources) == warm


@pytest.fixture
def survey_bib(tmp_path: Path) -> Path:
    """The survey as a one-entry .bib file with its abstract."""
    path = tmp_path / "sources.bib"
    path.write_text(
        f"@article{{minaee2024,\n  title = {{{SURVEY.title}}},\n"
        f"  abstract = {{{SURVEY.abstract}}}\n}}\n",
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
    path.write_text(SURVEY.abstract, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check-claim", MODEL_REPORT_CLAIMS[0], "--against", str(path), "--json"]
    )
    assert json.loads(result.output)["evidence"]["source"] == "abstract"


def test_check_claim_batch_writes_one_line_per_input(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    lines = [
        {"id": i, "claim": c, "text": SURVEY.abstract}
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


def scifact_verbatim_sources() -> list[Source]:
    """Real SciFact abstracts whose own sentences once failed as claims (see PROVENANCE.md)."""
    path = FIXTURES / "scifact" / "verbatim_abstracts.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        Source(key=f"scifact{r['doc_id']}", title=r["title"], abstract=" ".join(r["abstract"]))
        for r in records
    ]


@pytest.mark.parametrize("abstract", scifact_verbatim_sources(), ids=lambda s: s.key)
def test_every_sentence_taken_word_for_word_is_supported_by_its_abstract(
    abstract: Source,
) -> None:
    sentences = sentences_of([abstract])
    for sentence in sentences:
        verdict = verify(sentence.text, sentences)
        assert verdict.label == "supported", (sentence.text, verdict.checks)


def test_a_claim_stated_word_for_word_is_quoted_whole() -> None:
    sentences = sentences_of(scifact_verbatim_sources()[:1])
    claim = sentences[-1].text
    verdict = verify(claim, sentences)
    assert verdict.evidence is not None
    start, end = verdict.evidence.span
    assert claim[start:end] == claim.rstrip(".")


def test_a_sentence_matching_every_word_decides_as_weighing_every_candidate_would() -> None:
    sources = [source(key) for key in PAPERS if key] + scifact_verbatim_sources()
    sentences = sentences_of(sources)
    contexts = contexts_of(sentences)
    claims = [s.text for s in sentences]
    columns = np.arange(len(sentences))
    for claim, row in zip(claims, _similarities(claims, sentences), strict=True):
        top = _top(row, columns)
        chosen = [sentences[j] for j in top]
        every = _candidates(claim, chosen, [float(row[j]) for j in top], contexts, len(columns))
        assert decide(assess(claim, sentences, row, columns, contexts)) == decide(every)
