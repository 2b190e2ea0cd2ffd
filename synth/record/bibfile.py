"""BibTeX text to entries, as BibTeX itself would read them (pure).

bibtexparser splits the text into blocks; this module gives each field the value BibTeX
would: ``@string`` macros and ``#`` concatenations resolved (month names predefined, a later
``@string`` of the same name replacing the earlier for the entries after it), biblatex's
``crossref`` inheritance (a chapter takes its book's year, editors and title as booktitle),
values otherwise kept exactly as written (braces, accents and math included).

Everything the reader notices is a ``Problem``: the line, what, and the fix. bibtexparser
logs its own complaints; they are caught here, never printed, and said in synth's words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)

# BibTeX's standard styles define the months; a file may redefine them.
MONTHS = {
    m[:3].lower(): m
    for m in "January February March April May June July August September October November "
    "December".split()
}
_FIELD_NAME = re.compile(r"[A-Za-z_][\w.:+-]*")
_MACRO = re.compile(r"[^\s\"#%'(),={}]+")
# What a child entry takes from the entry it cross-references (biblatex's default inheritance);
# any other field the child lacks is inherited under its own name.
_INHERITED_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
_NOT_INHERITED = frozenset({"ids", "crossref", "xref", "entryset", "related", "shorthand"})
_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()=\"#]+)")
# What bibtexparser's reasons for giving up on a block mean for the person fixing it.
_SYNTAX = "fix its syntax: @type{key, name = {value}, ...}"
_FIXES = {
    "Unexpected block start": "close the entry with } before the next @ line",
    "Expected comma after entry key": "put a comma after the key: @type{key, ...",
}
_ABORTED = re.compile(r"\(line (\d+)\) aborted on line (\d+)")


@dataclass(frozen=True)
class Problem:
    """Something in the file that was not read as written: where, what, and the fix."""

    line: int
    message: str
    kind: str  # a short name for problems of one sort, so a long list can be summarised
    skipped: bool = False  # True when the entry was not imported


@dataclass
class BibEntry:
    """One entry: its type, key, first line and field values (names lower-cased)."""

    type: str
    key: str
    line: int
    fields: dict[str, str]


@dataclass
class BibFile:
    """The entries of a file, the ``@string`` macros in force at its end, and the problems."""

    entries: list[BibEntry] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _library_log() -> Iterator[list[logging.LogRecord]]:
    """bibtexparser's log records of one parse, kept from the terminal."""
    logger = logging.getLogger("bibtexparser")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _split(text: str) -> tuple[Library, dict[int, int]]:
    """The blocks of ``text`` with raw values, and for each aborted block the line it broke on."""
    with _library_log() as records:
        library = parse_string(text, parse_stack=[])
    aborted = {}
    for record in records:
        match = _ABORTED.search(record.getMessage())
        if match:
            aborted[int(match.group(1)) + 1] = int(match.group(2)) + 1
    return library, aborted


def _parts(raw: str) -> Iterator[str]:
    """The ``#``-joined parts of a raw value, each still in its braces or quotes."""
    if "#" not in raw:
        yield raw.strip()
        return
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            yield raw[start:index].strip()
            start = index + 1
    yield raw[start:].strip()


