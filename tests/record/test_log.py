"""The retrieval log docs/reports/<id>/retrieval.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from synth.errors import RecordError
from synth.models import DatabaseRun
from synth.record.log import RetrievalLog, log_to_yaml, read_retrieval_log

LOG = RetrievalLog(
    question_id="q",
    date="2026-03-01",
    queries=("moe robustness",),
    databases=(
        DatabaseRun("openalex", "ok", found=12, kept=8, queries=("(moe OR MoE) AND robust",)),
        DatabaseRun("arxiv", "failed", error="arxiv: HTTP 503 after 5 attempts"),
    ),
    duplicates=4,
)


def write_log(tmp_path: Path) -> Path:
    path = tmp_path / "retrieval.yaml"
    path.write_text(log_to_yaml(LOG), encoding="utf-8")
    return path


def test_log_round_trips(tmp_path: Path) -> None:
    log = read_retrieval_log(write_log(tmp_path))
    assert log == LOG


def test_failed_databases_are_listed(tmp_path: Path) -> None:
    log = read_retrieval_log(write_log(tmp_path))
    assert log is not None and [d.name for d in log.failed] == ["arxiv"]


def test_log_states_the_query_each_database_was_sent(tmp_path: Path) -> None:
    text = write_log(tmp_path).read_text(encoding="utf-8")
    assert "  queries:\n  - (moe OR MoE) AND robust\n" in text


def test_log_without_queries_per_database_still_reads(tmp_path: Path) -> None:
    older = tmp_path / "retrieval.yaml"
    older.write_text(log_to_yaml(LOG).replace("  queries:\n  - (moe OR MoE) AND robust\n", ""))
    log = read_retrieval_log(older)
    assert log is not None and log.databases[0].queries == ()


def test_missing_log_is_none(tmp_path: Path) -> None:
    assert read_retrieval_log(tmp_path / "retrieval.yaml") is None


def test_bad_status_names_file_and_field(tmp_path: Path) -> None:
    path = write_log(tmp_path)
    path.write_text(path.read_text().replace("status: failed", "status: broken"))
    with pytest.raises(RecordError, match=r"retrieval.yaml: databases\[1\].status: must be one of"):
        read_retrieval_log(path)


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "retrieval.yaml"
    path.write_text("question: q\ndatabases: [\n")
    with pytest.raises(RecordError, match=r"retrieval.yaml:\d+: not valid YAML"):
        read_retrieval_log(path)
