"""The Dockerfiles, read with Docker's own parser, and what they copy into the images."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import dockerfile
import pytest

from tests.unit.deploy.tools import DEPLOY, REPO

DOCKERFILES = {
    "python": DEPLOY / "Dockerfile",
    "web": DEPLOY / "web.Dockerfile",
    "nginx": DEPLOY / "nginx" / "Dockerfile",
}
BUILD_TOOLS = re.compile(r"\b(apt-get|apk add|gcc|build-essential|npm ci|pip install)\b")


def final_stage(path: Path) -> list[dockerfile.Command]:
    commands = dockerfile.parse_file(str(path))
    start = max(i for i, command in enumerate(commands) if command.cmd == "FROM")
    return list(commands[start:])


@pytest.mark.parametrize("name", DOCKERFILES)
def test_final_stage_has_a_health_check_and_a_command(name: str) -> None:
    kinds = [command.cmd for command in final_stage(DOCKERFILES[name])]
    assert "HEALTHCHECK" in kinds
    assert "CMD" in kinds or name == "nginx"  # nginx keeps the base image's command


@pytest.mark.parametrize("name", ["python", "web"])
def test_app_images_are_multi_stage_and_run_as_a_non_root_user(name: str) -> None:
    commands = dockerfile.parse_file(str(DOCKERFILES[name]))
    assert sum(command.cmd == "FROM" for command in commands) >= 2
    users = [
        command.value[0] for command in final_stage(DOCKERFILES[name]) if command.cmd == "USER"
    ]
    assert users, "the final stage must switch to a non-root user"
    assert users[-1].split(":")[0] not in {"root", "0"}


@pytest.mark.parametrize("name", ["python", "web"])
def test_the_final_stage_builds_nothing(name: str) -> None:
    """Compilers, package managers' caches and dev dependencies stay in the build stage."""
    for command in final_stage(DOCKERFILES[name]):
        if command.cmd == "RUN":
            assert not BUILD_TOOLS.search(" ".join(command.value)), command.original
        if command.cmd == "COPY" and not any(f.startswith("--from=") for f in command.flags):
            assert all(not source.startswith(".") for source in command.value[:-1]), (
                command.original
            )


def dockerignore_excludes(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").removeprefix("**/")
        parts = Path(path).parts
        if any(
            fnmatch.fnmatch("/".join(parts[: i + 1]), pattern) for i in range(len(parts))
        ) or any(fnmatch.fnmatch(part, pattern) for part in parts):
            excluded = not negated
    return excluded


def test_python_image_copies_only_what_the_build_context_sends() -> None:
    for command in dockerfile.parse_file(str(DOCKERFILES["python"])):
        if command.cmd == "COPY" and not any(f.startswith("--from=") for f in command.flags):
            for source in command.value[:-1]:
                assert (REPO / source).exists(), source
                assert not dockerignore_excludes(source), source


@pytest.mark.parametrize(
    "path",
    [
        "var/core.sqlite3",
        ".env",
        ".env.prod",
        ".venv/bin/python",
        ".git/HEAD",
        "src/atrium/__pycache__/cli.cpython-311.pyc",
        ".mypy_cache/3.11",
        "frontend/node_modules",
    ],
)
def test_dockerignore_keeps_state_secrets_and_caches_out(path: str) -> None:
    assert dockerignore_excludes(path)


def test_nginx_image_fills_in_exactly_the_template_variables() -> None:
    template = (DEPLOY / "nginx" / "atrium.conf.template").read_text()
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    (env,) = [c for c in dockerfile.parse_file(str(DOCKERFILES["nginx"])) if c.cmd == "ENV"]
    settings = dict(zip(env.value[::2], env.value[1::2], strict=True))
    envsubst_filter = re.compile(settings.pop("NGINX_ENVSUBST_FILTER").strip('"'))
    assert set(settings) == wanted
    assert {name for name in wanted if envsubst_filter.search(name)} == wanted
    # nginx's own variables ($host, $http_upgrade, ...) must not be substituted.
    assert not envsubst_filter.search("HOSTNAME")
    copies = [c.value for c in dockerfile.parse_file(str(DOCKERFILES["nginx"])) if c.cmd == "COPY"]
    assert copies == [("atrium.conf.template", "/etc/nginx/templates/default.conf.template")]


def test_static_files_are_collected_as_production_serves_them(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(DEPLOY / "collect_static.py"), str(tmp_path / "static")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["admin/css/base.css"]
    assert hashed != "admin/css/base.css"
    assert (tmp_path / "static" / hashed).exists()
    assert (tmp_path / "static" / f"{hashed}.gz").exists()


def test_the_dependency_layer_installs_what_pyproject_declares() -> None:
    """The build stage lists the requirements from pyproject.toml alone (a cached layer)."""
    commands = dockerfile.parse_file(str(DOCKERFILES["python"]))
    extras = next(
        c.value[0] for c in commands if c.cmd == "ARG" and c.value[0].startswith("EXTRAS")
    )
    (listing,) = [
        c.value[0] for c in commands if c.cmd == "RUN" and "requirements.txt" in c.value[0]
    ]
    python, flag, code, _ = shlex.split(listing.split(">", 1)[0])
    assert (python, flag) == ("python", "-c")
    done = subprocess.run(
        [sys.executable, "-c", code, extras.split("=", 1)[1]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    expected = project["dependencies"] + project["optional-dependencies"]["mysql"]
    assert done.stdout.splitlines() == expected
