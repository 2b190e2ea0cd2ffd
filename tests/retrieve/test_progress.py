"""What users see: the terminal progress line and the summary."""

from __future__ import annotations

import io

from synth.retrieve.progress import NullProgress, TerminalProgress, progress_for


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
