"""``synth import-bib``, ``synth verify`` and ``synth build``: exact output and exit codes."""

from __future__ import annotations

import os
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
    assert out == (
        f"Read 14 source(s) from {repo / PAPERS}; 14 new; 0 already recorded; 0 merged; "
        f"0 skipped; {record} updated.\n"
    )
    assert len(read_sources(record)) == 14


def test_import_bib_twice_changes_nothing(repo: Path) -> None:
    synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    record = repo / "docs" / "reports" / QID / "sources.bib"
    before = record.read_bytes()
    code, out, _ = synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    assert code == 0
    assert out.endswith(f"0 new; 14 already recorded; 0 merged; 0 skipped; {record} unchanged.\n")
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
    assert "1 new; 0 already recorded; 0 merged; 1 skipped" in out


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


def _bib(repo: Path, name: str, text: str) -> Path:
    path = repo / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_bib_names_each_merge_and_why(repo: Path) -> None:
    # hepml-living-review.bib lines 2775 and 6489: two arXiv postings of one paper.
    bib = _bib(
        repo,
        "hepml.bib",
        '@inproceedings{Que:2025jmx, author = "Que, Zhiqiang and others",\n'
        ' title = "{JEDI-Linear: Fast and Efficient Graph Neural Networks for Jet Tagging on '
        'FPGAs}",\n eprint = "2601.17215", doi = "10.1109/ICFPT67023.2025.00030", year = "2026"}\n'
        '@article{Que:2025mhf, author = "Que, Zhiqiang and others",\n'
        ' title = "{JEDI-linear: Fast and Efficient Graph Neural Networks for Jet Tagging on '
        'FPGAs}",\n eprint = "2508.15468", doi="10.1109/ICFPT67023.2025.00030", year = "2025"}\n',
    )
    code, out, err = synth(repo, "import-bib", str(bib), "--question", QID)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"Merged: 'Que:2025mhf' ({bib}:4) into 'Que:2025jmx' ({bib}:1): "
        "same DOI 10.1109/icfpt67023.2025.00030"
    )
    assert "1 new; 0 already recorded; 1 merged; 0 skipped" in out


def test_import_bib_gives_the_line_of_an_entry_without_a_title(repo: Path) -> None:
    bib = _bib(
        repo,
        "hepml.bib",
        '@article{Moskovic:2021zjs,\n title = "{The INSPIRE REST API}",'
        '\n year = "2021"\n}\n\n@article{dummy,\n}\n',
    )
    code, _, err = synth(repo, "import-bib", str(bib), "--question", QID)
    assert code == 0
    assert err == (
        f"Skipped: {bib}:6: entry 'dummy' has no title; it is skipped -- add title = {{...}} "
        "to it\n"
    )


def test_import_bib_prints_no_library_output_for_a_broken_entry(repo: Path) -> None:
    bib = _bib(repo, "broken.bib", "@article{ok, title = {A}}\n\n@article{bad title = {x},\n}\n")
    code, _, err = synth(repo, "import-bib", str(bib), "--question", QID)
    assert code == 0
    assert err == (
        f"Skipped: {bib}:3: entry 'bad' is not valid BibTeX (Expected comma after entry key, "
        "but found =); it is skipped -- put a comma after the key: @type{key, ...\n"
    )


def test_import_bib_reads_macros_from_an_earlier_file(repo: Path) -> None:
    # jabref-semantic-memory.bib line 8854; JabRef keeps the author macros in another file.
    strings = _bib(repo, "AuthorIDs.bib", "@String{RoffwargHP = {Roffwarg, Howard P.}}\n")
    main_bib = _bib(
        repo,
        "Main.bib",
        "@Article{roffwarg_ontogenetic_1966,\n"
        "  Title = {Ontogenetic Development of the Human Sleep-Dream Cycle},\n"
        "  Author = RoffwargHP,\n  Year = {1966}\n}\n",
    )
    code, out, err = synth(repo, "import-bib", str(strings), str(main_bib), "--question", QID)
    assert (code, err) == (0, "")
    (source,) = read_sources(repo / "docs" / "reports" / QID / "sources.bib")
    assert (source.key, source.authors) == ("roffwarg1966ontogenetic", ("Roffwarg, Howard P.",))


def test_import_bib_counts_the_problems_of_one_kind_past_ten(repo: Path) -> None:
    entries = "".join(f"@misc{{m{n}, title = {{T{n}}}, author = Who{n}}}\n" for n in range(12))
    bib = _bib(repo, "macros.bib", entries)
    _, _, err = synth(repo, "import-bib", str(bib), "--question", QID)
    lines = err.splitlines()
    assert len(lines) == 11 and lines[0].startswith(f"Warning: {bib}:1: entry 'm0': author ")
    assert lines[-1] == f"Warning: {bib}: 2 more like the above -- the same fix applies"


def test_import_bib_twice_keeps_a_better_bibtex_export_byte_for_byte(repo: Path) -> None:
    bib = _bib(
        repo,
        "zotero.bib",
        "@inproceedings{neichel_overview_2017,\n\ttitle = {Overview of the {European} "
        "{Extremely} {Large} {Telescope}},\n\tbooktitle = {{{AO4ELT5 Proceedings}}},\n"
        "\tauthor = {Neichel, Benoit},\n\tyear = {2017},\n}\n",
    )
    record = repo / "docs" / "reports" / QID / "sources.bib"
    synth(repo, "import-bib", str(bib), "--question", QID)
    first = record.read_bytes()
    _, out, _ = synth(repo, "import-bib", str(bib), "--question", QID)
    assert record.read_bytes() == first and out.endswith("unchanged.\n")
    assert b"journal = {{{AO4ELT5 Proceedings}}}" in first


def test_import_bib_writes_a_record_with_the_permissions_of_any_new_file(repo: Path) -> None:
    """Not the 0600 of a temporary file: the record is committed and shared."""
    mask = os.umask(0o022)
    os.umask(mask)
    synth(repo, "import-bib", str(repo / PAPERS), "--question", QID)
    record = repo / "docs" / "reports" / QID / "sources.bib"
    assert record.stat().st_mode & 0o777 == 0o666 & ~mask
