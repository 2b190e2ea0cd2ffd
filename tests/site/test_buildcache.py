"""The build cache: fingerprints of inputs, and recognising a page as written."""

from __future__ import annotations

import json
import os
from pathlib import Path

from synth.paths import cache_dir
from synth.site.buildcache import (
    MANIFEST,
    BuildCache,
    fingerprint,
    page_stamp,
    page_unchanged,
)


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
    cache.record("q", "inputs", page, b"report")
    cache.save(["q"])
    assert BuildCache.load(tmp_path).fresh("q", "inputs", page)


def test_other_inputs_are_not_fresh(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("# Report\n", encoding="utf-8")
    cache = BuildCache.load(tmp_path)
    cache.record("q", "inputs", page, b"report")
    assert not cache.fresh("q", "other inputs", page)
