"""The same-day response cache in .synth-cache/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from synth.retrieve.cache import ResponseCache, cache_key
from synth.retrieve.exchange import MAX_RESPONSE_BYTES
from synth.retrieve.request import ApiRequest

REQUEST = ApiRequest("http://h/works", params=(("search", "moe"),))


def test_body_stored_today_is_returned(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 1))
    cache.put(REQUEST, b"body")
    assert cache.get(REQUEST) == b"body"


def test_body_from_another_day_is_not_returned(tmp_path: Path) -> None:
    ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 1)).put(REQUEST, b"old")
    assert ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 2)).get(REQUEST) is None


def test_api_key_does_not_change_key_or_reach_disk(tmp_path: Path) -> None:
    keyed = ApiRequest(REQUEST.url, REQUEST.params, secret_params=(("api_key", "SECRET"),))
    assert cache_key(keyed) == cache_key(REQUEST)
    ResponseCache(tmp_path).put(keyed, b"x")
    assert all("SECRET" not in str(p) for p in tmp_path.rglob("*"))


def test_different_params_are_different_entries(tmp_path: Path) -> None:
    other = ApiRequest(REQUEST.url, params=(("search", "rlhf"),))
    assert cache_key(other) != cache_key(REQUEST)


def test_prune_removes_earlier_days(tmp_path: Path) -> None:
    ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 1)).put(REQUEST, b"old")
    cache = ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 2))
    cache.put(REQUEST, b"new")
    assert cache.prune() == 1
    assert [p.name for p in tmp_path.iterdir()] == ["2026-03-02"]


def test_unwritable_cache_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    ResponseCache(blocker).put(REQUEST, b"x")
    assert ResponseCache(blocker).get(REQUEST) is None


def test_prune_touches_only_folders_named_like_a_day(tmp_path: Path) -> None:
    (tmp_path / "2026-02-28").mkdir()
    (tmp_path / "build").mkdir()
    (tmp_path / "notes.txt").write_text("kept")
    assert ResponseCache(tmp_path, today=lambda: dt.date(2026, 3, 2)).prune() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "notes.txt"]


def test_a_cached_body_over_the_answer_cap_is_ignored(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put(REQUEST, b"x" * (MAX_RESPONSE_BYTES + 1))
    assert cache.get(REQUEST) is None
