"""Shared fixtures: the real seed papers as sources, a throw-away repository, and loopback
servers of the recorded API answers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.paths import REPO, SEED_PAPERS
from support.server import RecordedApi

from synth.models import Source
from synth.record.bibtex import assign_keys
from synth.record.imports import read_paper_list


@pytest.fixture(scope="session")
def seed_papers() -> list[dict[str, object]]:
    """The 14 real papers of the example question, as stored."""
    papers: list[dict[str, object]] = json.loads(SEED_PAPERS.read_text(encoding="utf-8"))
    return papers


@pytest.fixture(scope="session")
def seed_sources() -> list[Source]:
    """The seed papers as keyed sources."""
    sources, _ = read_paper_list(SEED_PAPERS.read_text(encoding="utf-8"), "import:test")
    return assign_keys(sources)


GENERATED = shutil.ignore_patterns("index.md")


@pytest.fixture
def empty_repo(tmp_path: Path) -> Path:
    """A throw-away repository root with an empty questions/ folder."""
    (tmp_path / "questions").mkdir()
    return tmp_path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of this repository's questions, site config and static pages, with no record."""
    shutil.copytree(REPO / "questions", tmp_path / "questions")
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("reports"))
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    return tmp_path


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A copy of this repository with its committed record, and no generated pages."""
    shutil.copytree(REPO / "questions", tmp_path / "questions")
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=GENERATED)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    return tmp_path


@pytest.fixture
def server() -> Iterator[RecordedApi]:
    """A loopback server of the recorded answers (``support.server``), stopped afterwards."""
    api = RecordedApi()
    yield api
    api.stop()


@pytest.fixture
def other_server() -> Iterator[RecordedApi]:
    """A second loopback server, on another port: another origin than ``server``."""
    api = RecordedApi()
    yield api
    api.stop()
