"""`synth build` on an unchanged repository changes no byte (so diffs stay readable)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from support.git_repo import REPO, commit, init

from synth.site.build import build


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "docs").rglob("*"))
        if p.is_file()
    }


def test_second_build_of_an_unchanged_repository_changes_no_byte(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    shutil.copytree(REPO / "questions", root / "questions")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("index.md"))
    commit(root, "the example record")  # so the pages carry a History section from git
    build(root)
    first = _hashes(root)
    second_outcome = build(root)
    assert second_outcome.written == []
    assert _hashes(root) == first
    assert "## History" in (root / "docs" / "reports").joinpath(
        "moe-alignment-robustness", "index.md"
    ).read_text(encoding="utf-8")
