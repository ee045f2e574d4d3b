"""Metrics of real processes scraped over HTTP: a worker's main process sums its pool
children, api sums its uvicorn workers, core counts what it published."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.processes import wait_until
from tests.support.services import free_port
from tests.support.stack import Stack

pytestmark = pytest.mark.timeout(300)

COUNT = "atrium.core.jobs.tasks.count"
JOBS = 3  # a user may run 3 jobs at a time


def scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    body = httpx.get(url, timeout=10).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return samples.get((name, frozenset(labels.items())), 0.0)


# The publish-time header must cross each broker: the embedded one and RabbitMQ.
@pytest.fixture(scope="module", params=["embedded", "rabbitmq"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    settings = {"WORKER_METRICS_PORT": str(free_port()), "BEAT_METRICS_PORT": str(free_port())}
    if request.param == "rabbitmq":
        settings["CELERY_BROKER_URL"] = request.getfixturevalue("amqp_url")
    running = Stack(tmp_path_factory.mktemp(request.param), settings)
    running.start("core", "api", "worker")
    running.worker_ready()
    yield running
    running.stop()


def _run_jobs(running: Stack, count: int) -> None:
    """Starts ``count`` jobs at once (each long enough that both pool children take one)
    and waits until all have succeeded."""
    auth = running.login()
    body = {"steps": 5, "step_seconds": 0.3}
    url = f"{running.core}/api/v1/tasks/count"
    with ThreadPoolExecutor(count) as pool:
        started = list(
            pool.map(lambda _: httpx.post(url, headers=auth, json=body, timeout=20), range(count))
        )
    assert all(r.status_code == 202 for r in started), [r.text for r in started]

    def done() -> bool:
        states = [
            httpx.get(f"{running.core}/api/v1/tasks/{r.json()['id']}", headers=auth).json()
            for r in started
        ]
        return all(job["state"] == "SUCCESS" for job in states)

    wait_until(done, 120, "jobs succeeded", list(running.procs.values()))


def test_a_workers_metrics_sum_its_pool_children(stack: Stack) -> None:
    _run_jobs(stack, JOBS)
    port = stack.env["WORKER_METRICS_PORT"]
    metrics_url = f"http://127.0.0.1:{port}/metrics"

    # The child records a task's end just after its result is stored: wait for the last one.
    def all_ended() -> bool:
        return (
            value(scrape(metrics_url), "atrium_worker_task_runtime_seconds_count", task=COUNT)
            >= JOBS
        )

    wait_until(all_ended, 30, "runtimes recorded", list(stack.procs.values()))
    samples = scrape(metrics_url)
    tasks = "atrium_worker_tasks_total"
    for state in ("received", "started", "succeeded"):
        assert value(samples, tasks, task=COUNT, state=state) == JOBS, state
    assert value(samples, tasks, task=COUNT, state="failed") == 0
    assert value(samples, "atrium_worker_task_runtime_seconds_count", task=COUNT) == JOBS
    # Each job sleeps 5 x 0.3 s: no runtime can be under a second.
    assert value(samples, "atrium_worker_task_runtime_seconds_bucket", task=COUNT, le="1.0") == 0
    waits = "atrium_worker_task_queue_wait_seconds_count"
    assert value(samples, waits, task=COUNT, queue="default") == JOBS
    assert value(samples, "atrium_worker_tasks_active", task=COUNT) == 0

    # Received is counted in the main process, started in the children: the counts above
    # are the sum of files from the main process and at least two children.
    folder = Path(stack.env["ATRIUM_VAR_DIR"]) / "metrics" / f"worker-{port}"
    writers = {path.stem.rsplit("_", 1)[1] for path in folder.glob("counter_*.db")}
    assert len(writers) >= 3, writers


def test_core_counts_the_tasks_it_published(stack: Stack) -> None:
    before = value(scrape(f"{stack.core}/metrics"), "atrium_tasks_published_total", task=COUNT)
    _run_jobs(stack, 2)
    after = value(scrape(f"{stack.core}/metrics"), "atrium_tasks_published_total", task=COUNT)
    assert after - before == 2


def test_api_sums_its_uvicorn_workers(stack: Stack) -> None:
    assert stack.env["WEB_CONCURRENCY"] == "2"
    url = f"{stack.api}/metrics"
    labels = {"route": "/healthz", "method": "GET", "status": "200"}
    before = value(scrape(url), "atrium_api_http_requests_total", **labels)
    for _ in range(40):  # a connection each: the kernel spreads them over both workers
        assert httpx.get(f"{stack.api}/healthz", timeout=10).status_code == 200
    after = value(scrape(url), "atrium_api_http_requests_total", **labels)
    assert after - before == 40
    folder = Path(stack.env["ATRIUM_VAR_DIR"]) / "metrics" / f"api-{httpx.URL(stack.api).port}"
    assert list(folder.glob("counter_*.db"))


def test_beat_serves_what_it_published(stack: Stack) -> None:
    beat = stack.spawn("beat")
    url = f"http://127.0.0.1:{stack.env['BEAT_METRICS_PORT']}/metrics"
    wait_until(lambda: httpx.get(url, timeout=2).status_code == 200, 60, "beat metrics", [beat])
    families = {family.name for family in text_string_to_metric_families(httpx.get(url).text)}
    assert "atrium_tasks_published" in families
    beat.stop()
