"""What users see: the terminal progress line and the summary."""

from __future__ import annotations

import io

from synth.retrieve.progress import NullProgress, TerminalProgress, progress_for, summary_lines
from synth.retrieve.run import DatabaseReport, RetrievalResult


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_pipe_gets_no_progress() -> None:
    assert isinstance(progress_for(io.StringIO()), NullProgress)


def test_terminal_gets_progress() -> None:
    assert isinstance(progress_for(FakeTty()), TerminalProgress)


def test_progress_line_shows_each_database_state() -> None:
    stream = FakeTty()
    progress = TerminalProgress(stream)
    progress.start("openalex", 3)
    progress.start("arxiv", 2)
    progress.step("openalex", 1)
    progress.finish("arxiv", "failed")
    progress.close()
    last = stream.getvalue().rstrip("\n").split("\r")[-1]
    assert last.strip() == "openalex 1/3 | arxiv failed"


def test_summary_has_totals_then_one_line_per_database() -> None:
    result = RetrievalResult(
        question_id="q",
        sources=(),
        databases=(
            DatabaseReport("openalex", "ok", found=12, kept=8),
            DatabaseReport("arxiv", "failed", error="arxiv: HTTP 503 after 5 attempts"),
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
