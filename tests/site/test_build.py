"""Build behaviour: incremental rebuilds, what a change rewrites, the cache, parallel pages."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from support.example import copy_example
from support.git_repo import git, init

import synth.parallel
import synth.pipeline as pipeline
import synth.site.build as site_build
from synth.errors import QuestionError, RecordError, UsageError
from synth.git.reader import RecordLog
from synth.paths import cache_dir
from synth.questions.load import load_questions
from synth.site.build import build

EXAMPLE = "moe-alignment-robustness"
COPIES = ("moe-copy-a", "moe-copy-b", "moe-copy-c")


@pytest.fixture
def many(example_repo: Path) -> Path:
    """The example question and its real record, plus three copies under other ids."""
    copy_example(example_repo, COPIES)
    return example_repo


def page(root: Path, question_id: str) -> Path:
    return root / "docs" / "reports" / question_id / "index.md"


def pages(root: Path) -> dict[str, bytes]:
    """Every generated page's bytes, by path."""
    found = {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("docs/reports/*/*.md")
    }
    return {**found, "docs/index.md": (root / "docs" / "index.md").read_bytes()}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every page: an atomic rewrite changes both."""
    paths = [*root.glob("docs/reports/*/index.md"), root / "docs" / "index.md"]
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in paths}


def rewritten(root: Path, before: dict[str, tuple[int, int]]) -> list[str]:
    after = stamps(root)
    return sorted(path for path in after if after[path] != before.get(path))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the question id of every report page rendered in this process."""
    rendered: list[str] = []
    real = site_build.render_report

    def counting(report: site_build.Report) -> str:
        rendered.append(report.question.id)
        return real(report)

    monkeypatch.setattr(site_build, "render_report", counting)
    assert site_build.render_report is counting
    return rendered


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools started from now on, on two cores at least."""
    started: list[int] = []
    real = synth.parallel.ProcessPoolExecutor

    class CountingPool(real):  # type: ignore[misc, valid-type]
        def __init__(self, max_workers: int, **options: object) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **options)

    monkeypatch.setattr(synth.parallel, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(synth.parallel, "cores", lambda: 2)
    return started


def test_first_build_writes_every_report_page_and_the_home_page(many: Path) -> None:
    outcome = build(many)
    expected = {page(many, q) for q in (EXAMPLE, *COPIES)} | {many / "docs" / "index.md"}
    assert set(outcome.written) == expected
    assert outcome.unchanged == []


def test_noop_rebuild_writes_nothing(many: Path) -> None:
    build(many)
    before = stamps(many)
    outcome = build(many)
    assert outcome.written == []
    assert rewritten(many, before) == []


def test_noop_rebuild_renders_nothing(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(many)
    rendered = count_renders(monkeypatch)
    build(many)
    assert rendered == []


def test_question_change_rewrites_only_its_page_and_the_home_page(many: Path) -> None:
    build(many)
    before = stamps(many)
    edit(many / "questions" / "moe-copy-b.yaml", "title: Alignment", "title: Changed alignment")
    outcome = build(many)
    expected = ["docs/index.md", "docs/reports/moe-copy-b/index.md"]
    assert rewritten(many, before) == expected
    assert sorted(p.relative_to(many).as_posix() for p in outcome.written) == expected
    assert "Changed alignment" in page(many, "moe-copy-b").read_text(encoding="utf-8")


def test_claims_change_rerenders_only_that_report(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(many)
    rendered = count_renders(monkeypatch)
    edit(many / "docs" / "reports" / "moe-copy-a" / "claims.yaml", "verdict: ", "verdict: x")
    build(many)
    assert rendered == ["moe-copy-a"]


def test_sources_change_rerenders_only_that_report(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(many)
    rendered = count_renders(monkeypatch)
    edit(many / "docs" / "reports" / "moe-copy-c" / "sources.bib", "title = {", "title = {New ")
    build(many)
    assert rendered == ["moe-copy-c"]


def test_new_record_file_rerenders_its_report(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(many)
    rendered = count_renders(monkeypatch)
    (many / "docs" / "reports" / "moe-copy-a" / "notes.txt").write_text("x", encoding="utf-8")
    build(many)
    assert rendered == ["moe-copy-a"]


def test_incremental_pages_equal_a_full_build(
    many: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    build(many)
    edit(many / "questions" / "moe-copy-a.yaml", "title: Alignment", "title: Other alignment")
    edit(many / "docs" / "reports" / "moe-copy-c" / "claims.yaml", "verdict: ", "verdict: x")
    build(many)
    fresh = tmp_path_factory.mktemp("fresh")
    shutil.copytree(many / "questions", fresh / "questions")
    shutil.copytree(many / "docs", fresh / "docs", ignore=shutil.ignore_patterns("index.md"))
    build(fresh)
    assert pages(many) == pages(fresh)


def test_deleted_page_is_written_again(many: Path) -> None:
    build(many)
    page(many, "moe-copy-a").unlink()
    outcome = build(many)
    assert outcome.written == [page(many, "moe-copy-a")]


def test_hand_edited_page_is_restored(many: Path) -> None:
    build(many)
    original = page(many, EXAMPLE).read_text(encoding="utf-8")
    page(many, EXAMPLE).write_text(original + "\nedited by hand\n", encoding="utf-8")
    build(many)
    assert page(many, EXAMPLE).read_text(encoding="utf-8") == original


def test_edited_home_page_is_restored(many: Path) -> None:
    build(many)
    home = many / "docs" / "index.md"
    original = home.read_text(encoding="utf-8")
    home.write_text("stale", encoding="utf-8")
    build(many)
    assert home.read_text(encoding="utf-8") == original


def test_deleting_the_cache_makes_a_full_build(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(many)
    shutil.rmtree(cache_dir(many, "build"))
    rendered = count_renders(monkeypatch)
    outcome = build(many)
    assert sorted(rendered) == sorted((EXAMPLE, *COPIES))
    assert outcome.written == []


def test_unreadable_cache_makes_a_full_build(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(many)
    (cache_dir(many, "build") / "build.json").write_text("{not json", encoding="utf-8")
    rendered = count_renders(monkeypatch)
    build(many)
    assert len(rendered) == 1 + len(COPIES)


def test_corrupt_cached_row_is_read_again(many: Path) -> None:
    build(many)
    expected = (many / "docs" / "index.md").read_bytes()
    manifest = cache_dir(many, "build") / "build.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["questions"]["moe-copy-b"]["row"]["sources"] = "garbage"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    page(many, "moe-copy-a").unlink()
    build(many)
    assert (many / "docs" / "index.md").read_bytes() == expected


def test_removed_question_leaves_the_home_page(many: Path) -> None:
    build(many)
    (many / "questions" / "moe-copy-c.yaml").unlink()
    outcome = build(many)
    home = many / "docs" / "index.md"
    assert home in outcome.written
    assert "reports/moe-copy-c/" not in home.read_text(encoding="utf-8")
    manifest = json.loads((cache_dir(many, "build") / "build.json").read_text(encoding="utf-8"))
    assert "moe-copy-c" not in manifest["questions"]


def test_build_of_named_ids_writes_only_their_pages(many: Path) -> None:
    outcome = build(many, ["moe-copy-b"])
    assert set(outcome.written) == {page(many, "moe-copy-b"), many / "docs" / "index.md"}
    assert not page(many, "moe-copy-a").exists()


def test_pages_skipped_by_ids_are_written_by_the_next_full_build(many: Path) -> None:
    build(many, ["moe-copy-b"])
    outcome = build(many)
    assert set(outcome.written) == {page(many, q) for q in (EXAMPLE, "moe-copy-a", "moe-copy-c")}


def test_unknown_id_is_a_usage_error(many: Path) -> None:
    with pytest.raises(UsageError, match="no question moe-nope -- see `ls questions/`"):
        build(many, ["moe-nope"])


def test_invalid_changed_question_stops_the_build(many: Path) -> None:
    build(many)
    (many / "questions" / "moe-copy-a.yaml").write_text("title: no question\n", encoding="utf-8")
    with pytest.raises(QuestionError, match="moe-copy-a.yaml"):
        build(many)


def test_parallel_build_writes_the_same_pages_as_serial(
    many: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    pools: list[int],
) -> None:
    serial = tmp_path_factory.mktemp("serial")
    shutil.copytree(many / "questions", serial / "questions")
    shutil.copytree(many / "docs", serial / "docs")
    build(serial)
    assert pools == []
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    build(many)
    assert pools == [2]
    assert pages(many) == pages(serial)


def test_new_commit_of_a_record_rerenders_its_report(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(many)
    git(many, "add", "questions", "docs/reports")
    git(many, "commit", "-q", "-m", "record", date="2024-03-01T12:00:00")
    build(many)
    edit(many / "docs" / "reports" / "moe-copy-a" / "claims.yaml", "verdict: ", "verdict: x")
    build(many)
    rendered = count_renders(monkeypatch)
    git(many, "commit", "-q", "-am", "reverify", date="2024-04-02T12:00:00")
    build(many)
    assert rendered == ["moe-copy-a"]
    assert "updated 2024-04-02" in page(many, "moe-copy-a").read_text(encoding="utf-8")


def test_record_log_versions_name_the_last_commit_of_each_record(many: Path) -> None:
    init(many)
    git(many, "add", "docs/reports")
    git(many, "commit", "-q", "-m", "record", date="2024-03-01T12:00:00")
    edit(many / "docs" / "reports" / "moe-copy-b" / "claims.yaml", "verdict: ", "verdict: x")
    git(many, "commit", "-q", "-am", "reverify", date="2024-04-02T12:00:00")
    head = git(many, "rev-parse", "HEAD").strip()
    with RecordLog(many, [EXAMPLE, *COPIES]) as log:
        versions = log.versions()
    assert versions["moe-copy-b"] == ("2024-04-02", head)
    assert versions[EXAMPLE][0] == "2024-03-01"


def test_record_log_versions_outside_git_are_empty(many: Path) -> None:
    with RecordLog(many) as log:
        assert log.versions() == {}


def test_built_page_keeps_quotes_out_of_site_search_and_claims_in(many: Path) -> None:
    build(many)
    text = page(many, EXAMPLE).read_text(encoding="utf-8")
    claims = text.split("## Extracted Claims")[1].split("\n## ")[0]
    rows = [line for line in claims.splitlines() if line.startswith("<tr><td")]
    assert rows
    for row in rows:
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", row)  # (attributes, content) of each
        claim_cell, evidence_cell = cells[1], cells[4]
        assert "data-search-exclude" not in "".join(claim_cell)
        assert evidence_cell[1] == "—" or (
            evidence_cell[0] == " data-search-exclude" and evidence_cell[1].startswith("“")
        )


def test_pages_restored_with_new_times_are_not_rendered_again(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(many)
    for path in [*many.glob("docs/reports/*/index.md"), many / "docs" / "index.md"]:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    rendered = count_renders(monkeypatch)
    outcome = build(many)
    assert rendered == []
    assert outcome.written == []


def _claims(root: Path) -> dict[str, bytes]:
    return {q: (root / "docs" / "reports" / q / "claims.yaml").read_bytes() for q in COPIES}


def test_verifying_on_every_core_gives_the_same_records_as_one_process(
    many: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    questions = [q for q in load_questions(many) if q.id in COPIES]
    for question_id in COPIES:
        (many / "docs" / "reports" / question_id / "claims.yaml").unlink()
    monkeypatch.setattr(pipeline, "VERIFY_PARALLEL_FROM", 1)
    parallel = pipeline.verify_questions(many, questions)
    assert pools == [2]
    in_parallel = _claims(many)
    monkeypatch.setattr(pipeline, "VERIFY_PARALLEL_FROM", 10_000)
    sequential = pipeline.verify_questions(many, questions)
    assert [o.question.id for o in parallel] == list(COPIES)
    assert all(o.changed for o in parallel) and not any(o.changed for o in sequential)
    assert _claims(many) == in_parallel


def test_build_refuses_a_report_folder_linked_out_of_the_repository(
    example_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    folder = example_repo / "docs" / "reports" / EXAMPLE
    shutil.copytree(folder, outside, dirs_exist_ok=True)
    shutil.rmtree(folder)
    folder.symlink_to(outside)
    with pytest.raises(RecordError, match=f"^docs/reports/{EXAMPLE} is a link to {outside},"):
        build(example_repo)
    assert not (outside / "index.md").exists()
    assert not (example_repo / "docs" / "index.md").exists()


def test_build_refuses_any_link_under_docs_that_mkdocs_would_copy_from_outside(
    example_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("not for the site\n", encoding="utf-8")
    (example_repo / "docs" / "reports" / "not-a-question").mkdir(parents=True)
    (example_repo / "docs" / "reports" / "not-a-question" / "notes.txt").symlink_to(secret)
    with pytest.raises(RecordError, match="^docs/reports/not-a-question/notes.txt is a link to"):
        build(example_repo)
