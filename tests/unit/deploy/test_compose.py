"""deploy/compose.yml as `docker compose config` validates and resolves it (no engine needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.deploy.tools import (
    DEPLOY,
    REPO,
    compose_binary,
    compose_config,
    containers,
    render,
    run,
    workloads,
)

COMPOSE = DEPLOY / "compose.yml"
DATASTORES = {"postgres", "redis", "rabbitmq"}
ATRIUM_PROCESSES = {"migrate", "core", "api", "worker", "beat"}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(compose_config(COMPOSE)["services"])


def test_compose_config_passes_with_and_without_the_debug_file() -> None:
    plain = compose_config(COMPOSE)
    debug = compose_config(COMPOSE, DEPLOY / "compose.debug.yml")
    assert set(plain["services"]) == set(debug["services"])


def test_compose_config_rejects_an_invalid_file(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yml"
    broken.write_text(COMPOSE.read_text().replace("restart: unless-stopped", "restarts: always", 1))
    done = run(compose_binary(), "-f", str(broken), "config", "--quiet")
    assert done.returncode != 0
    assert "restarts" in done.stderr


def test_it_runs_every_process_and_datastore(services: dict[str, Any]) -> None:
    assert DATASTORES | ATRIUM_PROCESSES | {"minio", "flower", "web", "nginx"} == set(services)
    assert services["postgres"]["image"].startswith("pgvector/pgvector:")
    assert "management" in services["rabbitmq"]["image"]


def test_nginx_is_the_only_published_entry_point(services: dict[str, Any]) -> None:
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    (port,) = services["nginx"]["ports"]
    assert port["target"] == int(services["nginx"]["environment"]["LISTEN_PORT"])


def test_the_debug_file_publishes_on_loopback_only() -> None:
    services = compose_config(COMPOSE, DEPLOY / "compose.debug.yml")["services"]
    for service in services.values():
        for port in service.get("ports", []):
            if service is not services["nginx"]:
                assert port["host_ip"] == "127.0.0.1", port


def has_healthcheck(service: dict[str, Any]) -> bool:
    check = service.get("healthcheck")
    if check is not None:
        return not check.get("disable", False)
    build = service.get("build")
    if build is None:
        return False
    dockerfile = Path(build["context"]) / build.get("dockerfile", "Dockerfile")
    return re.search(r"^HEALTHCHECK ", dockerfile.read_text(), re.MULTILINE) is not None


def test_dependencies_wait_for_health_and_for_the_migration(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for needed, how in service.get("depends_on", {}).items():
            if needed == "migrate":
                assert how["condition"] == "service_completed_successfully", name
            else:
                assert how["condition"] == "service_healthy", (name, needed)
                assert has_healthcheck(services[needed]), needed
    for name in ATRIUM_PROCESSES - {"migrate"}:
        assert "migrate" in services[name]["depends_on"], name
    assert services["migrate"]["restart"] == "no"


def test_state_lives_in_named_volumes(services: dict[str, Any]) -> None:
    config = compose_config(COMPOSE)
    for name in ("postgres", "rabbitmq", "minio", "beat"):
        volumes = [v for v in services[name]["volumes"] if v["type"] == "volume"]
        assert volumes, name
        assert all(v["source"] in config["volumes"] for v in volumes)


def test_atrium_containers_reach_the_datastores_by_url(services: dict[str, Any]) -> None:
    for name in ATRIUM_PROCESSES:
        env = services[name]["environment"]
        assert env["ATRIUM_ENV"] == "prod"
        assert env["ATRIUM_BIND_HOST"] == "0.0.0.0"
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["AI_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["CELERY_BROKER_URL"].startswith("amqp://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["STORAGE_URL"].startswith("s3://")
        assert env["STORAGE_ENDPOINT_URL"] == "http://minio:9000"


def test_compose_the_dev_cluster_and_ci_run_the_same_datastore_images(
    services: dict[str, Any],
) -> None:
    dev = {
        container["name"]: container["image"]
        for obj in workloads(render("dev"))
        for container in containers(obj)
    }
    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
    ci_images = {name: s["image"] for name, s in ci["jobs"]["test"]["services"].items()}
    for name in DATASTORES:
        assert dev[name] == services[name]["image"], name
        assert ci_images[name] == services[name]["image"], name
