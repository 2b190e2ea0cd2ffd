"""The fields of a question file: validate a composed YAML tree into a ``Question`` (pure).

Every problem in a file is collected before one ``QuestionError`` is raised, each
naming its line and field and how to fix it. Checks that need the file system
(the file name, bibtex paths) are left to ``synth.questions.load``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from yaml.nodes import MappingNode, Node, ScalarNode

from synth.errors import QuestionError
from synth.ids import (
    arxiv_from_doi,
    is_arxiv,
    is_doi,
    is_slug,
    normalise_arxiv,
    normalise_doi,
    slugify,
)
from synth.models import (
    DATABASES,
    PinnedSource,
    Question,
    QuestionClaim,
    Search,
    normalise_claim_text,
)
from synth.questions.concepts import read_concepts
from synth.questions.yamlsource import (
    FLOAT,
    INT,
    STR,
    TIMESTAMP,
    ProblemLog,
    compose,
    describe_node,
    int_value,
    mapping_entries,
    sequence_items,
    suggest,
    text_value,
)
from synth.text import shorten

FIELDS = (
    "title",
    "question",
    "keywords",
    "concepts",
    "tags",
    "search",
    "sources",
    "claims",
    "max_claims",
)
SEARCH_FIELDS = ("queries", "databases", "limit", "years")
SOURCE_FIELDS = ("doi", "arxiv", "bibtex")
CLAIM_FIELDS = ("text", "source")
LIMIT_RANGE = (1, 500)
MAX_CLAIMS_RANGE = (1, 200)
MAX_PATH = 1000  # characters in a pinned bibtex path (file systems refuse far less)
_YEAR_RANGE = re.compile(r"^(\d{4})?\s*[-\u2013]\s*(\d{4})?$")
_ID_RULE = "lowercase letters, digits and single hyphens, at most 80 characters"

# Checks a pinned bibtex path against the repository: None if usable, else (problem, fix).
BibtexCheck = Callable[[str], tuple[str, str] | None]


def parse_question(
    text: str, path: str, question_id: str, check_bibtex: BibtexCheck | None = None
) -> Question:
    """Validate one question file's text; raises ``QuestionError`` with every problem.

    ``path`` is only used in messages; ``check_bibtex`` (the file system seam)
    says whether a pinned bibtex path exists inside the repository.
    """
    log = ProblemLog(path)
    if not is_slug(question_id):
        fix = f"rename the file to {slugify(question_id)}.yaml (ids use {_ID_RULE})"
        log.add(0, "id", f"'{question_id}' is not a valid question id", fix)
    root = compose(text, log)
    question = Question(id=question_id, question="", path=path)
    if root is None and not log.problems:
        log.add(
            0, "question", "the file is empty", "add a line: question: <your research question>"
        )
    elif isinstance(root, MappingNode):
        question = _read_question(root, question_id, path, log, check_bibtex)
    elif root is not None:
        log.add(root, "", f"should be a mapping of fields, not {describe_node(root)}", _FIRST_LINE)
    if log.problems:
        # Sorted by line so the report reads top to bottom like the file (the sort is stable).
        raise QuestionError(sorted(log.problems, key=lambda problem: problem.line))
    return question


_FIRST_LINE = "start the file with a line such as: question: <your research question>"


def _read_question(
    node: MappingNode,
    question_id: str,
    path: str,
    log: ProblemLog,
    check_bibtex: BibtexCheck | None,
) -> Question:
    """Read the top-level fields of a question file."""
    fields = dict(mapping_entries(node, "", log, FIELDS))
    text = ""
    if "question" in fields:
        text = text_value(fields["question"], "question", log, "question: What ...?") or ""
    else:
        log.add(0, "question", "is missing", "add a line: question: <your research question>")
    title = ""
    if "title" in fields:
        title = text_value(fields["title"], "title", log, "title: A short title") or ""
    keywords = [text for _, _, text in _text_items(fields, "keywords", log)]
    concepts = read_concepts(fields.get("concepts"), log)
    tags = []
    for index, item, tag in _text_items(fields, "tags", log):
        if is_slug(tag):
            tags.append(tag)
        else:
            fix = f"use lowercase words joined by hyphens, e.g. '{slugify(tag)}'"
            log.add(item, f"tags[{index}]", f"'{tag}' is not a valid tag", fix)
    search = _read_search(fields.get("search"), text, log)
    sources = _read_sources(fields.get("sources"), log, check_bibtex)
    claims = _read_claims(fields.get("claims"), log)
    max_claims = 12
    if "max_claims" in fields:
        max_claims = int_value(fields["max_claims"], "max_claims", log, *MAX_CLAIMS_RANGE) or 12
    return Question(
        id=question_id,
        question=text,
        title=title,
        keywords=tuple(keywords),
        concepts=concepts,
        tags=tuple(tags),
        search=search,
        sources=sources,
        claims=claims,
        max_claims=max_claims,
        path=path,
    )


def _read_search(node: Node | None, question_text: str, log: ProblemLog) -> Search:
    """Read the ``search`` mapping; absent fields take the defaults."""
    default = Search(queries=(question_text,) if question_text else ())
    if node is None:
        return default
    if not isinstance(node, MappingNode):
        fix = "write it as a mapping, e.g. search: {limit: 20, years: 2018-2026}"
        log.add(node, "search", f"should be a mapping, not {describe_node(node)}", fix)
        return default
    fields = dict(mapping_entries(node, "search", log, SEARCH_FIELDS))
    items = _text_items(fields, "queries", log, parent="search", non_empty=True)
    queries = tuple(text for _, _, text in items)
    databases = tuple(_read_databases(fields, log))
    limit = default.limit
    if "limit" in fields:
        limit = int_value(fields["limit"], "search.limit", log, *LIMIT_RANGE) or default.limit
    year_from, year_to = _read_years(fields["years"], log) if "years" in fields else (None, None)
    return Search(
        queries=queries or default.queries,
        databases=databases or default.databases,
        limit=limit,
        year_from=year_from,
        year_to=year_to,
    )


def _read_databases(fields: dict[str, Node], log: ProblemLog) -> list[str]:
    """Read ``search.databases``: names from ``models.DATABASES``, case-insensitively."""
    known = []
    for index, item, name in _text_items(fields, "databases", log, parent="search", non_empty=True):
        if name.lower() in DATABASES:
            known.append(name.lower())
            continue
        message = f"'{name}' is not a database"
        log.add(item, f"search.databases[{index}]", message, suggest(name, DATABASES))
    return known


def _read_years(node: Node, log: ProblemLog) -> tuple[int | None, int | None]:
    """Read ``search.years`` ("YYYY-YYYY", "YYYY-", "-YYYY" or "YYYY") into (from, to)."""
    fix = "write years: 2018-2026, 2018- (from), -2020 (up to) or 2022 (one year)"
    if not isinstance(node, ScalarNode) or node.tag not in (STR, INT, FLOAT, TIMESTAMP):
        log.add(node, "search.years", f"should be a year range, not {describe_node(node)}", fix)
        return None, None
    if node.tag == TIMESTAMP:
        log.add(node, "search.years", f"YAML read {node.value} as a date, not years", fix)
        return None, None
    text = str(node.value).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text), int(text)
    match = _YEAR_RANGE.match(text)
    if match is None or match.group(1) is None and match.group(2) is None:
        log.add(node, "search.years", f"'{text}' is not a year range", fix)
        return None, None
    year_from = int(match.group(1)) if match.group(1) else None
    year_to = int(match.group(2)) if match.group(2) else None
    if year_from is not None and year_to is not None and year_from > year_to:
        swap = f"swap them: years: {year_to}-{year_from}"
        log.add(node, "search.years", f"starts ({year_from}) after it ends ({year_to})", swap)
        return None, None
    return year_from, year_to


SOURCE_SHAPE = "write each entry as one of: - doi: ..., - arxiv: ..., - bibtex: path/to/file.bib"
CLAIM_SHAPE = "write each claim as: - text: <the claim>  (a source: line is optional)"


def _entry_fields(
    item: Node, where: str, allowed: tuple[str, ...], log: ProblemLog, shape: str
) -> dict[str, Node] | None:
    """The fields of one list entry by name, each unknown one reported; None if not a mapping."""
    if not isinstance(item, MappingNode):
        log.add(item, where, f"should be a mapping, not {describe_node(item)}", shape)
        return None
    return dict(mapping_entries(item, where, log, allowed))


def _read_sources(
    node: Node | None, log: ProblemLog, check_bibtex: BibtexCheck | None
) -> tuple[PinnedSource, ...]:
    """Read the pinned ``sources``: each entry has exactly one of doi, arxiv, bibtex."""
    if node is None:
        return ()
    items = sequence_items(node, "sources", log, "sources: [{doi: 10.1145/3630010}]") or []
    pinned: dict[PinnedSource, None] = {}  # ordered, and a repeat is found at once
    for index, item in enumerate(items):
        where = f"sources[{index}]"
        fields = _entry_fields(item, where, SOURCE_FIELDS, log, SOURCE_SHAPE)
        if fields is None:
            continue
        given = [key for key in SOURCE_FIELDS if key in fields]
        if len(given) != 1:
            message = "has no identifier" if not given else "has both " + " and ".join(given)
            fix = "give exactly one of doi:, arxiv: or bibtex: per entry (split it into entries)"
            log.add(item, where, message, fix)
            continue
        key = given[0]
        value = _identifier_text(fields[key], f"{where}.{key}", log)
        if value is None:
            continue
        entry = _pinned_source(key, value, fields[key], f"{where}.{key}", log)
        if entry is None:
            continue
        if entry in pinned:
            log.add(item, where, "repeats an earlier entry", "delete the repeat")
            continue
        problem = check_bibtex(entry.bibtex) if entry.bibtex and check_bibtex else None
        if problem is not None:
            log.add(fields[key], f"{where}.{key}", *problem)
            continue
        pinned[entry] = None
    return tuple(pinned)


def _pinned_source(
    key: str, value: str, node: Node, where: str, log: ProblemLog
) -> PinnedSource | None:
    """One validated, normalised pinned source, or None after logging the problem."""
    if key == "doi":
        if is_doi(value):
            return PinnedSource(doi=normalise_doi(value))
        log.add(node, where, f"'{value}' is not a DOI", "a DOI looks like 10.1145/3630010")
        return None
    if key == "arxiv":
        arxiv = arxiv_from_doi(value) or (normalise_arxiv(value) if is_arxiv(value) else "")
        if arxiv:
            return PinnedSource(arxiv=arxiv)
        log.add(node, where, f"'{value}' is not an arXiv id", "an arXiv id looks like 2402.06196")
        return None
    fix = "give a path relative to the repository root, e.g. questions/papers/extra.bib"
    if not value.isprintable():
        log.add(node, where, f"'{shorten(value, 60)}' has a control character", fix)
        return None
    if len(value) > MAX_PATH:
        message = f"'{shorten(value, 60)}' is {len(value)} characters long (at most {MAX_PATH})"
        log.add(node, where, message, fix)
        return None
    posix = PurePosixPath(value.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", value) or ".." in posix.parts:
        fix = "give a path relative to the repository root, e.g. questions/papers/extra.bib"
        log.add(node, where, f"'{value}' points outside the repository", fix)
        return None
    return PinnedSource(bibtex=posix.as_posix())


def _read_claims(node: Node | None, log: ProblemLog) -> tuple[QuestionClaim, ...]:
    """Read the hand-written ``claims``: each a mapping with ``text`` and an optional ``source``."""
    if node is None:
        return ()
    example = "claims: [{text: ChatGPT was released in November 2022.}]"
    items = sequence_items(node, "claims", log, example) or []
    claims: list[QuestionClaim] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        where = f"claims[{index}]"
        fields = _entry_fields(item, where, CLAIM_FIELDS, log, CLAIM_SHAPE)
        if fields is None:
            continue
        if "text" not in fields:
            log.add(item, f"{where}.text", "is missing", "add text: <the claim to verify>")
            continue
        text = text_value(fields["text"], f"{where}.text", log, "text: <the claim>")
        source = ""
        if "source" in fields:
            raw = _identifier_text(fields["source"], f"{where}.source", log)
            source = canonical_source(raw) if raw else ""
            if raw and not source:
                fix = "write a DOI (10.1145/3630010) or an arXiv id (arXiv:2402.06196)"
                log.add(
                    fields["source"], f"{where}.source", f"'{raw}' is not a DOI or arXiv id", fix
                )
        if text is None:
            continue
        key = normalise_claim_text(text)
        if key in seen:
            log.add(item, where, f"repeats claims[{seen[key]}]", "delete one of them")
            continue
        seen[key] = index
        claims.append(QuestionClaim(text=text, source=source))
    return tuple(claims)


def canonical_source(text: str) -> str:
    """``arxiv:<id>`` or ``doi:<doi>`` for any common spelling of an identifier, else ``""``."""
    text = text.strip()
    arxiv = arxiv_from_doi(text)
    if arxiv:
        return f"arxiv:{arxiv}"
    if is_arxiv(text):
        return f"arxiv:{normalise_arxiv(text)}"
    if is_doi(text):
        return f"doi:{normalise_doi(text)}"
    return ""


def _identifier_text(node: Node, where: str, log: ProblemLog) -> str | None:
    """An identifier's text as written: unquoted ``2402.06196`` is a float to YAML, not to us."""
    if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
        return str(node.value)
    return text_value(node, where, log, "doi: 10.1145/3630010")


def _text_items(
    fields: dict[str, Node], key: str, log: ProblemLog, parent: str = "", non_empty: bool = False
) -> list[tuple[int, Node, str]]:
    """The (index, node, text) items of a list-of-text field; bad items and repeats are problems."""
    if key not in fields:
        return []
    node = fields[key]
    where = f"{parent}.{key}" if parent else key
    shown = node.value if isinstance(node, ScalarNode) and node.value else "..."
    items = sequence_items(node, where, log, f"{key}: [{shown}]")
    if items is None:
        return []
    if not items and non_empty:
        log.add(node, where, "is an empty list", "add at least one entry or delete the line")
    values: list[tuple[int, Node, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        text = text_value(item, f"{where}[{index}]", log, f"{key}: [...]")
        if text is None:
            continue
        if text in seen:
            log.add(item, f"{where}[{index}]", f"repeats '{text}'", "delete the repeat")
            continue
        seen.add(text)
        values.append((index, item, text))
    return values
