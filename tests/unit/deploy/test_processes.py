"""Compose and Kubernetes start each process with the command the Procfile gives it.

A container may add options the CLI declares for that command (a worker's ``--queues``),
nothing else, so `make dev`, Compose and the cluster cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

import dockerfile
import pytest
import typer

from atrium.cli import app
from tests.unit.deploy.tools import (
    DEPLOY,
    OVERLAYS,
    REPO,
    compose_config,
    containers,
    procfile,
    render,
    workloads,
)

# The gateway process is nginx in Compose and the Ingress in Kubernetes; web runs its own
# image (deploy/web.Dockerfile), checked against package.json below.
SERVED_ELSEWHERE = {"gateway", "web"}
ONE_OFF = [["atrium", "migrate"]]


def declared_options(argv: list[str]) -> set[str]:
    """The options the atrium CLI declares for the command ``argv`` starts with."""
    command: Any = typer.main.get_command(app)
    for word in argv[1:]:
        if word.startswith("-") or not hasattr(command, "commands"):
            break
        command = command.commands[word]
    return {opt for param in command.params for opt in param.opts if opt.startswith("--")}


def procfile_process(argv: list[str]) -> str:
    """The Procfile process ``argv`` runs, allowing only declared options after it."""
    for name, command in procfile().items():
        if argv[: len(command)] == command:
            extra = argv[len(command) :]
            assert len(extra) % 2 == 0, argv
            assert set(extra[::2]) <= declared_options(command), argv
            return name
    if argv in ONE_OFF:
        return argv[1]
    raise AssertionError(f"{argv} runs no Procfile command")


def image_name(image: str) -> str:
    """``registry.example.com/atrium/atrium:tag`` → ``atrium``."""
    return image.rsplit(":", 1)[0].rsplit("/", 1)[-1]


def image_cmd(path: str) -> list[str]:
    (cmd,) = [c for c in dockerfile.parse_file(str(DEPLOY / path)) if c.cmd == "CMD"]
    assert cmd.json, f"{path}: CMD must be in exec form"
    return list(cmd.value)


def test_the_procfile_commands_exist_in_the_cli() -> None:
    for command in procfile().values():
        if command[0] == "atrium":
            declared_options(command)  # raises KeyError for an unknown command


def test_the_image_default_is_the_procfile_core_command() -> None:
    assert image_cmd("Dockerfile") == procfile()["core"]


def test_compose_runs_the_procfile_commands() -> None:
    services = compose_config(DEPLOY / "compose.yml")["services"]
    run = {
        procfile_process(service["command"])
        for service in services.values()
        if service.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
    }
    assert run == set(procfile()) - SERVED_ELSEWHERE | {"migrate"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_runs_the_procfile_commands(overlay: str) -> None:
    run = {
        procfile_process(container["command"])
        for obj in workloads(render(overlay))
        for container in containers(obj)
        if image_name(container["image"]) == "atrium"
    }
    assert run == set(procfile()) - SERVED_ELSEWHERE | {"migrate"}


def test_the_dashboard_image_runs_next_start_as_package_json_does() -> None:
    start = json.loads((REPO / "frontend" / "package.json").read_text())["scripts"]["start"]
    cmd = image_cmd("web.Dockerfile")
    assert cmd[0] == "node_modules/.bin/next"
    assert ["next", *cmd[1 : len(start.split())]] == start.split()


def test_an_unknown_option_is_caught() -> None:
    with pytest.raises(AssertionError):
        procfile_process(["atrium", "worker", "--queue-size", "3"])
    with pytest.raises(AssertionError):
        procfile_process(["celery", "-A", "atrium.tasks", "worker"])
