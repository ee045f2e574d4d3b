"""The Cloud Run definitions, rendered as cloudbuild.yaml renders them, and the build itself.

Each runs the Procfile's command, probes a route its process answers, gets the sizes the
platform was planned for, and takes every secret from Secret Manager.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from types import ModuleType
from typing import Any

import pytest
import yaml

from atrium.api.main import create_app
from atrium.config import Settings
from atrium.core.health.probes import PROBES
from atrium.tasks.routing import QUEUE_NAMES
from tests.support.routes import api_routes
from tests.unit.deploy.test_processes import SERVED_ELSEWHERE, procfile_process
from tests.unit.deploy.tools import DEPLOY, REPO, procfile

VALUES = {
    "PROJECT_ID": "atrium-prod",
    "PROJECT_NUMBER": "123456789012",
    "REGION": "europe-west1",
    "DOMAIN": "atrium.example.com",
    "CLOUDSQL_INSTANCE": "atrium-prod:europe-west1:atrium",
    "ATRIUM_IMAGE": "europe-west1-docker.pkg.dev/atrium-prod/atrium/atrium:abc1234",
    "ATRIUM_WEB_IMAGE": "europe-west1-docker.pkg.dev/atrium-prod/atrium/atrium-web:abc1234",
}
SERVICES = {"core": 8000, "api": 8001, "web": 3000}
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+:[^/@\s]+@")


@cache
def renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render", DEPLOY / "cloudrun" / "render.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rendered() -> dict[str, dict[str, Any]]:
    return dict(renderer().render(VALUES))


def containers(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return list(renderer().containers(definition))


def atrium_containers() -> list[dict[str, Any]]:
    return [
        container
        for definition in rendered().values()
        for container in containers(definition)
        if container["image"] == VALUES["ATRIUM_IMAGE"]
    ]


def test_every_placeholder_is_filled_and_a_missing_one_is_an_error() -> None:
    for definition in rendered().values():
        assert "${" not in yaml.safe_dump(definition)
    with pytest.raises(KeyError):
        renderer().render({key: value for key, value in VALUES.items() if key != "DOMAIN"})


def test_the_kinds_fit_the_processes() -> None:
    kinds = {name: (d["apiVersion"], d["kind"]) for name, d in rendered().items()}
    assert kinds == {
        "core": ("serving.knative.dev/v1", "Service"),
        "api": ("serving.knative.dev/v1", "Service"),
        "web": ("serving.knative.dev/v1", "Service"),
        "worker": ("run.googleapis.com/v1", "WorkerPool"),
        "beat": ("run.googleapis.com/v1", "WorkerPool"),
        "migrate-job": ("run.googleapis.com/v1", "Job"),
    }


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_services_have_the_planned_size_and_scaling(name: str) -> None:
    template = rendered()[name]["spec"]["template"]
    annotations = template["metadata"]["annotations"]
    assert annotations["autoscaling.knative.dev/minScale"] == "1"
    assert annotations["autoscaling.knative.dev/maxScale"] == "100"
    assert template["spec"]["containerConcurrency"] == 80
    assert template["spec"]["timeoutSeconds"] == 300
    (container,) = template["spec"]["containers"]
    assert container["resources"]["limits"]["cpu"] == "2"
    assert container["resources"]["limits"]["memory"] in {"2Gi", "3Gi", "4Gi"}
    assert container["ports"] == [{"name": "http1", "containerPort": SERVICES[name]}]


def test_every_container_of_the_atrium_image_runs_a_procfile_command() -> None:
    run = {procfile_process(container["command"]) for container in atrium_containers()}
    assert run == set(procfile()) - SERVED_ELSEWHERE | {"migrate"}


def test_the_dashboard_runs_its_image_command() -> None:
    (web,) = containers(rendered()["web"])
    assert web["image"] == VALUES["ATRIUM_WEB_IMAGE"]
    assert "command" not in web  # deploy/web.Dockerfile's CMD, checked in test_processes


def test_the_worker_consumes_every_queue_and_beat_runs_once() -> None:
    (worker,) = containers(rendered()["worker"])
    queues = worker["command"][worker["command"].index("--queues") + 1]
    assert set(queues.split(",")) == set(QUEUE_NAMES)
    beat = rendered()["beat"]["metadata"]["annotations"]
    assert beat["run.googleapis.com/scalingMode"] == "manual"
    assert beat["run.googleapis.com/manualInstanceCount"] == "1"


def probe_paths(name: str) -> set[str]:
    (container,) = containers(rendered()[name])
    probes = [container[key] for key in ("startupProbe", "livenessProbe")]
    return {probe["httpGet"]["path"] for probe in probes if "httpGet" in probe}


def test_probes_point_at_routes_the_process_answers() -> None:
    assert probe_paths("core") == {"/healthz", "/readyz"} <= set(PROBES)
    api_paths = {route.path for route in api_routes(create_app()) if "GET" in route.methods}
    assert probe_paths("api") == {"/healthz", "/readyz"} <= api_paths
    (web,) = containers(rendered()["web"])
    assert "tcpSocket" in web["startupProbe"]
    assert "tcpSocket" in web["livenessProbe"]


def test_traffic_waits_for_readiness_and_liveness_touches_nothing() -> None:
    for name in ("core", "api"):
        (container,) = containers(rendered()[name])
        assert container["startupProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def secret_names() -> set[str]:
    """Settings that hold a secret or a URL that may carry a password, and the HMAC key."""
    names = {
        name.upper()
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation) or name.endswith(("database_url", "redis_url"))
    }
    return names | {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "AWS_SECRET_ACCESS_KEY"}


def test_no_secret_is_in_plain_text() -> None:
    for container in atrium_containers():
        env = {variable["name"]: variable for variable in container["env"]}
        for name in secret_names() & env.keys():
            assert "value" not in env[name], f"{name} must come from Secret Manager"
        for variable in env.values():
            assert not CREDENTIALS_IN_URL.search(variable.get("value", "")), variable["name"]
            reference = variable.get("valueFrom", {}).get("secretKeyRef")
            if reference:
                assert reference["key"] == "latest"
                assert reference["name"].startswith("atrium-")


def test_every_container_of_the_atrium_image_gets_the_same_environment() -> None:
    first, *others = [container["env"] for container in atrium_containers()]
    assert all(env == first for env in others)
    names = {variable["name"] for variable in first}
    assert {"SECRET_KEY", "JWT_PRIVATE_KEYS", "DATABASE_URL", "AI_DATABASE_URL"} <= names
    assert {"ATRIUM_ENV", "LOG_FORMAT", "GOOGLE_CLOUD_PROJECT"} <= names


def build_steps() -> list[dict[str, Any]]:
    return list(yaml.safe_load((REPO / "cloudbuild.yaml").read_text())["steps"])


def step_text(step: dict[str, Any]) -> str:
    return " ".join(str(arg) for arg in step.get("args", []))


def test_the_build_pushes_both_images_from_their_dockerfiles() -> None:
    builds = [step_text(step) for step in build_steps() if step["args"][0] == "build"]
    assert any("-f deploy/Dockerfile" in b and "${_ATRIUM_IMAGE}" in b for b in builds)
    assert any("-f deploy/web.Dockerfile" in b and b.endswith("frontend") for b in builds)
    pushed = {step["args"][1] for step in build_steps() if step["args"][0] == "push"}
    assert pushed == {"${_ATRIUM_IMAGE}", "${_ATRIUM_WEB_IMAGE}"}


def test_the_build_migrates_before_any_traffic_moves() -> None:
    steps = {step["id"]: step for step in build_steps()}
    migrate, deploy = step_text(steps["migrate"]), step_text(steps["deploy"])
    assert "jobs execute atrium-migrate" in migrate
    assert "--wait" in migrate
    assert "migrate" in steps["deploy"]["waitFor"]
    assert "replace" not in " ".join(
        step_text(step) for step in build_steps() if step["id"] not in {"migrate", "deploy"}
    )
    assert "rendered/migrate-job.yaml" in migrate
    deployed = " ".join(re.findall(r"for name in ([a-z ]+); do", deploy)).split()
    assert ["migrate-job", *deployed] == list(renderer().DEFINITIONS)
