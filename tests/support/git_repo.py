"""Shared helpers for the git tests: a throw-away repository holding real records, and commits."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

from support.paths import EXAMPLE_ID, REPO
from synth.models import ClaimResult, Source
from synth.paths import report_dir
from synth.record.bibtex import sources_to_bibtex
from synth.record.store import claims_from_yaml, claims_to_yaml

EXAMPLE_CLAIMS = REPO / "docs" / "reports" / EXAMPLE_ID / "claims.yaml"


def example_results() -> list[ClaimResult]:
    """The committed claims of the example report (real claims and verdicts)."""
    return claims_from_yaml(EXAMPLE_CLAIMS.read_text(encoding="utf-8"), EXAMPLE_CLAIMS)


def git(root: Path, *args: str, date: str = "2024-03-01T12:00:00") -> str:
    """Run git in ``root`` as a fixed test identity at a fixed date; return its output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout


def init(root: Path) -> Path:
    """Make ``root`` a git repository on branch main."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def write_record(
    root: Path, question_id: str, results: list[ClaimResult], sources: list[Source] | None = None
) -> None:
    """Write a question's claims.yaml (and sources.bib when given) as synth does."""
    folder = report_dir(root, question_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.yaml").write_text(claims_to_yaml(question_id, results), encoding="utf-8")
    if sources is not None:
        (folder / "sources.bib").write_text(sources_to_bibtex(sources), encoding="utf-8")


def commit(root: Path, message: str, date: str = "2024-03-01T12:00:00") -> str:
    """Commit everything in ``root``; return the short hash."""
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def with_verdict(result: ClaimResult, label: str, confidence: float | None = None) -> ClaimResult:
    """The same claim with another verdict (and confidence)."""
    verdict = replace(
        result.verdict,
        label=label,
        confidence=result.verdict.confidence if confidence is None else confidence,
    )
    return replace(result, verdict=verdict)
