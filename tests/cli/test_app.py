"""The command group: unexpected errors as one line (details with --debug), SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import FIXTURES

from synth.cli import main
from synth.questions import load

ONE_LINE = (
    "Error: synth check failed at synth/cli/questions.py:{line} in check: RuntimeError: boom"
    " -- rerun with synth --debug for the details, and report it if it is a bug in synth\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "q.yaml").write_text("question: Q?\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def broken_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """``synth check FILE`` fails with an exception synth does not expect."""

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(load, "check_paths", boom)


def check_line() -> int:
    """The line of synth/cli/questions.py that calls check_paths."""
    source = (Path(load.__file__).parent.parent / "cli" / "questions.py").read_text()
    return next(i for i, text in enumerate(source.splitlines(), 1) if "check_paths(list(" in text)


def test_unexpected_error_is_one_line_naming_what_and_where(repo: Path, broken_check: None) -> None:
    result = CliRunner().invoke(main, ["--root", str(repo), "check", "questions/q.yaml"])
    assert (result.exit_code, result.stderr) == (70, ONE_LINE.format(line=check_line()))


def test_debug_adds_the_traceback(repo: Path, broken_check: None) -> None:
    args = ["--root", str(repo), "--debug", "check", "questions/q.yaml"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("boom")' in result.stderr
    assert result.stderr.endswith(ONE_LINE.format(line=check_line()))


def test_os_error_says_to_check_the_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied", "docs/reports/q/claims.yaml")

    monkeypatch.setattr(load, "check_paths", refuse)
    result = CliRunner().invoke(main, ["--root", str(repo), "check", "questions/q.yaml"])
    assert result.stderr.endswith(
        "PermissionError: [Errno 13] Permission denied: 'docs/reports/q/claims.yaml'"
        " -- check the file named and its permissions; synth --debug shows the details\n"
    )


def test_check_of_every_hostile_file_prints_problems_not_a_traceback(repo: Path) -> None:
    files = sorted(str(path) for path in (FIXTURES / "questions" / "hostile").glob("*.yaml"))
    result = CliRunner().invoke(main, ["--root", str(repo), "check", *files])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"Error: {len(files)} problems in {len(files)} files"


def test_usage_errors_are_still_clicks(repo: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(repo), "check", "--no-such-option"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: No such option '--no-such-option'.\n")


def test_sigterm_ends_a_command_as_an_interrupt(repo: Path, tmp_path: Path) -> None:
    # A command that waits: synth check reading a question while SIGTERM arrives.
    script = tmp_path / "slow.py"
    script.write_text(
        "import sys, time\n"
        "from synth.cli import main\n"
        "from synth.questions import load\n"
        "def slow(*args):\n"
        "    print('started', flush=True)\n"
        "    time.sleep(60)\n"
        "load.check_paths = slow\n"
        "sys.argv = ['synth', '--root', sys.argv[1], 'check', 'questions/q.yaml']\n"
        "main()\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, str(script), str(repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "started\n"
    start = time.monotonic()
    os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (143, "Interrupted: no record was half-written.\n")
    assert time.monotonic() - start < 10
