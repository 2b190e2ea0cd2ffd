"""`synth diff` and `synth history` through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from support.git_repo import (
    EXAMPLE_ID,
    REPO,
    commit,
    example_results,
    init,
    with_verdict,
    write_record,
)

from synth.cli import main
from synth.cli.git import history_lines
from synth.git.history import ClaimEvent, QuestionHistory
from synth.git.reader import Commit

C1 = Commit("a" * 40, "aaaaaaa", "2024-01-01")


def _repo(tmp_path: Path) -> Path:
    """A git repository with the example question and two commits of its claims."""
    root = init(tmp_path / "repo")
    (root / "questions").mkdir()
    shutil.copy(REPO / "questions" / f"{EXAMPLE_ID}.yaml", root / "questions")
    first, second = example_results()[:2]
    write_record(root, EXAMPLE_ID, [with_verdict(first, "not-found", 0.3)])
    commit(root, "first", "2024-01-05T10:00:00")
    write_record(root, EXAMPLE_ID, [first, second])
    commit(root, "second", "2024-02-06T10:00:00")
    return root


def test_diff_defaults_to_head_against_the_working_tree(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    first = example_results()[0]
    write_record(root, EXAMPLE_ID, [first])
    result = CliRunner().invoke(main, ["--root", str(root), "diff"])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "Record changes from HEAD to working tree:",
        f"{EXAMPLE_ID}: 1 claim removed",
    ]


def test_diff_exits_zero_when_nothing_changed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = CliRunner().invoke(main, ["--root", str(root), "diff"])
    assert (result.exit_code, result.output) == (
        0,
        "No changes to claims, sources, findings or gaps between HEAD and working tree.\n",
    )


def test_diff_between_two_revisions_as_json(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    first, second = example_results()[:2]
    result = CliRunner().invoke(
        main, ["--root", str(root), "diff", "HEAD~1", "HEAD", "--format", "json"]
    )
    assert result.exit_code == 0
    (question,) = json.loads(result.output)["questions"]
    assert [c["id"] for c in question["claims_added"]] == [second.claim.id]
    assert [c["claim_id"] for c in question["verdict_flips"]] == [first.claim.id]


def test_diff_as_markdown_for_a_job_summary(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = CliRunner().invoke(
        main, ["--root", str(root), "diff", "HEAD~1", "HEAD", "--format", "markdown"]
    )
    assert result.exit_code == 0
    assert result.output.startswith("## Record changes: `HEAD~1` → `HEAD`\n")
    assert "- **changed** claim" in result.output


def test_diff_of_an_unknown_revision_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = CliRunner().invoke(main, ["--root", str(root), "diff", "v9.9"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: unknown revision 'v9.9' -- name a commit, branch or tag that exists here "
        "(see `git log --oneline`; in CI fetch history with fetch-depth: 0)\n"
    )


def test_diff_outside_a_git_repository_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "diff"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path} is not in a git repository -- run synth diff/history inside a "
        "clone of the reports repository (git clone, not a tarball)\n"
    )


def test_history_lists_each_change_with_date_and_hash(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    first, second = example_results()[:2]
    result = CliRunner().invoke(main, ["--root", str(root), "history", EXAMPLE_ID])
    assert result.exit_code == 0
    lines = result.output.split("Findings and gaps:")[0].splitlines()
    assert [line.split(" ")[0] for line in lines] == ["2024-01-05", "2024-02-06", "2024-02-06"]
    assert f"{first.claim.id} verdict not-found → supported" in lines[1] + lines[2]
    assert any(f"{second.claim.id} appeared as supported" in line for line in lines)


def test_history_of_an_unknown_question_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = CliRunner().invoke(main, ["--root", str(root), "history", "no-such-question"])
    assert result.exit_code == 1
    assert result.output == (
        "questions/no-such-question.yaml: no question has the id 'no-such-question' -- "
        f"the questions are: {EXAMPLE_ID}\nError: 1 problem in 1 file\n"
    )


def test_history_outside_git_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    shutil.copy(REPO / "questions" / f"{EXAMPLE_ID}.yaml", tmp_path / "questions")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "history", EXAMPLE_ID])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path} is not in a git repository -- ")


def test_history_lines_strip_terminal_escapes() -> None:
    events = (ClaimEvent("0123456789", "appeared", C1, "supported"),)
    history = QuestionHistory(EXAMPLE_ID, events, {"0123456789": "red \x1b[31m"})
    (line,) = history_lines(history)
    assert "\x1b" not in line
    assert line.startswith("2024-01-01 aaaaaaa 0123456789 appeared as supported: red")
