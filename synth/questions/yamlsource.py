"""Line-aware YAML reading: compose a node tree so every problem can name its line.

PyYAML's ``safe_load`` throws away line numbers, silently keeps the last of two
duplicate keys and quietly turns ``no`` into ``False`` or ``1.10`` into ``1.1``.
Composing the node tree instead keeps each scalar's original text, its resolved
tag and its position, so a validator can say exactly what YAML did and where.
Reads no files: the caller hands in the text.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from synth.errors import Problem

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _AliasRecording(Composer):
    """A safe composer that replaces each alias with an empty node and records its line.

    Sharing aliased nodes would let a tiny file expand exponentially as the
    validator walks it ("billion laughs"), so aliases are reported, not followed.
    """

    alias_lines: list[int]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose one node, turning an alias into an empty scalar."""
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.get_event()  # type: ignore[attr-defined]
            self.alias_lines.append(event.start_mark.line + 1)
            return ScalarNode(NULL, "", event.start_mark, event.end_mark)
        node: Node | None = super().compose_node(parent, index)
        return node


class _AliasRecordingLoader(_AliasRecording, yaml.SafeLoader):
    """The pure-Python loader: its messages for a syntax error are the ones reported."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_lines = []


_FastLoader: type | None = None
if yaml.__with_libyaml__:  # libyaml parses; the composer above still builds the tree
    from yaml._yaml import CParser

    class _CAliasRecordingLoader(_AliasRecording, CParser, SafeConstructor, Resolver):
        """The same composer over libyaml's parser: four times faster on a valid file."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self.alias_lines = []

    _FastLoader = _CAliasRecordingLoader


@dataclass
class ProblemLog:
    """Collects every problem found in one file, so all can be reported at once."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: Node | int, field_path: str, message: str, fix: str = "") -> None:
        """Record a problem at a node (its 1-based line) or at an explicit line (0 = none)."""
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(Problem(self.path, line, field_path, message, fix))


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def compose(text: str, log: ProblemLog) -> Node | None:
    """Compose ``text`` into a node tree; a syntax error or alias becomes a problem."""
    if _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            tree: Node | None = fast.get_single_node()
        except yaml.YAMLError:
            pass  # composed again below, for the pure-Python parser's exact message
        else:
            _report_aliases(fast.alias_lines, log)
            return tree
        finally:
            fast.dispose()
    loader = _AliasRecordingLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else 0
        what = error.problem or "cannot be parsed"
        if error.context:
            what = f"{what} ({error.context})"
        fix = "fix the YAML syntax on this line (indentation, colons, quotes and brackets)"
        if "'\\t'" in what:
            fix = "indent with spaces, not tabs"
        log.add(line, "", f"is not valid YAML: {what}", fix)
        return None
    except yaml.YAMLError as error:
        log.add(0, "", f"is not valid YAML: {error}", "fix the YAML syntax")
        return None
    finally:
        loader.dispose()
    _report_aliases(loader.alias_lines, log)
    return node


def _report_aliases(lines: list[int], log: ProblemLog) -> None:
    """A problem for each alias the composer left out."""
    for line in lines:
        log.add(line, "", "uses a YAML alias (*name)", "write the value out in full instead")


def suggest(word: str, choices: Sequence[str]) -> str:
    """A did-you-mean fix for ``word`` among ``choices``, or the list of choices."""
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(choices)


def mapping_entries(node: MappingNode, parent: str, log: ProblemLog) -> list[tuple[str, Node]]:
    """The (key, value node) pairs of a mapping; duplicate and non-text keys are problems.

    Only the first of two duplicate keys is kept: the duplicate is reported, so
    there is no point validating its value as well.
    """
    seen: dict[str, int] = {}
    entries: list[tuple[str, Node]] = []
    for key_node, value_node in node.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
            shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
            log.add(key_node, parent, f"has a key {shown!r} that is not text", "quote the key")
            continue
        key = str(key_node.value)
        where = f"{parent}.{key}" if parent else key
        if key in seen:
            log.add(
                key_node,
                where,
                f"is given twice (first on line {seen[key]})",
                "delete one of them: YAML would silently keep only the last",
            )
            continue
        seen[key] = line_of(key_node)
        entries.append((key, value_node))
    return entries


def describe_node(node: Node) -> str:
    """What YAML made of a node, in a user's words: 'a list', 'a number', 'text'..."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return {
        NULL: "nothing",
        BOOL: "true/false",
        INT: "a number",
        FLOAT: "a number",
        TIMESTAMP: "a date",
    }.get(node.tag, "text")


def yaml_surprise(node: ScalarNode) -> str:
    """Explain how YAML 1.1 turned an unquoted scalar into something other than text."""
    value = _construct(node)
    if node.tag == BOOL:
        word = "true" if value else "false"
        return f"YAML read {node.value} as {word} (yes/no/on/off are true/false in YAML), not text"
    if node.tag in (INT, FLOAT):
        return f"YAML read {node.value} as the number {value!r}, not text"
    if node.tag == TIMESTAMP:
        return f"YAML read {node.value} as a date, not text"
    return f"YAML read {node.value} as {describe_node(node)}, not text"


def text_value(node: Node, where: str, log: ProblemLog, example: str) -> str | None:
    """The stripped text of a scalar, or None after logging why it is not usable text."""
    if isinstance(node, ScalarNode):
        if node.tag == STR:
            text = str(node.value).strip()
            if text:
                return text
            log.add(node, where, "is empty", f"fill it in, e.g. {example}, or delete the line")
            return None
        if node.tag == NULL:
            log.add(node, where, "is empty", f"fill it in, e.g. {example}, or delete the line")
            return None
        if node.tag in (BOOL, INT, FLOAT, TIMESTAMP):
            log.add(node, where, yaml_surprise(node), f'quote it: "{node.value}"')
            return None
    log.add(node, where, f"should be text, not {describe_node(node)}", f"write it like {example}")
    return None


def int_value(node: Node, where: str, log: ProblemLog, low: int, high: int) -> int | None:
    """A whole number in ``low..high`` from a scalar, or None after logging the problem."""
    if isinstance(node, ScalarNode) and node.tag == INT:
        number = _construct(node)
        if isinstance(number, int) and low <= number <= high:
            return number
        log.add(node, where, f"{node.value} is out of range", f"use a number from {low} to {high}")
        return None
    shown = f" {node.value!r}" if isinstance(node, ScalarNode) and node.tag == STR else ""
    fix = f"write a whole number from {low} to {high}, without quotes"
    log.add(node, where, f"should be a whole number, not {describe_node(node)}{shown}", fix)
    return None


def sequence_items(node: Node, where: str, log: ProblemLog, example: str) -> list[Node] | None:
    """The item nodes of a list, or None after logging that ``node`` is not a list."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    log.add(node, where, f"should be a list, not {describe_node(node)}", f"use a list: {example}")
    return None


def _construct(node: ScalarNode) -> Any:
    """The Python value PyYAML's safe loader would build for a scalar node."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node)
    except yaml.YAMLError:
        return node.value
    finally:
        loader.dispose()
