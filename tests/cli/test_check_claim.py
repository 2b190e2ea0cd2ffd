"""``synth check-claim --batch``: a line it cannot read is a usage error naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from synth.cli import main


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "lists or objects nested too deeply to read"),
        ('{"id": ' + "9" * 5000 + "}", "not readable JSON (Exceeds the limit (4300 digits)"),
        ("{oops}", "not valid JSON (Expecting property name enclosed in double quotes)"),
    ],
)
def test_batch_line_json_cannot_hold_names_its_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text('{"id": 1, "claim": "C.", "text": "T."}\n' + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-claim", "--batch", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:2: {problem}")
    assert result.stderr.endswith(" -- write one JSON object per line\n")
