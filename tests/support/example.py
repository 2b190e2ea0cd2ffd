"""The example report under other ids, for tests that need many questions."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_example(root: Path, question_ids: tuple[str, ...]) -> None:
    """Copy the example question and its record under other ids, for many-question tests."""
    example = "moe-alignment-robustness"
    for question_id in question_ids:
        shutil.copy(
            root / "questions" / f"{example}.yaml", root / "questions" / f"{question_id}.yaml"
        )
        shutil.copytree(
            root / "docs" / "reports" / example, root / "docs" / "reports" / question_id
        )
