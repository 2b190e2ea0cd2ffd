"""``synth verify --shard`` and ``synth build --shard``: a stable share of the questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.example import copy_example

from synth.cli import main
from synth.questions.shard import select_shard

EXAMPLE = "moe-alignment-robustness"
COPIES = ("moe-copy-a", "moe-copy-b", "moe-copy-c", "moe-copy-d", "moe-copy-e")
IDS = sorted((EXAMPLE, *COPIES))


@pytest.fixture
def many(example_repo: Path) -> Path:
    """The example question and its real record, plus copies under other ids."""
    copy_example(example_repo, COPIES)
    return example_repo


def synth(repo: Path, *args: str) -> tuple[int, str, str]:
    """Run synth with ``--root repo``: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["--root", str(repo), *args])
    return result.exit_code, result.stdout, result.stderr


def built(repo: Path) -> list[str]:
    return sorted(p.parent.name for p in repo.glob("docs/reports/*/index.md"))


def test_build_shard_writes_only_its_reports_and_the_home_page(many: Path) -> None:
    shard = select_shard(IDS, 1, 2)
    code, out, err = synth(many, "build", "--shard", "1/2")
    assert (code, out, err) == (0, f"Wrote {len(shard) + 1} page(s); 0 unchanged.\n", "")
    assert built(many) == sorted(shard)
    assert (many / "docs" / "index.md").is_file()


def test_build_shards_together_write_every_report(many: Path) -> None:
    for k in (1, 2, 3):
        assert synth(many, "build", "--shard", f"{k}/3")[0] == 0
    assert built(many) == IDS


def test_build_shard_narrows_named_ids(many: Path) -> None:
    named = ["moe-copy-a", "moe-copy-b", "moe-copy-c"]
    synth(many, "build", *named, "--shard", "2/2")
    assert built(many) == select_shard(named, 2, 2)


def test_verify_shard_verifies_only_its_questions(many: Path) -> None:
    code, out, err = synth(many, "verify", "--shard", "2/3")
    verified = [line.split(":")[0] for line in out.splitlines()]
    assert (code, err) == (0, "")
    assert verified == select_shard(IDS, 2, 3)


def test_shard_that_is_not_k_of_n_is_a_usage_error(many: Path) -> None:
    message = "Error: --shard 'half' is not K/N -- write e.g. --shard 1/4 (K of N shards)\n"
    assert synth(many, "build", "--shard", "half") == (2, "", message)


def test_shard_beyond_n_is_a_usage_error(many: Path) -> None:
    message = "Error: --shard 3/2: K must be 1 to 2 -- e.g. --shard 1/2\n"
    assert synth(many, "verify", "--shard", "3/2") == (2, "", message)


def test_run_shard_is_checked_before_any_retrieval(many: Path) -> None:
    message = "Error: --shard 0/2: K must be 1 to 2 -- e.g. --shard 1/2\n"
    assert synth(many, "run", "--shard", "0/2") == (2, "", message)
