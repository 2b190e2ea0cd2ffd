"""Claim history from git: parsing claims.yaml fast, replaying versions, one git log."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from support.git_repo import (
    EXAMPLE_ID,
    commit,
    example_results,
    git,
    init,
    with_verdict,
    write_record,
)

from synth.git import reader
from synth.git.history import claim_history, claim_states, load_histories
from synth.git.reader import Commit
from synth.models import Claim, ClaimResult, Verdict
from synth.record.store import claims_to_yaml

C1 = Commit("a" * 40, "aaaaaaa", "2024-01-01")
C2 = Commit("b" * 40, "bbbbbbb", "2024-02-01")
C3 = Commit("c" * 40, "ccccccc", "2024-03-01")


def test_claim_states_agree_with_the_full_yaml_parse() -> None:
    results = example_results()
    states = claim_states(claims_to_yaml(EXAMPLE_ID, results))
    assert states == {r.claim.id: (r.verdict.label, r.claim.text) for r in results}


def test_claim_states_read_quoted_texts() -> None:
    result = example_results()[0]
    quoted = with_verdict(result, "not-found")
    text = claims_to_yaml(EXAMPLE_ID, [quoted]).replace(
        f"text: {result.claim.text}", f"text: '{result.claim.text}'"
    )
    assert claim_states(text) == {result.claim.id: ("not-found", result.claim.text)}


def test_claim_history_records_appearance_flip_and_disappearance() -> None:
    first, second = example_results()[:2]
    v1 = claims_to_yaml(EXAMPLE_ID, [with_verdict(first, "not-found"), second])
    v2 = claims_to_yaml(EXAMPLE_ID, [first, second])
    v3 = claims_to_yaml(EXAMPLE_ID, [first])
    events = claim_history(EXAMPLE_ID, [(C1, v1), (C2, v2), (C3, v3)]).events
    assert [(e.claim_id, e.kind, e.commit.short) for e in events] == [
        *sorted(
            [(first.claim.id, "appeared", "aaaaaaa"), (second.claim.id, "appeared", "aaaaaaa")]
        ),
        (first.claim.id, "verdict", "bbbbbbb"),
        (second.claim.id, "disappeared", "ccccccc"),
    ]
    flip = events[2]
    assert (flip.previous, flip.verdict) == ("not-found", first.verdict.label)


def test_claim_history_treats_a_deleted_file_as_every_claim_disappearing() -> None:
    results = example_results()[:3]
    events = claim_history(EXAMPLE_ID, [(C1, claims_to_yaml(EXAMPLE_ID, results)), (C2, None)])
    gone = [e.claim_id for e in events.events if e.kind == "disappeared"]
    assert gone == sorted(r.claim.id for r in results)


def test_load_histories_reads_dates_and_short_hashes_from_git(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    first = example_results()[0]
    write_record(root, EXAMPLE_ID, [with_verdict(first, "not-found")])
    h1 = commit(root, "first record", "2024-01-05T10:00:00")
    write_record(root, EXAMPLE_ID, [first])
    h2 = commit(root, "verdict flips", "2024-02-06T10:00:00")
    histories = load_histories(root)
    assert histories is not None
    events = histories[EXAMPLE_ID].events
    assert [(e.kind, e.commit.short, e.commit.date) for e in events] == [
        ("appeared", h1, "2024-01-05"),
        ("verdict", h2, "2024-02-06"),
    ]


def test_load_histories_follows_merges_as_one_step(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    first = example_results()[0]
    write_record(root, EXAMPLE_ID, [with_verdict(first, "not-found")])
    commit(root, "first record", "2024-01-05T10:00:00")
    git(root, "checkout", "-q", "-b", "refresh")
    write_record(root, EXAMPLE_ID, [first])
    commit(root, "refresh", "2024-01-06T10:00:00")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "merge refresh", "refresh", date="2024-01-07T10:00")
    merge = git(root, "rev-parse", "--short=7", "HEAD").strip()
    histories = load_histories(root)
    assert histories is not None
    flip = histories[EXAMPLE_ID].events[-1]
    assert (flip.kind, flip.commit.short, flip.commit.date) == ("verdict", merge, "2024-01-07")


def test_load_histories_is_none_outside_git(tmp_path: Path) -> None:
    write_record(tmp_path, EXAMPLE_ID, example_results()[:1])
    assert load_histories(tmp_path) is None


def test_load_histories_is_none_in_a_shallow_clone(tmp_path: Path) -> None:
    origin = init(tmp_path / "origin")
    results = example_results()
    write_record(origin, EXAMPLE_ID, results[:1])
    commit(origin, "one")
    write_record(origin, EXAMPLE_ID, results[:2])
    commit(origin, "two")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert load_histories(clone) is None


def _repository_of(tmp_path: Path, questions: int) -> Path:
    """A git repository whose first commit records ``questions`` questions of 2-3 claims."""
    root = init(tmp_path / "repo")
    results = example_results()
    for number in range(questions):
        write_record(root, f"question-{number}", results[number : number + 3])
    commit(root, "the records")
    return root


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument lists of the commands started from now on (clear it before the call to
    watch); ``subprocess.run`` starts its command through ``Popen`` too."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def recording_popen(args: list[str], **kwargs: object) -> object:
        calls.append(args)
        return real_popen(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(reader.subprocess, "Popen", recording_popen)
    return calls


def test_load_histories_uses_a_fixed_number_of_git_calls(
    tmp_path: Path, git_calls: list[list[str]]
) -> None:
    root = _repository_of(tmp_path, questions=6)
    git_calls.clear()
    histories = load_histories(root)
    assert histories is not None and len(histories) == 6
    assert len(git_calls) == 3  # shallow check, one log, one cat-file: not one per question


def test_load_histories_of_a_few_ids_reads_only_their_records(
    tmp_path: Path, git_calls: list[list[str]]
) -> None:
    root = _repository_of(tmp_path, questions=3)
    results = example_results()
    write_record(root, "question-1", [with_verdict(results[1], "not-found")])
    commit(root, "one flips")
    everything = load_histories(root)
    git_calls.clear()
    some = load_histories(root, ["question-1"])
    assert everything is not None and some == {"question-1": everything["question-1"]}
    log = next(args for args in git_calls if "log" in args)
    assert log[log.index("--") + 1 :] == ["docs/reports/question-1"]


def test_claim_states_reads_escaped_text_as_yaml_does() -> None:
    texts = ['quote " and \\ backslash', "NEL \x85 tab\t", "emoji 😀 and “curly”", "yes"]
    results = [
        ClaimResult(Claim(f"id{i}", t, "question"), Verdict("not-found", 0.1))
        for i, t in enumerate(texts)
    ]
    written = claims_to_yaml("q", results)
    expected = {b["id"]: (b["verdict"], b["text"]) for b in yaml.safe_load(written)}
    assert claim_states(written) == expected
    assert {text for _, text in expected.values()} == set(texts)