class _Reader:
    """Reads blocks in order, keeping the macros in force and the problems found."""

    def __init__(self, strings: Mapping[str, str]) -> None:
        self.file = BibFile(strings={k.lower(): v for k, v in strings.items()})
        self._string_lines: dict[str, int] = {}
        self._entry_lines: dict[str, int] = {}

    def problem(self, line: int, message: str, kind: str, skipped: bool = False) -> None:
        self.file.problems.append(Problem(line, message, kind, skipped))

    def value(self, raw: str, line: int, where: str) -> str:
        """A raw value with macros and concatenation resolved, outer delimiters removed."""
        pieces, undefined = [], []
        for part in _parts(str(raw)):
            if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
                pieces.append(part[1:-1])
            elif part.isdigit():
                pieces.append(part)
            elif part.lower() in self.file.strings:
                pieces.append(self.file.strings[part.lower()])
            elif part.lower() in MONTHS:
                pieces.append(MONTHS[part.lower()])
            elif _MACRO.fullmatch(part):
                undefined.append(part)
                pieces.append(part)
            else:
                self.problem(
                    line,
                    f"{where}: cannot read {part!r}; it is kept as written -- put a comma after "
                    "the value, or braces around it",
                    "bad-value",
                )
                pieces.append(part)
        if undefined:
            names = ", ".join(undefined)
            self.problem(
                line,
                f"{where} uses @string macros the file does not define ({names}); their names "
                "are kept as the text -- define them with @string, or import the file that "
                "defines them first, in the same command",
                "undefined-macro",
            )
        return " ".join("".join(pieces).split())  # BibTeX reads any run of white space as one

    def string(self, block: String, line: int) -> None:
        name = block.key.lower()
        value = self.value(block.value, line, f"@string {block.key}")
        first = self._string_lines.get(name)
        if first is not None and self.file.strings.get(name) != value:
            self.problem(
                line,
                f"@string {block.key} is defined again (first at line {first}) with another "
                "value; entries after this line use the new one -- keep one definition",
                "string-redefined",
            )
        self._string_lines.setdefault(name, line)
        self.file.strings[name] = value

    def entry(self, block: Entry, line: int) -> None:
        where = f"entry {block.key!r}"
        first = self._entry_lines.get(block.key)
        if first is not None:
            self.problem(
                line,
                f"{where} has the key of the entry at line {first}; both are read -- give one "
                "of them another key, or LaTeX cites only one",
                "duplicate-key",
            )
        self._entry_lines.setdefault(block.key, line)
        fields: dict[str, str] = {}
        for item in block.fields:
            line_of_field = (item.start_line or 0) + 1 if item.start_line is not None else line
            if not _FIELD_NAME.fullmatch(item.key):
                self.problem(
                    line_of_field,
                    f"{where}: {item.key!r} is not a field name; the field is left out -- "
                    f"write it as name = {{value}}",
                    "bad-field",
                )
                continue
            name = item.key.lower()
            if name in fields:
                self.problem(
                    line_of_field,
                    f"{where}: {name} is given twice; the first is kept -- remove one",
                    "repeated-field",
                )
                continue
            fields[name] = self.value(item.value, line_of_field, f"{where}: {name}")
        self.file.entries.append(BibEntry(block.entry_type.lower(), block.key, line, fields))

    def failed(self, block: ParsingFailedBlock, line: int, aborted: dict[int, int]) -> None:
        error = block.error
        reason = getattr(error, "abort_reason", "") or str(error) or "the entry is not valid"
        named = _BLOCK_KEY.match((block.raw or "").lstrip())
        where = f"entry {named.group(1)!r}" if named else "the block"
        at = aborted.get(line, line)
        if at != line:
            where += f" (line {line})"
        reason = " ".join(reason.split()).rstrip(" .")
        fix = next((f for cause, f in _FIXES.items() if cause in reason), _SYNTAX)
        self.problem(
            at,
            f"{where} is not valid BibTeX ({reason}); it is skipped -- {fix}",
            "invalid",
            skipped=True,
        )

    def read(self, text: str) -> BibFile:
        library, aborted = _split(text)
        for block in library.blocks:
            line = (block.start_line or 0) + 1
            self._block(block, line, aborted)
        self._resolve_crossrefs()
        return self.file

    def _block(self, block: Block, line: int, aborted: dict[int, int]) -> None:
        if isinstance(block, DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
            block = block.ignore_error_block
        if isinstance(block, String):
            self.string(block, line)
        elif isinstance(block, Entry):
            self.entry(block, line)
        elif isinstance(block, ParsingFailedBlock):
            self.failed(block, line, aborted)

    def _resolve_crossrefs(self) -> None:
        by_key = {e.key.lower(): e for e in self.file.entries}
        for entry in self.file.entries:
            parent_key = entry.fields.get("crossref", "").strip()
            if not parent_key:
                continue
            parent = by_key.get(parent_key.lower())
            if parent is None or parent is entry:
                self.problem(
                    entry.line,
                    f"entry {entry.key!r} cross-references {parent_key!r}, which is not in "
                    "the file; its own fields are read -- add that entry or remove the crossref",
                    "missing-crossref",
                )
                continue
            for name, value in parent.fields.items():
                inherited = _INHERITED_AS.get(name, name)
                if name not in _NOT_INHERITED and inherited not in entry.fields:
                    entry.fields[inherited] = value


def read_bibtex(text: str, strings: Mapping[str, str] | None = None) -> BibFile:
    """Read BibTeX text; ``strings`` are macros defined before it (by an earlier file)."""
    return _Reader(strings or {}).read(text)
