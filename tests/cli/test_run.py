"""``synth run``: retrieve, verify and build against a loopback server of recorded payloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.retrieval import QUESTION_YAML, env_for
from support.server import Fault, RecordedApi

from synth.cli import main
from synth.record.store import read_claims, read_sources


@pytest.fixture
def api() -> Iterator[RecordedApi]:
    server = RecordedApi(latency=0.01)
    yield server
    server.stop()


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "chem-agents.yaml").write_text(QUESTION_YAML, encoding="utf-8")
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    return tmp_path


def _use(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_run_retrieves_verifies_and_builds(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, env_for(api.start()))
    result = CliRunner().invoke(main, ["--root", str(root), "run"])
    assert result.exit_code == 0, result.output
    folder = root / "docs" / "reports" / "chem-agents"
    assert read_sources(folder / "sources.bib")
    assert read_claims(folder / "claims.yaml")
    page = (folder / "index.md").read_text(encoding="utf-8")
    assert "<tr><td>openalex</td> <td>ok</td>" in page
    assert result.output.splitlines()[-1] == "Wrote 2 page(s); 0 unchanged."


def test_run_builds_from_the_kept_record_when_every_database_fails(
    api: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, env_for(api.start()))
    CliRunner().invoke(main, ["--root", str(root), "run"])
    record = root / "docs" / "reports" / "chem-agents" / "sources.bib"
    before = record.read_bytes()
    api.faults = {
        db: [Fault(404)] * 3 for db in ("openalex", "crossref", "arxiv", "semanticscholar")
    }
    (root / ".synth-cache").rename(root / "old-cache")  # force real requests
    result = CliRunner().invoke(main, ["--root", str(root), "run"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: retrieval failed for chem-agents; their previous records were kept"
    )
    assert record.read_bytes() == before
    assert "Wrote 0 page(s); 2 unchanged." in result.stdout
