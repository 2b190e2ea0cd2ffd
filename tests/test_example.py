"""The example question: its committed record is current, and its page reads as promised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from synth.pipeline import verify_question
from synth.questions.load import load_questions
from synth.record.store import claims_to_yaml, read_claims, read_sources
from synth.site.build import build

QID = "moe-alignment-robustness"
CHATGPT = "ChatGPT was released in November 2022."
CHATGPT_SENTENCE = (
    "Large Language Models (LLMs) have drawn a lot of attention due to their strong performance "
    "on a wide range of natural language tasks, since the release of ChatGPT in November 2022."
)


def test_committed_claims_are_what_the_verifier_gives_now(example_repo: Path) -> None:
    path = example_repo / "docs" / "reports" / QID / "claims.yaml"
    committed = path.read_text(encoding="utf-8")
    (question,) = load_questions(example_repo, [QID])
    outcome = verify_question(example_repo, question)
    assert claims_to_yaml(QID, outcome.results) == committed, "run `synth verify` and commit"


def test_example_record_holds_the_fourteen_imported_papers(example_repo: Path) -> None:
    sources = read_sources(example_repo / "docs" / "reports" / QID / "sources.bib")
    assert len(sources) == 14
    assert {s.databases for s in sources} == {("import:seed_question_papers.json",)}


def test_chatgpt_claim_is_supported_by_the_survey_sentence(example_repo: Path) -> None:
    results = read_claims(example_repo / "docs" / "reports" / QID / "claims.yaml")
    chatgpt = next(r for r in results if r.claim.text == CHATGPT)
    assert chatgpt.verdict.label == "supported"
    assert chatgpt.verdict.evidence is not None
    assert chatgpt.verdict.evidence.sentence == CHATGPT_SENTENCE
    assert chatgpt.verdict.evidence.source == "minaee2024large"


def test_at_least_five_of_the_model_reports_six_claims_are_supported(example_repo: Path) -> None:
    results = read_claims(example_repo / "docs" / "reports" / QID / "claims.yaml")
    written = [r for r in results if r.claim.origin == "question" and r.claim.source]
    assert len(written) == 6
    assert sum(r.verified for r in written) >= 5


def test_example_page_shows_the_claim_verified_with_its_quote(example_repo: Path) -> None:
    build(example_repo)
    page = (example_repo / "docs" / "reports" / QID / "index.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("<tr>") and CHATGPT in line)
    assert 'data-mark="✓">verified</span>' in row
    assert "ChatGPT in November 2022" in row
    assert "It draws on 14 sources" in page


@pytest.mark.slow
def test_example_site_builds_strict_and_offers_the_record(example_repo: Path) -> None:
    build(example_repo)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", "site"],
        cwd=example_repo,
        check=True,
        capture_output=True,
    )
    report = example_repo / "site" / "reports" / QID
    html = (report / "index.html").read_text(encoding="utf-8")
    assert CHATGPT in html
    assert (report / "sources.bib").exists() and (report / "claims.yaml").exists()
    home = (example_repo / "site" / "index.html").read_text(encoding="utf-8")
    # The home page's list is a table the sort script finds, linking each report's page.
    listing = home.split('<div class="sortable cards reports">')[1].split("</div>")[0]
    assert listing.lstrip().startswith("<table>") and "|" not in listing
    assert f'<a href="reports/{QID}/">' in listing
    assert (example_repo / "site" / "reports" / QID / "index.html").exists()
