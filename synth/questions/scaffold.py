"""New question files: ``synth new`` writes a commented scaffold that ``synth check`` accepts."""

from __future__ import annotations

from pathlib import Path

import yaml

from synth.errors import QuestionExistsError, UsageError
from synth.files import atomic_write
from synth.ids import is_slug, slugify
from synth.paths import ID_RULE, question_path


def scaffold(question_text: str, question_id: str) -> str:
    """The YAML text of a valid new question file, each optional field explained in comments."""
    if not is_slug(question_id):
        raise UsageError(f"'{question_id}' is not a valid question id -- use {ID_RULE}")
    quoted = yaml.safe_dump(
        " ".join(question_text.split()), default_style='"', width=1_000_000, allow_unicode=True
    ).strip()
    return _SCAFFOLD.format(path=question_path(question_id), question=quoted)


_SCAFFOLD = """\
# A research question for synth. The file name is the question's id.
# Edit it, then run: synth check {path}
# Lines starting with # are comments; remove the # to use a field.

# The question the report answers (required).
question: {question}

# A short title for the report page (default: the question).
# title: Alignment techniques and robustness in code generation models

# The concepts the question joins, each with the terms that express it (its name is a term
# too). Searches OR the terms of a concept and AND the concepts; the report shows which
# sources mention each concept, which pairs of concepts a sentence connects, and the gaps.
# concepts:
#   alignment: [RLHF, reinforcement learning from human feedback, constitutional AI]
#   robustness: [robust, adversarial, perturbation]
#   code generation: [HumanEval, MBPP, program synthesis]

# Words that describe the topic; they help rank the sources found. Without concepts, each
# keyword is a concept of one term.
# keywords: [RLHF, constitutional AI, mixture of experts]

# Labels that group reports on the site: lowercase words joined by hyphens.
# tags: [alignment, code-generation]

# How to search the scholarly databases (every line is optional).
# search:
#   queries: ["RLHF robustness code generation"]   # default: the question itself
#   databases: [openalex, crossref, arxiv, semanticscholar]   # default: all four
#   limit: 20            # sources kept, 1 to 500
#   years: 2018-2026     # or 2018- (from), -2020 (up to), 2022 (one year)

# Papers to include whatever the search finds: exactly one identifier per entry.
# sources:
#   - doi: 10.1145/3630010
#   - arxiv: 2402.06196
#   - bibtex: questions/papers/extra.bib   # a BibTeX file inside this repository

# Claims to verify against the sources' abstracts, each optionally credited to a paper.
# claims:
#   - text: ChatGPT was released in November 2022.
#     source: arXiv:2402.06196

# The most claims a report shows, 1 to 200; the claims above are always included.
# max_claims: 12
"""


def write_new_question(root: Path, question_text: str, question_id: str | None = None) -> Path:
    """Write a scaffold to ``questions/<id>.yaml`` atomically; never overwrites a file."""
    text = " ".join(question_text.split())
    if not text:
        raise UsageError(
            'the question text is empty -- pass it in quotes: synth new "Does RLHF help?"'
        )
    new_id = slugify(text) if question_id is None else question_id
    if not is_slug(new_id):
        raise UsageError(
            f"'{new_id}' is not a valid question id -- use {ID_RULE}, e.g. --id {slugify(new_id)}"
        )
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory -- pass --root the repository folder")
    target = root / question_path(new_id)
    try:
        atomic_write(target, scaffold(text, new_id), overwrite=False)
    except FileExistsError:
        raise QuestionExistsError(
            f"{question_path(new_id)} already exists -- choose another --id or edit that file"
        ) from None
    return target
