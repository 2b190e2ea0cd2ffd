"""Question files written into a throw-away repository."""

from __future__ import annotations

from pathlib import Path


def add_question(root: Path, name: str, text: str) -> Path:
    """Write ``questions/<name>`` in ``root`` and return its path."""
    path = root / "questions" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
