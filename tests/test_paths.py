"""Where things live: ids become paths in one place, and cannot escape it."""

from __future__ import annotations

from pathlib import Path

import pytest

from synth.errors import QuestionError
from synth.paths import record_part, report_dir, report_file


def test_report_dir_refuses_ids_that_escape() -> None:
    with pytest.raises(QuestionError, match="not a valid question id"):
        report_dir(Path("/repo"), "../../etc")


def test_report_file_is_in_the_reports_folder() -> None:
    assert report_file(Path("/repo"), "q-1", "claims.yaml") == Path(
        "/repo/docs/reports/q-1/claims.yaml"
    )


def test_record_part_reads_a_record_path_back() -> None:
    assert record_part("docs/reports/q-1/sources.bib") == ("q-1", "sources.bib")
    assert record_part("docs/reports/q-1/index.md") is None
    assert record_part("questions/q-1.yaml") is None
