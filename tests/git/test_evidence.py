"""The history of a report's findings and gaps, replayed from the commits of its record."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.git_repo import commit, init, write_record
from support.paths import EXAMPLE_ID, REPO
from support.synthesis import example_claims, example_question, example_sources

from synth.git.diff import diff_revisions
from synth.git.evidence import evidence_history, load_versions, versions
from synth.git.reader import Commit, RecordLog
from synth.record.bibtex import sources_to_bibtex
from synth.record.store import claims_to_yaml
from synth.synthesis.synthesise import synthesise

C1 = Commit("a" * 40, "aaaaaaa", "2024-01-01")
C2 = Commit("b" * 40, "bbbbbbb", "2024-02-01")


def without_qwen() -> list:
    return [s for s in example_sources() if s.key != "yang2024qwen"]


def repo_where_a_source_closes_a_gap(tmp_path: Path) -> Path:
    """The example's record committed without Qwen2, then with it."""
    root = init(tmp_path / "repo")
    (root / "questions").mkdir()
    shutil.copy(REPO / "questions" / f"{EXAMPLE_ID}.yaml", root / "questions")
    write_record(root, EXAMPLE_ID, example_claims(), without_qwen())
    commit(root, "without Qwen2", "2024-01-05T10:00:00")
    write_record(root, EXAMPLE_ID, example_claims(), example_sources())
    commit(root, "with Qwen2", "2024-02-06T10:00:00")
    return root


def test_a_new_source_that_closes_a_gap_is_an_event_of_its_commit() -> None:
    claims = claims_to_yaml(EXAMPLE_ID, example_claims())
    events = evidence_history(
        example_question(),
        [
            (C1, claims, sources_to_bibtex(without_qwen())),
            (C2, claims, sources_to_bibtex(example_sources())),
        ],
    )
    assert events[0].commit == C1 and events[0].text.startswith("first synthesis: ")
    later = [e.text for e in events if e.commit == C2]
    assert "gap closed: alignment × mixture of experts, now connected by yang2024qwen" in later


def test_a_version_that_cannot_be_read_is_skipped() -> None:
    claims = claims_to_yaml(EXAMPLE_ID, example_claims())
    sources = sources_to_bibtex(example_sources())
    events = evidence_history(
        example_question(), [(C1, claims, sources), (C2, claims, "@article{broken,\n")]
    )
    assert [e.commit for e in events] == [C1]


def test_a_record_already_synthesised_is_not_read_again() -> None:
    known = synthesise(example_question(), example_sources(), example_claims())
    # Unreadable texts that the caller has synthesised already: read, they would be skipped.
    events = evidence_history(example_question(), [(C1, "x", "y")], {("x", "y"): known})
    assert [e.text for e in events] == [f"first synthesis: {len(known.findings)} findings, 4 gaps"]


def test_a_commit_that_changes_both_files_is_one_version() -> None:
    changes = [(C2, "claims.yaml", "c2"), (C2, "sources.bib", "s2"), (C1, "sources.bib", "s1")]
    blobs = {"c2": "claims", "s1": "first", "s2": "second"}
    assert versions(changes, blobs) == [(C1, None, "first"), (C2, "claims", "second")]


def test_the_history_is_read_from_git(tmp_path: Path) -> None:
    root = repo_where_a_source_closes_a_gap(tmp_path)
    with RecordLog(root, [EXAMPLE_ID]) as log:
        found = load_versions(root, [EXAMPLE_ID], log)
    assert found is not None
    texts = [
        (e.commit.date, e.text) for e in evidence_history(example_question(), found[EXAMPLE_ID])
    ]
    assert (
        "2024-02-06",
        "gap closed: alignment × mixture of experts, now connected by yang2024qwen",
    ) in texts


def test_synth_diff_shows_the_gap_a_new_source_closes(tmp_path: Path) -> None:
    root = repo_where_a_source_closes_a_gap(tmp_path)
    (question,) = diff_revisions(root, "HEAD~1", "HEAD").questions
    (closed,) = question.evidence.gaps_closed
    assert closed.concepts == ("alignment", "mixture of experts")
    assert [s.key for s in question.sources_added] == ["yang2024qwen"]
