"""Line-aware YAML reading: compose a node tree so every problem can name its line.

PyYAML's ``safe_load`` throws away line numbers, silently keeps the last of two
duplicate keys and quietly turns ``no`` into ``False`` or ``1.10`` into ``1.1``.
Composing the node tree instead keeps each scalar's original text, its resolved
tag and its position, so a validator can say exactly what YAML did and where.
Reads no files: the caller hands in the text. Any text gives problems, never an
exception: characters YAML forbids, nesting deeper than ``MAX_DEPTH`` (a question file
needs four levels; PyYAML's composer recurses) and numbers too long to convert.
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
from synth.text import shorten

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 32  # lists and mappings inside each other; far more than a question needs
MAX_DIGITS = 100  # longer numbers are not converted (Python refuses past 4,300 digits)


class _TooDeep(yaml.MarkedYAMLError):
    """A list or mapping nested more than ``MAX_DEPTH`` levels deep."""


class _AliasRecording(Composer):
    """A safe composer that replaces each alias with an empty node and records its line.

    Sharing aliased nodes would let a tiny file expand exponentially as the
    validator walks it ("billion laughs"), so aliases are reported, not followed.
    Composing recurses once per level, so nesting stops at ``MAX_DEPTH``.
    """

    alias_lines: list[int]
    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose one node, turning an alias into an empty scalar."""
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.get_event()  # type: ignore[attr-defined]
            self.alias_lines.append(event.start_mark.line + 1)
            return ScalarNode(NULL, "", event.start_mark, event.end_mark)
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[attr-defined]
            raise _TooDeep(problem=f"more than {MAX_DEPTH} levels deep", problem_mark=mark)
        self.depth += 1
        try:
            node: Node | None = super().compose_node(parent, index)
        finally:
            self.depth -= 1
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
        fast = None
        try:
            fast = _FastLoader(text)
            tree: Node | None = fast.get_single_node()
        except yaml.YAMLError:
            pass  # composed again below, for the pure-Python parser's exact message
        else:
            _report_aliases(fast.alias_lines, log)
            return tree
        finally:
            if fast is not None:
                fast.dispose()
    loader = None
    try:
        loader = _AliasRecordingLoader(text)  # the reader rejects forbidden characters here
        node: Node | None = loader.get_single_node()
    except yaml.YAMLError as error:
        _report_error(error, text, log)
        return None
    finally:
        if loader is not None:
            loader.dispose()
    _report_aliases(loader.alias_lines, log)
    return node


def _report_error(error: yaml.YAMLError, text: str, log: ProblemLog) -> None:
    """The problem for text that YAML cannot compose, on its line."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        character = error.character  # a code point, or one character
        code = ord(character) if isinstance(character, str) else int(character)
        fix = 'delete it (write it as an escape such as "\\t" inside double quotes if needed)'
        if code == 0 and text.count("\0") * 4 > len(text):
            fix = "the file looks like UTF-16: save it as UTF-8"
        message = f"contains the character U+{code:04X}, which YAML does not allow"
        log.add(line, "", message, fix)
        return
    if not isinstance(error, yaml.MarkedYAMLError):
        log.add(0, "", f"is not valid YAML: {error}", "fix the YAML syntax")
        return
    mark = error.problem_mark or error.context_mark
    line = int(mark.line) + 1 if mark is not None else 0
    what = error.problem or "cannot be parsed"
    if isinstance(error, _TooDeep):
        fix = "a question file needs lists and mappings only a few levels deep: flatten it"
        log.add(line, "", f"nests lists or mappings {what}", fix)
        return
    if error.context:
        what = f"{what} ({error.context})"
    fix = "fix the YAML syntax on this line (indentation, colons, quotes and brackets)"
    if "'\\t'" in what:
        fix = "indent with spaces, not tabs"
    log.add(line, "", f"is not valid YAML: {what}", fix)


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


def mapping_entries(
    node: MappingNode, parent: str, log: ProblemLog, allowed: Sequence[str] = ()
) -> list[tuple[str, Node]]:
    """The (key, value node) pairs of a mapping; duplicate and non-text keys are problems,
    and so is a key not in ``allowed`` (when given), on the key's own line.

    Only the first of two duplicate keys is kept: the duplicate is reported, so
    there is no point validating its value as well.
    """
    seen: dict[str, int] = {}
    entries: list[tuple[str, Node]] = []
    for key_node, value_node in node.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
            shown = "a list or mapping"
            if isinstance(key_node, ScalarNode):
                shown = f"'{_shown(key_node)}'"
            log.add(key_node, parent, f"has a key {shown} that is not text", "quote the key")
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
        if allowed and key not in allowed:
            log.add(key_node, where, "is not a known field", suggest(key, allowed))
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
    value = _construct(node) if len(node.value) <= MAX_DIGITS else None
    if node.tag == BOOL:
        word = "true" if value else "false"
        return f"YAML read {node.value} as {word} (yes/no/on/off are true/false in YAML), not text"
    if node.tag in (INT, FLOAT):
        shown = "(too long to show)" if value is None else repr(value)
        return f"YAML read {_shown(node)} as the number {shown}, not text"
    if node.tag == TIMESTAMP:
        return f"YAML read {_shown(node)} as a date, not text"
    return f"YAML read {_shown(node)} as {describe_node(node)}, not text"


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
            log.add(node, where, yaml_surprise(node), f'quote it: "{_shown(node)}"')
            return None
    log.add(node, where, f"should be text, not {describe_node(node)}", f"write it like {example}")
    return None


def int_value(node: Node, where: str, log: ProblemLog, low: int, high: int) -> int | None:
    """A whole number in ``low..high`` from a scalar, or None after logging the problem."""
    if isinstance(node, ScalarNode) and node.tag == INT:
        number = _construct(node) if len(node.value) <= MAX_DIGITS else None
        if isinstance(number, int) and low <= number <= high:
            return number
        fix = f"use a number from {low} to {high}"
        log.add(node, where, f"{_shown(node)} is out of range", fix)
        return None
    shown = f" '{_shown(node)}'" if isinstance(node, ScalarNode) and node.tag == STR else ""
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
    except (yaml.YAMLError, ValueError):  # ValueError: an integer Python will not convert
        return node.value
    finally:
        loader.dispose()


def _shown(node: ScalarNode) -> str:
    """A scalar's text as written, shortened for a message."""
    return shorten(str(node.value), 60)
