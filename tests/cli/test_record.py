"""``synth import-bib``, ``synth verify`` and ``synth build``: exact output and exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from synth.cli import main
from synth.cli.record import summary_lines
from synth.models import DatabaseRun
from synth.record.store import read_claims, read_sources
from synth.retrieve.run import RetrievalResult

QID = "moe-alignment-robustness"
PAPERS = "questions/papers/seed_question_papers.json"


def synth(repo: Path, *args: str) -> tuple[int, str, str]:
    """Run synth with ``--root repo``: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--root", str(repo), *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_bib_reports_what_it_added(repo: Path) -> None:
    code, out, err = synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    record = repo / "docs" / "reports" / QID / "sources.bib"
    assert (code, err) == (0, "")
    assert out == f"Read 14 source(s) from {repo / PAPERS}; 14 new; 0 skipped; {record} updated.\n"
    assert len(read_sources(record)) == 14


def test_import_bib_twice_changes_nothing(repo: Path) -> None:
    synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    record = repo / "docs" / "reports" / QID / "sources.bib"
    before = record.read_bytes()
    code, out, _ = synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    assert code == 0 and out.endswith(f"0 new; 0 skipped; {record} unchanged.\n")
    assert record.read_bytes() == before


def test_import_bib_skips_broken_entries_and_names_their_line(repo: Path) -> None:
    bib = repo / "export.bib"
    bib.write_text(
        "@article{ok, title={Mixtral of Experts}, author={Jiang, Albert Q.}, year={2024}}\n"
        "@article{bad title={x}}\n",
        encoding="utf-8",
    )
    code, out, err = synth(repo, "import-bib", str(bib), "--question", QID)
    assert code == 0
    assert err.startswith(f"Skipped: {bib}:2: ")
    assert "1 new; 1 skipped" in out


def test_import_bib_of_missing_file_is_a_usage_error(repo: Path) -> None:
    code, out, err = synth(repo, "import-bib", "missing.bib", "--question", QID)
    assert (code, out) == (2, "")
    assert err == "Error: missing.bib: no such file -- check the path\n"


def test_import_bib_into_unknown_question_is_an_error(repo: Path) -> None:
    code, _, err = synth(repo, "import-bib", str(repo / PAPERS), "--question", "nope")
    assert code == 1
    assert err.splitlines()[-1] == "Error: 1 problem in 1 file"
    assert "no question has the id 'nope'" in err


def test_import_bib_requires_a_question(repo: Path) -> None:
    code, _, err = synth(repo, "import-bib", str(repo / PAPERS))
    assert code == 2
    assert "Missing option '--question'" in err


def test_verify_writes_claims_and_is_stable(repo: Path) -> None:
    synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    code, out, err = synth(repo, "verify")
    path = repo / "docs" / "reports" / QID / "claims.yaml"
    assert (code, err) == (0, "")
    assert out.startswith(f"{QID}: ") and out.endswith(f"{path} updated.\n")
    first = path.read_bytes()
    code, out, _ = synth(repo, "verify", QID)
    assert out.endswith(f"{path} unchanged.\n")
    assert path.read_bytes() == first
    assert len(read_claims(path)) == 17


def test_build_writes_pages_then_nothing_when_unchanged(repo: Path) -> None:
    synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    synth(repo, "verify")
    assert synth(repo, "build") == (0, "Wrote 2 page(s); 0 unchanged.\n", "")
    assert synth(repo, "build") == (0, "Wrote 0 page(s); 2 unchanged.\n", "")


def test_build_of_unknown_question_is_a_usage_error(repo: Path) -> None:
    code, _, err = synth(repo, "build", "nope")
    assert code == 2
    assert err == "Error: no question nope -- see `ls questions/`\n"


def test_summary_has_totals_then_one_line_per_database() -> None:
    result = RetrievalResult(
        question_id="q",
        sources=(),
        databases=(
            DatabaseRun("openalex", "ok", found=12, kept=8),
            DatabaseRun("arxiv", "failed", error="arxiv: HTTP 503 after 5 attempts"),
        ),
        duplicates=4,
        changed=True,
    )
    lines = summary_lines(result, "docs/reports/q/sources.bib")
    assert (
        lines[0]
        == "q: kept 0 source(s), merged 4 duplicate(s); docs/reports/q/sources.bib updated."
    )
    assert lines[1].split() == ["openalex", "ok", "found", "12", "kept", "8"]
    assert lines[2].endswith("arxiv: HTTP 503 after 5 attempts")
