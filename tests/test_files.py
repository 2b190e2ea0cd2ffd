"""Atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from synth.files import NEW_FILE_MODE, atomic_write


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "file.txt"
    assert atomic_write(path, "x") is True
    assert atomic_write(path, "x") is False
    assert [p.name for p in path.parent.iterdir()] == ["file.txt"]


def test_atomic_write_gives_a_new_file_the_users_default_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    path = tmp_path / "sources.bib"
    atomic_write(path, "x")
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask == NEW_FILE_MODE


def test_atomic_write_without_overwrite_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "question.yaml"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic_write(path, "theirs", overwrite=False)
    assert path.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["question.yaml"]
