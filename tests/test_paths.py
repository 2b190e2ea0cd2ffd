"""Where things live: ids become paths in one place, and cannot escape it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from synth.errors import QuestionError, RecordError
from synth.paths import inside, record_part, report_dir, report_file


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


def test_report_folder_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "elsewhere"
    (root / "docs" / "reports").mkdir(parents=True)
    outside.mkdir()
    (root / "docs" / "reports" / "q-1").symlink_to(outside)
    with pytest.raises(RecordError) as caught:
        report_file(root, "q-1", "claims.yaml")
    assert str(caught.value) == (
        f"docs/reports/q-1 is a link to {outside}, outside the repository -- replace the link"
        " with a folder or file of its own: the record must be in the repository"
    )


def test_record_file_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "repo" / "docs" / "reports" / "q-1"
    folder.mkdir(parents=True)
    (folder / "sources.bib").symlink_to("/dev/zero")
    with pytest.raises(RecordError, match="^docs/reports/q-1/sources.bib is a link to /dev/zero"):
        report_file(tmp_path / "repo", "q-1", "sources.bib")


def test_links_inside_the_repository_are_followed(tmp_path: Path) -> None:
    reports = tmp_path / "repo" / "docs" / "reports"
    (reports / "real").mkdir(parents=True)
    (reports / "q-1").symlink_to(reports / "real")
    assert report_dir(tmp_path / "repo", "q-1") == reports / "q-1"


@pytest.mark.parametrize(
    "name", ["claims.yaml", "absent.md", "linked-in.bib", "linked-out.bib", "../q-2/claims.yaml"]
)
def test_report_file_finds_what_resolving_the_whole_path_finds(tmp_path: Path, name: str) -> None:
    root = tmp_path / "repo"
    folder, other = root / "docs" / "reports" / "q-1", root / "docs" / "reports" / "q-2"
    folder.mkdir(parents=True)
    other.mkdir()
    (folder / "claims.yaml").write_text("[]\n", encoding="utf-8")
    (other / "claims.yaml").symlink_to(tmp_path)
    (folder / "linked-in.bib").symlink_to(folder / "claims.yaml")
    (folder / "linked-out.bib").symlink_to(tmp_path)

    def outcome(find: Callable[[], Path]) -> Path | str:
        try:
            return find()
        except RecordError as error:
            return str(error)

    assert outcome(lambda: report_file(root, "q-1", name)) == outcome(
        lambda: inside(root, report_dir(root, "q-1") / name)
    )
