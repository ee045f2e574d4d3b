"""Render the Cloud Run definitions for one project into files `gcloud run ... replace` reads.

Each definition's ${NAME}s are filled in from the options, and every container that runs
the atrium image gets the environment of environment.yaml: plain values as they are,
secrets as references to their latest version in Secret Manager. A ${NAME} left without a
value is an error, never an empty string.

    python deploy/cloudrun/render.py --project-id P --project-number N --region R \
        --domain D --cloudsql-instance P:R:I --atrium-image IMG --atrium-web-image IMG --out DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from string import Template
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFINITIONS = ("migrate-job", "core", "api", "web", "worker", "beat")
PLACEHOLDERS = (
    "PROJECT_ID",
    "PROJECT_NUMBER",
    "REGION",
    "DOMAIN",
    "CLOUDSQL_INSTANCE",
    "ATRIUM_IMAGE",
    "ATRIUM_WEB_IMAGE",
)


def _load(name: str, values: dict[str, str]) -> Any:
    text = (HERE / f"{name}.yaml").read_text()
    return yaml.safe_load(Template(text).substitute(values))


def containers(definition: dict[str, Any]) -> list[dict[str, Any]]:
    spec = definition["spec"]["template"]["spec"]
    return list(
        spec["template"]["spec"]["containers"] if "template" in spec else spec["containers"]
    )


def _environment(values: dict[str, str]) -> list[dict[str, Any]]:
    shared = _load("environment", values)
    plain = [{"name": name, "value": str(value)} for name, value in shared["plain"].items()]
    secrets = [
        {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": "latest"}}}
        for name, secret in shared["secrets"].items()
    ]
    return plain + secrets


def render(values: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Definition name → the object to deploy, in the order cloudbuild.yaml deploys them."""
    environment = _environment(values)
    rendered = {}
    for name in DEFINITIONS:
        definition = _load(name, values)
        for container in containers(definition):
            if container["image"] == values["ATRIUM_IMAGE"]:
                container["env"] = environment
        rendered[name] = definition
    return rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    for name in PLACEHOLDERS:
        parser.add_argument(f"--{name.lower().replace('_', '-')}", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    values = {name: getattr(args, name.lower()) for name in PLACEHOLDERS}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, definition in render(values).items():
        # JSON is YAML: gcloud reads it, and it needs no YAML writer in the build step.
        (args.out / f"{name}.yaml").write_text(json.dumps(definition, indent=2) + "\n")


if __name__ == "__main__":
    main()
