"""CI audits both dependency trees, Dependabot keeps every manifest current, and the
lock that make install uses covers pyproject.toml with hashes."""

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[3]
GITHUB = ROOT / ".github"


def test_ci_audits_python_and_node_dependencies() -> None:
    workflow: dict[Any, Any] = yaml.safe_load((GITHUB / "workflows/ci.yml").read_text())
    audit = workflow["jobs"]["audit"]
    commands = "\n".join(step.get("run", "") for step in audit["steps"])
    assert "pip-audit" in commands
    npm = next(step for step in audit["steps"] if "npm audit" in step.get("run", ""))
    assert npm["working-directory"] == "frontend"


def test_dependabot_watches_every_manifest() -> None:
    config: dict[Any, Any] = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    watched = {
        (update["package-ecosystem"], directory)
        for update in config["updates"]
        for directory in update.get("directories", [update.get("directory")])
    }
    assert {("pip", "/"), ("npm", "/frontend"), ("github-actions", "/")} <= watched
    assert {("docker", "/deploy"), ("docker", "/deploy/nginx")} <= watched


def locked_pins() -> dict[str, tuple[str, list[str]]]:
    """requirements/lock.txt as {name: (version, hashes)}, read as pip reads it: comments
    dropped, backslash-continued lines joined."""
    text = (ROOT / "requirements/lock.txt").read_text()
    logical = re.sub(r"\\\n", " ", re.sub(r"(?m)^\s*#.*\n", "", text))
    pins: dict[str, tuple[str, list[str]]] = {}
    for line in filter(str.strip, logical.splitlines()):
        requirement, *options = line.split()
        name, _, version = requirement.partition("==")
        assert version, f"not pinned with ==: {line}"
        pins[canonicalize_name(name)] = (version, [o for o in options if o.startswith("--hash=")])
    return pins


def test_the_lock_pins_every_dependency_of_pyproject_with_hashes() -> None:
    """Every requirement of [project] and of the dev and ai extras is pinned, with hashes,
    at a version its specifier allows (run make lock after editing pyproject.toml)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = [
        Requirement(spec)
        for spec in (*project["dependencies"], *extras["dev"], *extras["ai"])
        if canonicalize_name(Requirement(spec).name) != project["name"]
    ]
    pins = locked_pins()
    assert len(wanted) > 50
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/lock.txt: run make lock"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)
        assert hashes, f"{name} has no hash"
    for name, (_, hashes) in pins.items():
        assert hashes, f"{name} has no hash"
    assert pins["torch"][0].startswith("2.13.0"), "the CPU wheel this project is checked with"
