"""An independent count of the works in a BibTeX file, for checking that an import loses none.

Deliberately not synth's parser (nor bibtexparser): entries are found by their ``@type{key,``
line and fields are read by matching braces, so a bug in the import cannot hide in both.
Two entries are the same work here only on the plainest evidence: the same DOI, the same
arXiv id, or the same title, author field and year, letter for letter once LaTeX, case and
punctuation are set aside.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_START = re.compile(r"^[ \t]*@\s*([A-Za-z]+)\s*[{(]\s*([^,\s]*)", re.MULTILINE)
_NOT_WORKS = {"string", "comment", "preamble"}


@dataclass(frozen=True)
class ScannedEntry:
    """One entry as found in the file: its line, key and the few fields compared."""

    line: int
    key: str
    type: str
    fields: dict[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def _balanced(text: str, start: int) -> tuple[str, int]:
    """The text of a ``{...}`` group opening at ``start``, and the index after it."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    return text[start + 1 :], len(text)


def _fields(body: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in re.finditer(r"(?:^|[,\s])([A-Za-z][\w-]*)\s*=\s*", body):
        at = match.end()
        if at < len(body) and body[at] == "{":
            value, _ = _balanced(body, at)
        elif at < len(body) and body[at] == '"':
            end = body.find('"', at + 1)
            value = body[at + 1 : end]
        else:
            value = re.match(r"[^,\n}]*", body[at:]).group()  # type: ignore[union-attr]
        found.setdefault(match.group(1).lower(), value.strip())
    return found


def scan(path: Path) -> list[ScannedEntry]:
    """Every entry of a BibTeX file except @string, @comment and @preamble."""
    text = path.read_text(encoding="utf-8")
    starts = list(_START.finditer(text))
    entries = []
    for number, match in enumerate(starts):
        kind = match.group(1).lower()
        if kind in _NOT_WORKS:
            continue
        end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        line = text.count("\n", 0, match.start()) + 1
        key = match.group(2)
        entries.append(ScannedEntry(line, key, kind, _fields(text[match.end() : end])))
    return entries


def entry_text(path: Path, key: str) -> str:
    """The text of one entry of a file, as written: from its ``@`` line to the next entry."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in _START.finditer(text)] + [len(text)]
    for start, end in zip(starts, starts[1:], strict=False):
        if _START.match(text, start).group(2) == key:  # type: ignore[union-attr]
            return text[start:end].strip() + "\n"
    raise KeyError(key)


def plain(text: str) -> str:
    """Letters and digits only, lower case, accents and LaTeX commands dropped."""
    text = re.sub(r"\\[A-Za-z]+|\\.", "", text)
    text = unicodedata.normalize("NFKD", text)
    return " ".join(
        re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)).lower())
    )


def same_work_groups(entries: list[ScannedEntry]) -> list[list[ScannedEntry]]:
    """Entries with a title, grouped into works by shared DOI, arXiv id or identical fields."""
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        doi = entry.get("doi").replace("\\_", "_").lower().removeprefix("https://doi.org/")
        eprint = entry.get("eprint") if entry.get("archiveprefix").lower() in ("", "arxiv") else ""
        exact = "|".join(
            (plain(entry.get("title")), plain(entry.get("author")), entry.get("year")[:4])
        )
        for ident in (f"doi:{doi}" * bool(doi), f"arxiv:{eprint}" * bool(eprint), exact):
            if not ident:
                continue
            if ident in seen:
                parent[root(index)] = root(seen[ident])
            else:
                seen[ident] = index
    groups: dict[int, list[ScannedEntry]] = {}
    for index, entry in enumerate(entries):
        groups.setdefault(root(index), []).append(entry)
    return list(groups.values())
