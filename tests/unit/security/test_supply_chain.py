"""CI audits both dependency trees, and Dependabot keeps every manifest current."""

from pathlib import Path
from typing import Any

import yaml

GITHUB = Path(__file__).parents[3] / ".github"


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
