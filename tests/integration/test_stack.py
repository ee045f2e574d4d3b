"""The whole stack as real processes: on embedded defaults, and on real servers by URL alone."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.stack import Stack

EMBEDDED = {"database": "sqlite", "cache": "memory", "broker": "sqlite", "ai_store": "sqlite"}
SERVERS = {"database": "postgresql", "cache": "redis", "broker": "amqp", "ai_store": "postgresql"}
MARIADB = {"database": "mysql", "cache": "redis", "broker": "amqp", "ai_store": "sqlite"}


def _embedded(request: pytest.FixtureRequest) -> dict[str, str]:
    return {}


def _servers(request: pytest.FixtureRequest) -> dict[str, str]:
    amqp = request.getfixturevalue("amqp_url")
    return {
        "DATABASE_URL": request.getfixturevalue("postgres_url"),
        "AI_DATABASE_URL": request.getfixturevalue("pgvector_url"),
        "REDIS_URL": request.getfixturevalue("redis_url"),
        "CELERY_BROKER_URL": amqp,
        "CELERY_RESULT_BACKEND": "redis" + request.getfixturevalue("redis_url")[5:],
    }


def _mariadb(request: pytest.FixtureRequest) -> dict[str, str]:
    return {
        "DATABASE_URL": request.getfixturevalue("mariadb_url"),
        "REDIS_URL": request.getfixturevalue("redis_url"),
        "CELERY_BROKER_URL": request.getfixturevalue("amqp_url"),
        "CELERY_RESULT_BACKEND": request.getfixturevalue("redis_url"),
    }


FLAVOURS = {
    "embedded": (_embedded, EMBEDDED),
    "postgres-redis-rabbitmq": (_servers, SERVERS),
    "mariadb-redis-rabbitmq": (_mariadb, MARIADB),
}


@pytest.fixture(scope="module", params=list(FLAVOURS))
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Stack, dict[str, str]]]:
    settings, backends = FLAVOURS[request.param]
    running = Stack(tmp_path_factory.mktemp(request.param), settings(request)).start()
    yield running, backends
    running.stop()


def test_every_component_is_ok_and_names_its_backend(stack: tuple[Stack, dict[str, str]]) -> None:
    running, backends = stack
    components = running.wait_healthy()
    for name, backend in backends.items():
        assert components[name]["status"] == "ok", components
        assert components[name]["backend"] == backend, components
    assert components["api"]["status"] == "ok"
    assert "answered" in components["broker"]["detail"]


def test_a_job_started_through_the_api_reports_progress_until_success(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    running, _ = stack
    running.wait_healthy()
    auth = running.login()
    started = httpx.post(
        f"{running.core}/api/v1/tasks/count",
        headers=auth,
        json={"steps": 10, "step_seconds": 0.2},
        timeout=10,
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    states, percents = [], []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = httpx.get(f"{running.core}/api/v1/tasks/{job_id}", headers=auth, timeout=10).json()
        states.append(job["state"])
        if job["progress"]:
            percents.append(job["progress"]["percent"])
        if job["state"] in {"SUCCESS", "FAILURE"}:
            break
        time.sleep(0.1)
    assert states[-1] == "SUCCESS", states
    assert job["result"] == {"done": 10, "total": 10}
    assert job["progress"] == {"done": 10, "total": 10, "percent": 100.0}
    assert "PROGRESS" in states, states
    assert percents == sorted(percents), percents
    assert 0 < percents[0] < 100, percents


def test_an_unknown_task_is_a_json_404(stack: tuple[Stack, dict[str, str]]) -> None:
    running, _ = stack
    response = httpx.get(
        f"{running.core}/api/v1/tasks/00000000-0000-0000-0000-000000000000",
        headers=running.login(),
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No such task"}


def test_stopping_the_worker_marks_the_broker_down_and_nothing_else(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    running, _ = stack
    running.wait_healthy()
    running.stop("worker")
    started = time.monotonic()
    response = running.health()
    elapsed = time.monotonic() - started
    components = response.json()["components"]
    assert response.status_code == 503
    assert components["broker"]["status"] == "down"
    assert "no worker answered" in components["broker"]["detail"]
    assert elapsed < 10
    others = {name: c["status"] for name, c in components.items() if name != "broker"}
    assert set(others.values()) == {"ok"}, components
    # Kubernetes keeps core in its Service: readiness checks core's own datastores only.
    ready = httpx.get(f"{running.core}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["components"]) == {"database", "cache"}
