"""The retrieval log ``docs/reports/<id>/retrieval.yaml``: what was asked, of whom, with what luck.

The report's Methodology section reads it back to name the databases, the date and
any database that failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from synth.errors import RecordError
from synth.models import DatabaseRun

STATUSES = ("ok", "failed", "skipped")


@dataclass(frozen=True)
class RetrievalLog:
    """A question's last retrieval: date (ISO, UTC), queries, per-database outcome."""

    question_id: str
    date: str
    queries: tuple[str, ...]
    databases: tuple[DatabaseRun, ...]
    duplicates: int = 0

    @property
    def failed(self) -> tuple[DatabaseRun, ...]:
        """The databases that failed."""
        return tuple(d for d in self.databases if d.status == "failed")


def log_to_yaml(log: RetrievalLog) -> str:
    """The text of ``retrieval.yaml``, keys in a fixed order."""
    data = {
        "question": log.question_id,
        "date": log.date,
        "queries": list(log.queries),
        "duplicates_merged": log.duplicates,
        "databases": [
            {"name": d.name, "status": d.status, "found": d.found, "kept": d.kept}
            | ({"queries": list(d.queries)} if d.queries else {})
            | ({"error": d.error} if d.error else {})
            for d in log.databases
        ],
    }
    header = "# Last retrieval of this report, written by synth retrieve. Do not edit by hand.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _problem(path: Path, field: str, what: str) -> RecordError:
    """A ``RecordError`` naming the file and field, with the fix."""
    return RecordError(f"{path}: {field}: {what} -- rerun `synth retrieve` to rewrite it")


def _int(value: Any, path: Path, field: str) -> int:
    """A non-negative integer field of the log."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _problem(path, field, f"expected a whole number, got {value!r}")
    return value


def _queries(value: Any, path: Path, field: str) -> tuple[str, ...]:
    """The search expressions a database was sent (absent in logs older than them)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _problem(path, field, "expected a list")
    return tuple(str(q) for q in value)


def log_from_yaml(text: str, path: Path) -> RetrievalLog:
    """Parse ``retrieval.yaml``; a malformed file raises ``RecordError`` naming the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise RecordError(f"{path}{line}: not valid YAML -- rerun `synth retrieve`") from error
    if not isinstance(data, dict):
        raise _problem(path, "(top level)", "expected a mapping")
    databases = []
    for index, item in enumerate(data.get("databases") or []):
        where = f"databases[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _problem(path, where, "expected a mapping with a name")
        if item.get("status") not in STATUSES:
            raise _problem(path, f"{where}.status", f"must be one of {', '.join(STATUSES)}")
        databases.append(
            DatabaseRun(
                name=item["name"],
                status=item["status"],
                found=_int(item.get("found", 0), path, f"{where}.found"),
                kept=_int(item.get("kept", 0), path, f"{where}.kept"),
                error=str(item.get("error") or ""),
                queries=_queries(item.get("queries"), path, f"{where}.queries"),
            )
        )
    queries = data.get("queries") or []
    if not isinstance(queries, list):
        raise _problem(path, "queries", "expected a list")
    return RetrievalLog(
        question_id=str(data.get("question", "")),
        date=str(data.get("date", "")),
        queries=tuple(str(q) for q in queries),
        databases=tuple(databases),
        duplicates=_int(data.get("duplicates_merged", 0), path, "duplicates_merged"),
    )


def read_retrieval_log(path: Path) -> RetrievalLog | None:
    """Read a question's retrieval log; ``None`` when it was never retrieved."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return log_from_yaml(text, path)
