"""The whole stack as real processes: on embedded defaults, and on real servers by URL alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support.processes import wait_until
from tests.support.services import free_port
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
    assert "answered" in components["workers"]["detail"]
    assert set(components["queues"]["facts"]) == {"default", "integrations", "ai", "ml"}
    anyone = running.health(details=False).json()["components"]
    assert anyone["workers"] == {"status": "ok"}


def _start_count(
    running: Stack, auth: dict[str, str], *, steps: int, step_seconds: float
) -> httpx.Response:
    body = {"steps": steps, "step_seconds": step_seconds}
    return httpx.post(f"{running.core}/api/v1/tasks/count", headers=auth, json=body, timeout=20)


def test_a_job_started_through_the_api_reports_progress_until_success(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    running, _ = stack
    running.wait_healthy()
    auth = running.login()
    started = _start_count(running, auth, steps=10, step_seconds=0.2)
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


def _start_jobs(running: Stack, auth: dict[str, str], count: int) -> list[str]:
    """``count`` one-step jobs started through the API, four requests at a time, in the order
    they were queued."""
    with (
        httpx.Client(base_url=running.core, headers=auth, timeout=20) as client,
        ThreadPoolExecutor(4) as pool,
    ):
        started = list(
            pool.map(
                lambda _: client.post("/api/v1/tasks/count", json={"steps": 1, "step_seconds": 0}),
                range(count),
            )
        )
    assert {response.status_code for response in started} == {202}
    return [response.json()["id"] for response in started]


def _state(running: Stack, auth: dict[str, str], job_id: str) -> str:
    job = httpx.get(f"{running.core}/api/v1/tasks/{job_id}", headers=auth, timeout=20)
    return str(job.json()["state"])


def _wait_finished(running: Stack, auth: dict[str, str], ids: list[str], timeout: float) -> float:
    """Seconds until the last job queued succeeds (the queue is first in, first out); then
    every job is checked to have succeeded."""
    started = time.monotonic()
    wait_until(lambda: _state(running, auth, ids[-1]) == "SUCCESS", timeout, "the last job")
    seconds = time.monotonic() - started
    states = {_state(running, auth, job_id) for job_id in ids}
    assert states == {"SUCCESS"}, states
    return seconds


def _skip_repeated_broker_load(backends: dict[str, str]) -> None:
    if backends["database"] == "mysql":
        pytest.skip("the same RabbitMQ and Redis as the PostgreSQL flavour: measured there")


@pytest.fixture
def staff(stack: tuple[Stack, dict[str, str]]) -> dict[str, str]:
    running, backends = stack
    _skip_repeated_broker_load(backends)
    running.login("staff@example.com")
    running.promote_to_staff("staff@example.com")
    return running.login("staff@example.com")


def test_200_queued_jobs_all_finish_within_10s(
    stack: tuple[Stack, dict[str, str]], staff: dict[str, str]
) -> None:
    """The queue fills while no worker runs; a worker then drains it."""
    running, backends = stack
    running.wait_healthy()
    running.stop("worker")
    ids = _start_jobs(running, staff, 200)
    running.spawn("worker")
    running.worker_ready()
    seconds = _wait_finished(running, staff, ids, 60)
    if backends["broker"] == "sqlite":  # the embedded default's promise
        assert seconds < 10


class HealthWatch(threading.Thread):
    """Asks for health every 0.2 s until stopped, keeping each answer's status and queues."""

    def __init__(self, running: Stack) -> None:
        super().__init__(daemon=True)
        self.running = running
        self.answers: list[tuple[int, int]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            response = self.running.health()
            queues = response.json()["components"]["queues"]["facts"] or {}
            waiting = sum(queue["waiting"] for queue in queues.values())
            self.answers.append((response.status_code, waiting))


@pytest.mark.timeout(900)
def test_health_stays_200_while_500_jobs_queue_and_drain(
    stack: tuple[Stack, dict[str, str]], staff: dict[str, str]
) -> None:
    running, _ = stack
    running.wait_healthy()
    watch = HealthWatch(running)
    watch.start()
    try:
        ids = _start_jobs(running, staff, 500)
        _wait_finished(running, staff, ids, 120)
    finally:
        watch.stopped.set()
        watch.join(30)
    statuses = [status for status, _ in watch.answers]
    assert len(statuses) > 10, watch.answers
    assert set(statuses) == {200}, watch.answers
    assert max(waiting for _, waiting in watch.answers) > 0  # it did see the backlog


def test_a_killed_workers_task_runs_again_on_the_next_worker(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    running, backends = stack
    _skip_repeated_broker_load(backends)
    running.wait_healthy()
    auth = running.login()
    job = _start_count(running, auth, steps=20, step_seconds=0.25).json()
    wait_until(lambda: _state(running, auth, job["id"]) == "PROGRESS", 30, "the job running")
    running.kill("worker")
    running.spawn("worker")
    wait_until(lambda: _state(running, auth, job["id"]) == "SUCCESS", 60, "the job run again")
    assert "atrium.core.jobs.tasks.count" in running.procs["worker"].tail(400)


def test_stopping_the_worker_turns_workers_down_within_3s_and_back_within_3s(
    stack: tuple[Stack, dict[str, str]],
) -> None:
    running, _ = stack
    running.wait_healthy()
    running.stop("worker")
    stopped = time.monotonic()
    wait_until(lambda: running.health().status_code == 503, 3, "workers down")
    assert time.monotonic() - stopped < 3
    response = running.health()
    components = response.json()["components"]
    assert components["workers"]["status"] == "down"
    assert "no worker answered a ping within 1s" in components["workers"]["detail"]
    others = {name: c["status"] for name, c in components.items() if name != "workers"}
    assert set(others.values()) == {"ok"}, components
    # Kubernetes keeps core in its Service: readiness checks core's own datastores only.
    ready = httpx.get(f"{running.core}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["components"]) == {"database", "cache"}
    running.spawn("worker")
    running.worker_ready()
    back = time.monotonic()
    wait_until(lambda: running.health().status_code == 200, 3, "workers back")
    assert time.monotonic() - back < 3


@pytest.fixture(scope="module")
def without_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """core alone, its broker an address where nothing listens."""
    closed = f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    running = Stack(
        tmp_path_factory.mktemp("no-broker"),
        {"CELERY_BROKER_URL": closed, "CELERY_RESULT_BACKEND": "cache+memory://"},
    ).start("core")
    yield running
    running.stop()


def test_a_job_started_while_the_broker_is_unreachable_is_a_503_and_not_kept(
    without_broker: Stack,
) -> None:
    auth = without_broker.login()
    started = time.monotonic()
    response = httpx.post(
        f"{without_broker.core}/api/v1/tasks/count", headers=auth, json={"steps": 1}, timeout=20
    )
    assert time.monotonic() - started < 10
    assert response.status_code == 503, response.text
    assert "the broker is unreachable" in response.json()["detail"]
    assert response.headers["Retry-After"] == "10"
    listed = httpx.get(f"{without_broker.core}/api/v1/tasks/", headers=auth, timeout=20)
    assert listed.json() == []


def test_health_names_an_unreachable_broker_down_within_its_deadline(
    without_broker: Stack,
) -> None:
    without_broker.health()  # the first call also imports the broker's client library
    started = time.monotonic()
    response = without_broker.health()
    assert time.monotonic() - started < 4  # HEALTH_TIMEOUT_S is 3
    assert response.status_code == 503
    components = response.json()["components"]
    for name in ("broker", "workers", "queues"):
        assert components[name]["status"] == "down", components
    assert "refused" in components["broker"]["detail"].lower(), components["broker"]
    anyone = without_broker.health(details=False).json()
    assert anyone["components"]["broker"] == {"status": "down"}
