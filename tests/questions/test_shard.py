"""Shards: parsing K/N, a stable partition of the questions."""

from __future__ import annotations

import pytest

from synth.errors import UsageError
from synth.questions.shard import parse_shard, select_shard, shard_of

IDS = [f"question-{n}" for n in range(200)]


def test_parse_shard_reads_k_of_n() -> None:
    assert parse_shard("2/5") == (2, 5)


@pytest.mark.parametrize("text", ["2", "a/b", "1/0", "0/3", "4/3", "1/300", "-1/2"])
def test_parse_shard_rejects_what_is_not_k_of_n(text: str) -> None:
    with pytest.raises(UsageError, match="--shard"):
        parse_shard(text)


def test_shards_partition_the_ids() -> None:
    shards = [select_shard(IDS, k, 4) for k in range(1, 5)]
    assert sorted(i for shard in shards for i in shard) == sorted(IDS)
    assert sum(len(shard) for shard in shards) == len(IDS)


def test_shards_are_roughly_even() -> None:
    sizes = [len(select_shard(IDS, k, 4)) for k in range(1, 5)]
    assert min(sizes) >= len(IDS) // 4 * 0.6


def test_a_question_keeps_its_shard_when_others_are_added() -> None:
    before = select_shard(IDS[:100], 3, 4)
    after = select_shard(IDS, 3, 4)
    assert before == [i for i in after if i in IDS[:100]]


def test_selection_keeps_the_given_order() -> None:
    shard = select_shard(IDS, 1, 3)
    assert shard == [i for i in IDS if i in set(shard)]


def test_one_shard_is_everything() -> None:
    assert select_shard(IDS, 1, 1) == IDS


def test_shard_of_is_in_range() -> None:
    assert {shard_of(i, 7) for i in IDS} <= set(range(1, 8))


def test_select_shard_rejects_a_missing_shard() -> None:
    with pytest.raises(UsageError, match="shard 5/4 does not exist"):
        select_shard(IDS, 5, 4)
