"""Read ``claims.yaml`` in the shape ``store.claims_to_yaml`` writes it, without a YAML parser.

A site build reads every report's ``claims.yaml``, and PyYAML builds its data in Python:
about 4 ms a file, a quarter of the time a page takes. The file synth writes has a small,
fixed shape: block mappings and sequences of mappings, two spaces an indent, one
``key: value`` a line, and values that are ``null``, ``true``, ``false``, a decimal
number, a flow list of integers, ``[]``, a bare word or a double-quoted string with the
writer's escapes. ``blocks`` reads exactly that shape and returns what ``yaml.safe_load``
returns for it; any other line or value (a hand edit, a comment after a value, a ``\\x``
escape) makes it return None, and the caller reads the file with PyYAML as before, so
errors and odd files are PyYAML's to report. Tests hold the two equal on real records and
on edited and broken ones.
"""

from __future__ import annotations

import re
from typing import Any

# One line: indent, an optional "- " that starts a sequence item, a key, and a value or none.
_LINE = re.compile(r"( *)(- )?([a-z_]+):(?: (.+))?")
# The characters the writer (store.yaml_scalar) leaves as they are in a double-quoted string,
# as a regex class: printable, no '"' or '\', no line break YAML would fold (NEL, U+2028,
# U+2029), no BOM. It escapes every other one.
KEPT = (
    r"\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    r"\U00010000-\U0010ffff"
)
# A string the writer leaves bare: a word YAML cannot read as anything but a string.
BARE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
YAML_WORDS = frozenset("y n yes no on off true false null".split())  # so never bare
_QUOTED = re.compile(rf'"((?:[{KEPT}]|\\["\\ntr]|\\u[0-9a-f]{{4}}|\\U[0-9a-f]{{8}})*)"')
_ESCAPE = re.compile(r'\\(["\\ntr]|u[0-9a-f]{4}|U[0-9a-f]{8})')
_UNESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_INTS = re.compile(r"\[(-?(?:0|[1-9][0-9]*)), (-?(?:0|[1-9][0-9]*))\]")
_CONSTANTS: dict[str, Any] = {"null": None, "true": True, "false": False}
# What PyYAML refuses anywhere, comments included (its Reader.NON_PRINTABLE), and what it
# reads as a line break besides "\n" or strips as a BOM: text with any of them is PyYAML's.
_NOT_PLAIN_TEXT = re.compile(
    "[^\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)

Line = tuple[int, bool, str, str | None]  # indent, starts an item, key, value (None: a block)


class NotWritten(Exception):
    """The text is not in the shape synth writes: read it with PyYAML."""


def blocks(text: str) -> list[Any] | None:
    """The data of a ``claims.yaml`` synth wrote, or None for any other text."""
    if _NOT_PLAIN_TEXT.search(text):
        return None
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    if lines == ["[]"]:
        return []
    try:
        parsed = [_parse_line(line) for line in lines]
        items, end = _sequence(parsed, 0, 0)
    except NotWritten:
        return None
    return items if end == len(parsed) and items else None


def _parse_line(line: str) -> Line:
    match = _LINE.fullmatch(line)
    if match is None:
        raise NotWritten
    indent, dash, key, value = match.groups()
    return len(indent), dash is not None, key, value


def _sequence(lines: list[Line], at: int, indent: int) -> tuple[list[Any], int]:
    """The mappings of a block sequence whose ``- `` marks sit at ``indent``."""
    items: list[Any] = []
    while at < len(lines) and lines[at][0] == indent and lines[at][1]:
        item, at = _mapping(lines, at, indent + 2, first=True)
        items.append(item)
    return items, at


def _mapping(
    lines: list[Line], at: int, indent: int, first: bool = False
) -> tuple[dict[str, Any], int]:
    """The block mapping whose keys sit at ``indent`` (its first after ``- `` when ``first``)."""
    found: dict[str, Any] = {}
    while at < len(lines):
        column, dash, key, value = lines[at]
        if first:
            first = False
        elif dash or column != indent:
            break
        if key in found:
            raise NotWritten  # PyYAML keeps the last; synth never writes a key twice
        at += 1
        if value is not None:
            found[key] = _scalar(value)
        elif at < len(lines) and lines[at][1] and lines[at][0] in (indent, indent + 2):
            found[key], at = _sequence(lines, at, lines[at][0])
        elif at < len(lines) and not lines[at][1] and lines[at][0] == indent + 2:
            found[key], at = _mapping(lines, at, indent + 2)
        else:
            raise NotWritten
    return found, at


def _scalar(value: str) -> Any:
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if value == "[]":
        return []
    if value[0] == '"':
        quoted = _QUOTED.fullmatch(value)
        if quoted is None:
            raise NotWritten
        return _ESCAPE.sub(_unescape, quoted.group(1))
    if BARE_WORD.fullmatch(value):
        if value.lower() in YAML_WORDS:
            raise NotWritten
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    pair = _INTS.fullmatch(value)
    if pair is None:
        raise NotWritten
    return [int(pair.group(1)), int(pair.group(2))]


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _UNESCAPED:
        return _UNESCAPED[code]
    number = int(code[1:], 16)
    if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        raise NotWritten  # a surrogate or no character: PyYAML's to judge
    return chr(number)
