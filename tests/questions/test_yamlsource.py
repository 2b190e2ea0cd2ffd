"""Line-aware YAML reading: node trees, duplicate keys, YAML 1.1 surprises."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import FIXTURES
from yaml.nodes import MappingNode, Node, ScalarNode

from synth.questions import yamlsource
from synth.questions.yamlsource import (
    ProblemLog,
    compose,
    describe_node,
    int_value,
    mapping_entries,
    text_value,
)


def compose_ok(text: str) -> MappingNode:
    """Compose ``text`` that is known to be a valid mapping."""
    node = compose(text, ProblemLog("f.yaml"))
    assert isinstance(node, MappingNode)
    return node


def test_syntax_error_names_the_line() -> None:
    log = ProblemLog("f.yaml")
    assert compose("a: 1\nb: c: d\n", log) is None
    assert [p.line for p in log.problems] == [2]


def test_tab_indentation_says_to_use_spaces() -> None:
    log = ProblemLog("f.yaml")
    compose("a:\n\t- b\n", log)
    assert [p.fix for p in log.problems] == ["indent with spaces, not tabs"]


def test_more_than_one_document_is_a_problem() -> None:
    log = ProblemLog("f.yaml")
    assert compose("a: 1\n---\nb: 2\n", log) is None
    assert len(log.problems) == 1


def test_alias_is_reported_not_followed() -> None:
    log = ProblemLog("f.yaml")
    node = compose("a: &x [1, 2]\nb: *x\n", log)
    assert [p.line for p in log.problems] == [2]
    assert isinstance(node, MappingNode)
    assert describe_node(node.value[1][1]) == "nothing"


def test_duplicate_key_keeps_the_first_and_reports_the_second() -> None:
    log = ProblemLog("f.yaml")
    entries = mapping_entries(compose_ok("a: 1\nb: 2\na: 3\n"), "", log)
    assert [(key, value.value) for key, value in entries] == [("a", "1"), ("b", "2")]
    assert [(p.line, p.field) for p in log.problems] == [(3, "a")]


def test_non_text_key_is_a_problem() -> None:
    log = ProblemLog("f.yaml")
    assert mapping_entries(compose_ok("yes: 1\n"), "", log) == []
    assert [p.message for p in log.problems] == ["has a key 'yes' that is not text"]


def test_describe_node_names_what_yaml_made_of_a_value() -> None:
    node = compose_ok("a: [1]\nb: {c: 1}\nc: no\nd: 1.5\ne: 2020-01-01\nf: ~\ng: text\n")
    assert [describe_node(value) for _, value in node.value] == [
        "a list",
        "a mapping",
        "true/false",
        "a number",
        "a date",
        "nothing",
        "text",
    ]


def test_text_value_strips_quoted_text() -> None:
    node = compose_ok("a: '  spaced  '\n").value[0][1]
    assert isinstance(node, ScalarNode)
    assert text_value(node, "a", ProblemLog("f.yaml"), "a: x") == "spaced"


def test_int_value_reads_yaml_integer_forms() -> None:
    node = compose_ok("a: 0x1F\n").value[0][1]
    assert int_value(node, "a", ProblemLog("f.yaml"), 1, 100) == 31


def test_int_value_rejects_booleans() -> None:
    log = ProblemLog("f.yaml")
    node = compose_ok("a: yes\n").value[0][1]
    assert int_value(node, "a", log, 0, 100) is None
    assert [p.message for p in log.problems] == ["should be a whole number, not true/false"]


def _shape(node: Node | None) -> object:
    """A node tree as plain values: tag, position and value of every node."""
    if node is None:
        return None
    where = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        return (*where, node.value, node.style or None)  # libyaml says '' for plain, PyYAML None
    if isinstance(node, MappingNode):
        return (*where, [(_shape(k), _shape(v)) for k, v in node.value])
    return (*where, [_shape(item) for item in node.value])


def test_libyaml_and_pure_python_compose_the_same_tree_and_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = Path(__file__).parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("questions/*.yaml"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "questions").glob("*.yaml"))
    ]
    texts += ["a: &x 1\nb: *x\n", "when: 2024-01-01\nv: 1.10\nok: no\n", "a: 1\nb: c: d\n"]
    fast = [(lambda log: (_shape(compose(t, log)), log.problems))(ProblemLog("f")) for t in texts]
    monkeypatch.setattr(yamlsource, "_FastLoader", None)
    slow = [(lambda log: (_shape(compose(t, log)), log.problems))(ProblemLog("f")) for t in texts]
    assert fast == slow
