"""The ``concepts`` field of a question file: named blocks of terms, validated (pure).

A question names its concepts the way the blocks of a systematic-review search strategy
do, each with the terms that express it::

    concepts:
      alignment: [RLHF, reinforcement learning from human feedback, constitutional AI]
      mixture of experts: [MoE, sparse experts, Switch Transformer]

A concept's name is one of its terms. Retrieval ORs the terms of a concept and ANDs the
concepts; the synthesis says which concepts each sentence of a source mentions. So a term
may stand for one concept only, and every concept needs a term: both are checked here,
with the other rules, each problem naming its line.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode

from synth.models import Concept
from synth.questions.yamlsource import (
    ProblemLog,
    describe_node,
    line_of,
    mapping_entries,
    sequence_items,
    text_value,
)

MAX_CONCEPTS = 10  # 45 pairs: beyond this a report of gaps is no longer readable
MAX_TERMS = 100  # per concept
MAX_TERM_LENGTH = 120  # characters
_SEPARATORS = re.compile(r"[\s\-_/]+")
_WORD = re.compile(r"[^\W_]", re.UNICODE)
EXAMPLE = "concepts: {robustness: [robust, adversarial]}"


def term_key(term: str) -> str:
    """What makes two terms the same: case, hyphens and spacing do not count."""
    return _SEPARATORS.sub(" ", term.casefold()).strip()


def read_concepts(node: Node | None, log: ProblemLog) -> tuple[Concept, ...]:
    """Read the ``concepts`` mapping (name -> list of terms); every problem goes to ``log``."""
    if node is None:
        return ()
    if not isinstance(node, MappingNode):
        what = f"should be a mapping of concept names to lists of terms, not {describe_node(node)}"
        log.add(node, "concepts", what, f"write it like {EXAMPLE}")
        return ()
    entries = mapping_entries(node, "concepts", log)
    if not entries:
        log.add(node, "concepts", "is empty", f"name at least one concept, e.g. {EXAMPLE}")
        return ()
    if len(entries) > MAX_CONCEPTS:
        message = f"names {len(entries)} concepts; at most {MAX_CONCEPTS} are allowed"
        log.add(node, "concepts", message, "merge related concepts into one")
        return ()
    key_nodes: dict[str, Node] = {}  # the first key of each name: the one mapping_entries kept
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode):
            key_nodes.setdefault(str(key_node.value), key_node)
    owners: dict[str, tuple[str, int]] = {}  # term key -> (concept name, line)
    concepts: list[Concept] = []
    for name, value in entries:
        key_node = key_nodes[name]
        where = f"concepts.{name}"
        if not _has_word(name):
            log.add(key_node, where, "is not a usable concept name", "name it with words")
            continue
        clash = owners.get(term_key(name))
        if clash is not None:
            concept, line = clash
            if term_key(concept) == term_key(name):
                message = f"has the same name as the concept '{concept}' (line {line})"
            else:
                message = _clash_message(f"the concept name '{name}'", clash)
            log.add(key_node, where, message, "merge the two concepts into one")
            continue
        owners[term_key(name)] = (name, line_of(key_node))
        terms = _read_terms(value, name, where, owners, log)
        if terms is not None:
            concepts.append(Concept(name, terms))
    return tuple(concepts)


def _read_terms(
    node: Node, name: str, where: str, owners: dict[str, tuple[str, int]], log: ProblemLog
) -> tuple[str, ...] | None:
    """The terms of one concept, or None when the entry is unusable."""
    example = f"{name}: [a term, another term]"
    if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
        log.add(node, where, "has no terms", f"list at least one term: {example}")
        return None
    items = sequence_items(node, where, log, example)
    if items is None:
        return None
    if not items:
        log.add(node, where, "is an empty list", f"list at least one term: {example}")
        return None
    if len(items) > MAX_TERMS:
        message = f"lists {len(items)} terms; at most {MAX_TERMS} are allowed"
        log.add(node, where, message, "keep the terms that sources actually use")
        return None
    terms: list[str] = []
    own = term_key(name)
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        text = text_value(item, at, log, example)
        if text is None:
            continue
        key = term_key(text)
        if len(text) > MAX_TERM_LENGTH or not _has_word(text):
            what = "is too long" if len(text) > MAX_TERM_LENGTH else "has no words to match"
            log.add(item, at, f"'{text[:40]}' {what}", "write a word or a short phrase")
        elif key == own:
            continue  # the name is a term already; repeating it does no harm
        elif key in seen:
            log.add(item, at, f"repeats '{text}' ({where}[{seen[key]}])", "delete the repeat")
        elif key in owners:
            message = _clash_message(f"'{text}'", owners[key])
            fix = "keep it under one concept: a term must say which concept a sentence mentions"
            log.add(item, at, message, fix)
        else:
            seen[key] = index
            owners[key] = (name, line_of(item))
            terms.append(text)
    return tuple(terms)


def _clash_message(what: str, owner: tuple[str, int]) -> str:
    concept, line = owner
    return f"{what} is already a term of the concept '{concept}' (line {line})"


def _has_word(text: str) -> bool:
    return bool(_WORD.search(text))
