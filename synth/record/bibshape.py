"""Read ``sources.bib`` in the shape ``bibtex.sources_to_bibtex`` writes it, without bibtexparser.

A site build reads every report's ``sources.bib``, and bibtexparser's splitter walks it
character by character in Python: about 3 ms a file. Most files synth writes have a
plain shape: a ``%`` header, then entries of the form ``@type{key,``, one
``<tab>name = {value}`` a line (a comma after all but the last), ``}``, with values on one
line (``encode_value``) holding no braces. ``entries`` reads exactly that shape and gives
the entries ``bibfile.read_bibtex`` gives for it; anything else (a brace in a value, LaTeX
such as ``{\\"u}``, a macro, a crossref, a repeated key or field, a hand edit) makes it
return None, and the caller reads the file with bibtexparser as before, problems and all.
Tests hold the two equal on real records and exports and on edited and broken files.
"""

from __future__ import annotations

import re

from synth.record.bibfile import BibEntry

_HEAD = re.compile(r"@([A-Za-z]+)\{([^\s,{}()=\"#@%~\\]+),")
# A field synth writes: its name, and a value with no brace, on one line.
# (A backslash before the closing brace would make it an escaped brace to some readers.)
_FIELD = re.compile(r"\t([a-z][a-z0-9_-]*) = \{([^{}\n]*)(?<!\\)\}(,?)")
_NOT_ENTRIES = frozenset({"comment", "preamble", "string"})  # blocks of another kind


def entries(text: str) -> list[BibEntry] | None:
    """The entries of a ``sources.bib`` in synth's plain shape, or None for any other text."""
    lines = text.split("\n")
    found: list[BibEntry] = []
    keys: set[str] = set()
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        if not line or (line.startswith("% ") and not found and at == 1):
            continue  # the header (first line only) and the blank lines between entries
        head = _HEAD.fullmatch(line)
        if head is None or head.group(1).lower() in _NOT_ENTRIES or head.group(2) in keys:
            return None
        first = at
        fields: dict[str, str] = {}
        more = True
        while more:
            field = _FIELD.fullmatch(lines[at]) if at < len(lines) else None
            if field is None or field.group(1) in fields or field.group(1) == "crossref":
                return None
            # bibfile reads any run of white space in a value as one space, trimmed.
            fields[field.group(1)] = " ".join(field.group(2).split())
            more = field.group(3) == ","
            at += 1
        if at >= len(lines) or lines[at] != "}":
            return None
        at += 1
        keys.add(head.group(2))
        found.append(BibEntry(head.group(1).lower(), head.group(2), first, fields))
    return found
