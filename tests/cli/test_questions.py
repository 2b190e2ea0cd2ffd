"""The ``synth check`` and ``synth new`` commands: exact output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import main


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throw-away repository root with an empty questions/ folder."""
    (tmp_path / "questions").mkdir()
    return tmp_path


def add_question(repo: Path, name: str, text: str) -> Path:
    """Write ``questions/<name>`` in ``repo`` and return its path."""
    path = repo / "questions" / name
    path.write_text(text, encoding="utf-8")
    return path


def synth(repo: Path, *args: str) -> tuple[int, str, str]:
    """Run synth with ``--root repo``: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--root", str(repo), *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_valid_questions(repo: Path) -> None:
    add_question(repo, "one.yaml", "question: One?\n")
    add_question(repo, "two.yaml", "question: Two?\n")
    assert synth(repo, "check") == (0, "2 questions OK\n", "")


def test_check_lists_every_problem_then_the_count(repo: Path) -> None:
    add_question(repo, "one.yaml", "question: 1.10\nserch: {}\n")
    add_question(repo, "two.yaml", "question: Q?\nsearch:\n  databases: [openalx]\n")
    assert synth(repo, "check") == (
        1,
        "",
        "questions/one.yaml:1: question: YAML read 1.10 as the number 1.1, not text -- "
        'quote it: "1.10"\n'
        "questions/one.yaml:2: serch: is not a known field -- did you mean 'search'?\n"
        "questions/two.yaml:3: search.databases[0]: 'openalx' is not a database -- "
        "did you mean 'openalex'?\n"
        "Error: 3 problems in 2 files\n",
    )


def test_check_given_files_checks_only_those(repo: Path) -> None:
    good = add_question(repo, "good.yaml", "question: Q?\n")
    add_question(repo, "bad.yaml", "question:\n")
    assert synth(repo, "check", str(good)) == (0, "1 question OK\n", "")


def test_check_given_a_missing_file_says_so(repo: Path) -> None:
    code, out, err = synth(repo, "check", str(repo / "questions" / "nope.yaml"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "questions/nope.yaml: does not exist -- check the path; run synth check without "
        "arguments to check every question",
        "Error: 1 problem in 1 file",
    ]


def test_check_without_questions_says_how_to_add_one(repo: Path) -> None:
    assert synth(repo, "check") == (
        1,
        "",
        'Error: no question files in questions/ -- create one with: synth new "<your question>"\n',
    )


def test_new_writes_a_scaffold_that_checks(repo: Path) -> None:
    code, out, err = synth(repo, "new", "Does RLHF make code models more robust?", "--id", "rlhf")
    assert (code, out, err) == (
        0,
        "Created questions/rlhf.yaml\nNext: edit it, then run: synth check\n",
        "",
    )
    assert synth(repo, "check") == (0, "1 question OK\n", "")


def test_new_derives_the_id_from_the_question(repo: Path) -> None:
    code, out, _ = synth(repo, "new", "Does RLHF help?")
    assert (code, out.splitlines()[0]) == (0, "Created questions/does-rlhf-help.yaml")


def test_new_with_an_invalid_id_is_a_usage_error(repo: Path) -> None:
    assert synth(repo, "new", "Does RLHF help?", "--id", "RLHF_Help") == (
        2,
        "",
        "Error: 'RLHF_Help' is not a valid question id -- use lowercase letters, digits and "
        "single hyphens, at most 80 characters, e.g. --id rlhf-help\n",
    )


def test_new_refuses_to_overwrite(repo: Path) -> None:
    add_question(repo, "rlhf.yaml", "question: Mine?\n")
    assert synth(repo, "new", "Does RLHF help?", "--id", "rlhf") == (
        1,
        "",
        "Error: questions/rlhf.yaml already exists -- choose another --id or edit that file\n",
    )


@pytest.mark.parametrize("command", ["check", "new"])
def test_help_shows_an_example(repo: Path, command: str) -> None:
    code, out, _ = synth(repo, command, "--help")
    assert code == 0
    assert f"Example:\n      synth {command}" in out
