"""`synth retrieve` against a loopback server of recorded payloads with injected faults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.retrieval import API, QUESTION_YAML, env_for
from support.server import Fault, RecordedApi

from synth.cli import main
from synth.record.log import read_retrieval_log
from synth.record.store import read_sources

HTML_429 = b"<html><body><h1>429 Too Many Requests</h1></body></html>"
S2_429 = API / "semanticscholar" / "s2py_paper_search_turing_allfields_429_429_200.00.429.json"


@pytest.fixture
def api() -> Iterator[RecordedApi]:
    server = RecordedApi(latency=0.05)
    yield server
    server.stop()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "chem-agents.yaml").write_text(QUESTION_YAML, encoding="utf-8")
    return tmp_path


def use(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)


def test_retrieve_survives_every_kind_of_fault(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.faults = {
        "openalex": [Fault(429, b'{"error": "Rate limit exceeded"}', (("Retry-After", "1"),))],
        "crossref": [Fault(429, HTML_429, (("Content-Type", "text/html"),))],
        "semanticscholar": [Fault(500, S2_429.read_bytes())],
        "arxiv": [Fault(truncate=True)],
    }
    use(monkeypatch, env_for(api.start()))
    result = CliRunner().invoke(main, ["--root", str(root), "retrieve", "chem-agents"])
    assert result.exit_code == 0, result.output
    log = read_retrieval_log(root / "docs" / "reports" / "chem-agents" / "retrieval.yaml")
    assert log is not None and [d.status for d in log.databases] == ["ok"] * 4
    assert {h.database for h in api.hits} == {"openalex", "crossref", "arxiv", "semanticscholar"}
    assert len(api.hits) == 8  # each database: the fault, then one successful retry


def test_retry_after_and_arxiv_spacing_are_respected(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.faults = {
        "openalex": [Fault(429, b"{}", (("Retry-After", "1"),))],
        "arxiv": [Fault(500)],
    }
    use(monkeypatch, env_for(api.start()))
    CliRunner().invoke(main, ["--root", str(root), "retrieve"])
    openalex, arxiv = api.times("openalex"), api.times("arxiv")
    # Arrival times at the server: a new connection's handshake may delay the first
    # arrival by a millisecond or so, hence the small tolerance.
    assert openalex[1] - openalex[0] >= 0.99
    assert arxiv[1] - arxiv[0] >= 2.99


def test_summary_names_each_database(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, env_for(api.start()))
    result = CliRunner().invoke(main, ["--root", str(root), "retrieve"])
    lines = result.output.splitlines()
    assert lines[0].startswith("chem-agents: kept ")
    assert [line.split()[0] for line in lines[1:5]] == [
        "openalex",
        "crossref",
        "arxiv",
        "semanticscholar",
    ]


def test_one_database_down_is_named_and_others_written(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.faults = {
        "semanticscholar": [Fault(400, b'{"error":"Unrecognized or unsupported fields"}')]
    }
    use(monkeypatch, env_for(api.start()))
    result = CliRunner().invoke(main, ["--root", str(root), "retrieve"])
    assert result.exit_code == 0
    assert "semanticscholar  failed" in result.output
    assert read_sources(root / "docs" / "reports" / "chem-agents" / "sources.bib")


def test_missing_openalex_key_prints_how_to_fix(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, env_for(api.start()))
    monkeypatch.delenv("OPENALEX_API_KEY")
    result = CliRunner().invoke(main, ["--root", str(root), "retrieve"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: OPENALEX_API_KEY is not set -- ")
    assert "drop openalex from search.databases" in result.output
    assert api.hits == []


def test_no_network_is_one_line_and_keeps_record(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, env_for("http://127.0.0.1:9"))  # discard port: nothing listens
    result = CliRunner().invoke(main, ["--root", str(root), "retrieve"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no network: could not connect to any database")
    assert len(result.output.strip().splitlines()) == 1
    assert not (root / "docs" / "reports" / "chem-agents").exists()
