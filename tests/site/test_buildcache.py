"""The build cache: fingerprints of inputs, and recognising a page as written."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from synth.paths import cache_dir
from synth.site.buildcache import (
    MANIFEST,
    BuildCache,
    fingerprint,
    page_stamp,
    page_unchanged,
)
from synth.site.report import IndexRow

ROW = IndexRow("q", "A question?", "No source mentions it.", "2026-11-26", 1, 2, 7.5)


def test_fingerprint_changes_with_a_file_byte(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("verdict: supported\n", encoding="utf-8")
    before = fingerprint([path])
    path.write_text("verdict: supporter\n", encoding="utf-8")
    assert fingerprint([path]) != before


def test_fingerprint_tells_an_absent_file_from_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / "sources.bib"
    absent = fingerprint([path])
    path.write_bytes(b"")
    assert fingerprint([path]) != absent


def test_fingerprint_changes_with_a_fact(tmp_path: Path) -> None:
    assert fingerprint([], "2024-03-01", "abc") != fingerprint([], "2024-03-02", "abc")


def test_fingerprint_keeps_file_boundaries(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("xy", encoding="utf-8")
    b.write_text("z", encoding="utf-8")
    joined = fingerprint([a, b])
    a.write_text("x", encoding="utf-8")
    b.write_text("yz", encoding="utf-8")
    assert fingerprint([a, b]) != joined


def test_page_with_new_times_but_same_bytes_is_unchanged(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    stamp = page_stamp(page)
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    assert page_unchanged(page, stamp)


def test_page_edited_to_the_same_size_is_changed(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    stamp = page_stamp(page)
    page.write_text("# Rep0rt\n", encoding="utf-8")
    assert not page_unchanged(page, stamp)


def test_deleted_page_is_changed(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    stamp = page_stamp(page)
    page.unlink()
    assert not page_unchanged(page, stamp)


def test_manifest_of_another_version_is_ignored(tmp_path: Path) -> None:
    cache_dir(tmp_path, "build").mkdir(parents=True)
    manifest = {"version": "other", "index": {}, "questions": {"q": {"inputs": "x"}}}
    (cache_dir(tmp_path, "build") / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert BuildCache.load(tmp_path).questions == {}


def test_saved_manifest_is_loaded_back(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    cache = BuildCache.load(tmp_path)
    cache.record("q", "inputs", page, ROW)
    cache.save(["q"])
    assert BuildCache.load(tmp_path).fresh("q", "inputs", page)


def test_other_inputs_are_not_fresh(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    cache = BuildCache.load(tmp_path)
    cache.record("q", "inputs", page, ROW)
    assert not cache.fresh("q", "other inputs", page)


def saved_and_loaded(tmp_path: Path, row: IndexRow) -> BuildCache:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    cache = BuildCache.load(tmp_path)
    cache.record("q", "inputs", page, row)
    cache.save(["q"])
    return BuildCache.load(tmp_path)


def test_saved_row_is_loaded_back(tmp_path: Path) -> None:
    assert saved_and_loaded(tmp_path, ROW).row("q") == ROW


def test_row_without_a_score_is_loaded_back(tmp_path: Path) -> None:
    row = replace(ROW, score=None)
    assert saved_and_loaded(tmp_path, row).row("q") == row


def test_row_of_the_wrong_type_is_not_used(tmp_path: Path) -> None:
    cache = saved_and_loaded(tmp_path, ROW)
    cache.questions["q"]["row"]["on_topic"] = "1"
    assert cache.row("q") is None


def test_row_with_a_missing_field_is_not_used(tmp_path: Path) -> None:
    cache = saved_and_loaded(tmp_path, ROW)
    del cache.questions["q"]["row"]["date"]
    assert cache.row("q") is None


def test_saving_removes_the_pickles_of_an_older_cache(tmp_path: Path) -> None:
    old = cache_dir(tmp_path, "build") / "reports"
    old.mkdir(parents=True)
    (old / "q.pickle").write_bytes(b"report")
    BuildCache.load(tmp_path).save(["q"])
    assert not old.exists()
