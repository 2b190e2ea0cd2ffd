"""`synth show`: a question's synthesis in the terminal and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from support.paths import EXAMPLE_ID

from synth.cli import main


def show(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(root), "show", *args])
    return result.exit_code, result.stdout, result.stderr


def test_show_opens_with_the_answer(example_repo: Path) -> None:
    code, out, err = show(example_repo, EXAMPLE_ID)
    assert (code, err) == (0, "")
    assert out.startswith(f"{EXAMPLE_ID}: Alignment techniques")
    assert "\n\nAnswer: No source relates all four concepts;" in out
    assert "  mixture of experts × robustness: none: a gap\n" in out


def test_show_json_is_one_object_in_the_documented_shape(example_repo: Path) -> None:
    code, out, _ = show(example_repo, EXAMPLE_ID, "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == EXAMPLE_ID
    assert ["mixture of experts", "robustness"] in data["gaps"]
    assert {
        "concepts": ["robustness", "code generation"],
        "sources": ["mastropaolo2023robustness", "wang2022recode", "yang2024how"],
    } in data["pairs"]


def test_show_says_how_to_get_a_record_when_there_is_none(repo: Path) -> None:
    code, out, _ = show(repo, EXAMPLE_ID)
    assert code == 0
    assert "No sources in the record yet: run `synth retrieve` or `synth import-bib`." in out


def test_show_of_an_unknown_question_names_the_closest(example_repo: Path) -> None:
    code, _, err = show(example_repo, "moe-alignment")
    assert code == 1
    assert err.startswith(
        "questions/moe-alignment.yaml: no question has the id 'moe-alignment' -- did you mean "
        f"'{EXAMPLE_ID}'?\n"
    )
