"""The CI/CD workflow lints clean with actionlint and does what the pipeline promises."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.services import IN_CI
from tests.unit.deploy.tools import K8S, REPO, run, tool

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text()))


def test_every_workflow_lints_clean() -> None:
    done = run(tool("actionlint"), "-no-color")
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text().replace("needs: [images]", "needs: [imagez]"))
    done = run(tool("actionlint"), "-no-color", str(broken), cwd=tmp_path)
    assert done.returncode == 1
    assert "imagez" in done.stdout


def test_tests_run_against_the_servers_as_containers(workflow: dict[Any, Any]) -> None:
    test = workflow["jobs"]["test"]
    images = {name: service["image"].split(":")[0] for name, service in test["services"].items()}
    assert images == {
        "postgres": "pgvector/pgvector",
        "mariadb": "mariadb",
        "redis": "redis",
        "rabbitmq": "rabbitmq",
    }
    steps = [step.get("run", "") for step in test["steps"]]
    assert "make test" in steps
    assert test["env"]["CI"] == "true"


def test_lint_and_type_check_gate_the_images(workflow: dict[Any, Any]) -> None:
    jobs = workflow["jobs"]
    commands = "\n".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    assert "ruff check ." in commands
    assert "ruff format --check ." in commands
    assert "mypy src" in commands
    assert set(jobs["images"]["needs"]) == {"lint", "typecheck", "test"}
    assert "refs/heads/main" in jobs["images"]["if"]
    built = {entry["dockerfile"] for entry in jobs["images"]["strategy"]["matrix"]["include"]}
    assert built == {"deploy/Dockerfile", "deploy/web.Dockerfile", "deploy/nginx/Dockerfile"}


def test_deploy_releases_the_prod_overlay_after_the_images(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["images"]
    (release,) = [step["run"] for step in deploy["steps"] if "release.sh" in step.get("run", "")]
    assert release.startswith("deploy/k8s/release.sh prod ")
    assert (K8S / "overlays" / "prod" / "kustomization.yaml").exists()


def test_the_release_script_passes_shellcheck() -> None:
    if shutil.which("shellcheck") is None:
        reason = "shellcheck is not installed (apt-get install shellcheck; .ci/run does)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    done = run("shellcheck", str(K8S / "release.sh"))
    assert done.returncode == 0, done.stdout
