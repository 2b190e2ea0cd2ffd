"""The example repository built into a website, as the publish workflow builds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support.paths import REPO
from synth.site.build import build


def build_example_site(folder: Path, site_url: str) -> Path:
    """Copy the example into ``folder``, run synth build and mkdocs build --strict with
    ``site_url`` (SYNTH_SITE_URL), and return the built site's folder."""
    root = folder / "repo"
    shutil.copytree(REPO / "questions", root / "questions")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("index.md"))
    shutil.copy(REPO / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    build(root)
    env = {**os.environ, "SYNTH_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    return root / "site"
