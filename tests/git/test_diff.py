"""Record diffs: comparing two records, reading them from git, and the three formats."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from support.git_repo import EXAMPLE_ID, commit, example_results, init, with_verdict, write_record

from synth.errors import GitError, RecordError
from synth.git.diff import (
    Record,
    diff_question,
    diff_records,
    diff_revisions,
    format_json,
    format_markdown,
    format_text,
    records_at,
)
from synth.models import Source


@pytest.fixture
def sources(seed_sources: list[Source]) -> list[Source]:
    """Four real seed sources."""
    return seed_sources[:4]


def test_diff_question_lists_added_and_removed_claims() -> None:
    a, b, c = example_results()[:3]
    diff = diff_question(EXAMPLE_ID, Record(claims=(a, b)), Record(claims=(b, c)))
    assert [r.claim.id for r in diff.claims_added] == [c.claim.id]
    assert [r.claim.id for r in diff.claims_removed] == [a.claim.id]


def test_diff_question_reports_a_verdict_flip_with_both_confidences() -> None:
    a = example_results()[0]
    before = with_verdict(a, "not-found", 0.3)
    (flip,) = diff_question(EXAMPLE_ID, Record(claims=(before,)), Record(claims=(a,))).verdict_flips
    assert (flip.verdict_before, flip.verdict_after) == ("not-found", a.verdict.label)
    assert (flip.confidence_before, flip.confidence_after) == (0.3, a.verdict.confidence)


@pytest.mark.parametrize(("old", "new", "reported"), [(0.5, 0.6, True), (0.5, 0.59, False)])
def test_diff_question_reports_confidence_moves_of_a_tenth_or_more(
    old: float, new: float, reported: bool
) -> None:
    a = example_results()[0]
    diff = diff_question(
        EXAMPLE_ID,
        Record(claims=(with_verdict(a, "supported", old),)),
        Record(claims=(with_verdict(a, "supported", new),)),
    )
    assert bool(diff.confidence_changes) is reported
    assert not diff.verdict_flips


def test_diff_question_lists_added_and_removed_sources(sources: list[Source]) -> None:
    diff = diff_question(EXAMPLE_ID, Record(tuple(sources[:3])), Record(tuple(sources[1:])))
    assert [s.key for s in diff.sources_added] == [sources[3].key]
    assert [s.key for s in diff.sources_removed] == [sources[0].key]


def test_diff_records_leaves_out_unchanged_questions(sources: list[Source]) -> None:
    same = Record(tuple(sources), tuple(example_results()[:2]))
    changed = Record(tuple(sources[:1]))
    result = diff_records({"same": same, "gone": changed}, {"same": same}, "A", "B")
    assert [q.question_id for q in result.questions] == ["gone"]


def test_format_text_says_when_nothing_changed() -> None:
    text = format_text(diff_records({}, {}, "HEAD", "working tree"))
    assert (
        text == "No changes to claims, sources, findings or gaps between HEAD and working tree.\n"
    )


def test_format_text_has_a_summary_line_and_signed_changes() -> None:
    a, b = example_results()[:2]
    result = diff_records(
        {EXAMPLE_ID: Record(claims=(with_verdict(a, "not-found", 0.2),))},
        {EXAMPLE_ID: Record(claims=(a, b))},
        "A",
        "B",
    )
    lines = format_text(result).splitlines()
    assert lines[1] == f"{EXAMPLE_ID}: 1 claim added, 1 verdict flip"
    assert lines[2].startswith(f"  + claim {b.claim.id} ")
    assert lines[3].startswith(f"  ~ claim {a.claim.id} verdict not-found → {a.verdict.label}")


def test_format_markdown_escapes_outside_text(sources: list[Source]) -> None:
    hostile = replace(sources[0], title="<script>alert(1)</script> | *x*")
    result = diff_records({}, {EXAMPLE_ID: Record((hostile,))}, "A", "B")
    markdown = format_markdown(result)
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert f"### `{EXAMPLE_ID}`" in markdown


def test_format_markdown_leaves_no_live_mention_reference_or_nul(sources: list[Source]) -> None:
    title = "Ask @octocat and @github/security about #123 and GH-45\x00 (me@example.org)"
    hostile = replace(sources[0], title=title)
    result = diff_records({}, {EXAMPLE_ID: Record((hostile,))}, "A", "B")
    markdown = format_markdown(result)
    joiner = "\u2060"
    assert (
        f"Ask @{joiner}octocat and @{joiner}github/security about #{joiner}123 and"
        f" GH-{joiner}45 (me@example.org)"
    ) in markdown
    assert "\x00" not in markdown


def test_format_json_round_trips_the_changes() -> None:
    a = example_results()[0]
    result = diff_records({}, {EXAMPLE_ID: Record(claims=(a,))}, "A", "B")
    document = json.loads(format_json(result))
    assert document["from"] == "A" and document["to"] == "B"
    (question,) = document["questions"]
    assert question["claims_added"][0]["id"] == a.claim.id
    assert question["verdict_flips"] == []


def test_records_at_reads_the_committed_record(tmp_path: Path, sources: list[Source]) -> None:
    root = init(tmp_path / "repo")
    results = example_results()[:2]
    write_record(root, EXAMPLE_ID, results, sources)
    commit(root, "record")
    write_record(root, EXAMPLE_ID, [], [])  # the working tree differs; the commit does not
    record = records_at(root, "HEAD")[EXAMPLE_ID]
    assert [s.key for s in record.sources] == sorted(s.key for s in sources)
    assert [r.claim.id for r in record.claims] == sorted(r.claim.id for r in results)


def test_diff_revisions_compares_head_with_the_working_tree(
    tmp_path: Path, sources: list[Source]
) -> None:
    root = init(tmp_path / "repo")
    a, b = example_results()[:2]
    write_record(root, EXAMPLE_ID, [a], sources)
    commit(root, "record")
    write_record(root, EXAMPLE_ID, [a, b], sources[:3])
    (question,) = diff_revisions(root).questions
    assert [r.claim.id for r in question.claims_added] == [b.claim.id]
    assert [s.key for s in question.sources_removed] == [sources[3].key]


def test_diff_revisions_names_an_unknown_revision(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_record(root, EXAMPLE_ID, example_results()[:1])
    commit(root, "record")
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        diff_revisions(root, "nope")


def test_records_at_names_revision_and_file_of_a_broken_record(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    folder = root / "docs" / "reports" / EXAMPLE_ID
    folder.mkdir(parents=True)
    (folder / "claims.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    commit(root, "broken")
    with pytest.raises(RecordError, match=f"HEAD:docs/reports/{EXAMPLE_ID}/claims.yaml"):
        records_at(root, "HEAD")
