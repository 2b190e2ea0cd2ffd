"""The ``synth check`` and ``synth new`` commands: exact output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.questions import add_question

from synth.cli import main


def synth(empty_repo: Path, *args: str) -> tuple[int, str, str]:
    """Run synth with ``--root empty_repo``: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--root", str(empty_repo), *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_valid_questions(empty_repo: Path) -> None:
    add_question(empty_repo, "one.yaml", "question: One?\n")
    add_question(empty_repo, "two.yaml", "question: Two?\n")
    assert synth(empty_repo, "check") == (0, "2 questions OK\n", "")


def test_check_lists_every_problem_then_the_count(empty_repo: Path) -> None:
    add_question(empty_repo, "one.yaml", "question: 1.10\nserch: {}\n")
    add_question(empty_repo, "two.yaml", "question: Q?\nsearch:\n  databases: [openalx]\n")
    assert synth(empty_repo, "check") == (
        1,
        "",
        "questions/one.yaml:1: question: YAML read 1.10 as the number 1.1, not text -- "
        'quote it: "1.10"\n'
        "questions/one.yaml:2: serch: is not a known field -- did you mean 'search'?\n"
        "questions/two.yaml:3: search.databases[0]: 'openalx' is not a database -- "
        "did you mean 'openalex'?\n"
        "Error: 3 problems in 2 files\n",
    )


def test_check_given_files_checks_only_those(empty_repo: Path) -> None:
    good = add_question(empty_repo, "good.yaml", "question: Q?\n")
    add_question(empty_repo, "bad.yaml", "question:\n")
    assert synth(empty_repo, "check", str(good)) == (0, "1 question OK\n", "")


def test_check_given_a_missing_file_says_so(empty_repo: Path) -> None:
    code, out, err = synth(empty_repo, "check", str(empty_repo / "questions" / "nope.yaml"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "questions/nope.yaml: does not exist -- check the path; run synth check without "
        "arguments to check every question",
        "Error: 1 problem in 1 file",
    ]


def test_check_without_questions_says_how_to_add_one(empty_repo: Path) -> None:
    assert synth(empty_repo, "check") == (
        1,
        "",
        'Error: no question files in questions/ -- create one with: synth new "<your question>"\n',
    )


def test_new_writes_a_scaffold_that_checks(empty_repo: Path) -> None:
    code, out, err = synth(
        empty_repo, "new", "Does RLHF make code models more robust?", "--id", "rlhf"
    )
    assert (code, out, err) == (
        0,
        "Created questions/rlhf.yaml\nNext: edit it, then run: synth check\n",
        "",
    )
    assert synth(empty_repo, "check") == (0, "1 question OK\n", "")


def test_new_derives_the_id_from_the_question(empty_repo: Path) -> None:
    code, out, _ = synth(empty_repo, "new", "Does RLHF help?")
    assert (code, out.splitlines()[0]) == (0, "Created questions/does-rlhf-help.yaml")


def test_new_with_an_invalid_id_is_a_usage_error(empty_repo: Path) -> None:
    assert synth(empty_repo, "new", "Does RLHF help?", "--id", "RLHF_Help") == (
        2,
        "",
        "Error: 'RLHF_Help' is not a valid question id -- use lowercase letters, digits and "
        "single hyphens, at most 80 characters, e.g. --id rlhf-help\n",
    )


def test_new_refuses_to_overwrite(empty_repo: Path) -> None:
    add_question(empty_repo, "rlhf.yaml", "question: Mine?\n")
    assert synth(empty_repo, "new", "Does RLHF help?", "--id", "rlhf") == (
        1,
        "",
        "Error: questions/rlhf.yaml already exists -- choose another --id or edit that file\n",
    )


@pytest.mark.parametrize("command", ["check", "new"])
def test_help_shows_an_example(empty_repo: Path, command: str) -> None:
    code, out, _ = synth(empty_repo, command, "--help")
    assert code == 0
    assert f"Example:\n      synth {command}" in out
