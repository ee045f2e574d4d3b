"""A worker killed with SIGKILL mid-task, on each broker: the task runs again on the next
worker within the redelivery time the settings state (docs/operations.md, "Worker and
broker faults"), its progress restarts rather than staying stale, and it runs to success
once, never twice at a time.

The brokers are the embedded SQLite file, a redis-server and a RabbitMQ node of the
test's own (never the machine's). The task runs longer than the visibility timeout, so a
lease that was not renewed would hand the running task to a second worker.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.brokers import PrivateRabbitMQ
from tests.support.private_servers import PrivateRedis, private_root
from tests.support.processes import wait_until
from tests.support.services import require
from tests.support.stack import Stack

VISIBILITY_S = 3
# The longest from a kill to the task's next start: SQLite hands it on when its lease ends
# (VISIBILITY_S); Redis at the next sweep after that (a third of it later); RabbitMQ at
# once. Doubled, as the new worker's first poll may follow its start by a moment.
REDELIVERY_BOUND_S = 2 * VISIBILITY_S + 2
STEPS, STEP_S = 16, 0.4  # 6.4 s: twice the visibility timeout


def _embedded(root: Path) -> tuple[dict[str, str], Callable[[], None]]:
    return {}, lambda: None


def _redis(root: Path) -> tuple[dict[str, str], Callable[[], None]]:
    server = PrivateRedis(root)
    require("redis-server", server.start)
    return {"CELERY_BROKER_URL": server.url}, server.stop


def _rabbitmq(root: Path) -> tuple[dict[str, str], Callable[[], None]]:
    node = PrivateRabbitMQ(root)
    require("a private RabbitMQ node", node.start)
    return {"CELERY_BROKER_URL": node.url}, node.stop


BROKERS = {"sqlite": _embedded, "redis": _redis, "amqp": _rabbitmq}


@pytest.fixture(params=list(BROKERS))
def stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    root = private_root(f"atrium-kill-{request.param}-")
    settings, stop_broker = BROKERS[request.param](root)
    running = Stack(root / "stack", {**settings, "BROKER_VISIBILITY_TIMEOUT_S": str(VISIBILITY_S)})
    try:
        yield running.start("core", "worker")
    finally:
        running.stop()
        stop_broker()
        shutil.rmtree(root, ignore_errors=True)


def _job(running: Stack, auth: dict[str, str], job_id: str) -> dict[str, Any]:
    response = httpx.get(f"{running.core}/api/v1/tasks/{job_id}", headers=auth, timeout=20)
    return dict(response.json())


def _log_count(running: Stack, text: str) -> int:
    return running.procs["worker"].log.read_text(errors="replace").count(text)


@pytest.mark.timeout(180)
def test_a_killed_workers_task_runs_again_in_time_and_once(stack: Stack) -> None:
    running = stack
    running.worker_ready()
    auth = running.login()
    body = {"steps": STEPS, "step_seconds": STEP_S}
    started = httpx.post(f"{running.core}/api/v1/tasks/count", headers=auth, json=body, timeout=20)
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]

    def well_under_way() -> bool:
        progress = _job(running, auth, job_id)["progress"]
        return progress is not None and progress["done"] >= 3

    wait_until(well_under_way, 60, "the job under way", [running.procs["worker"]])
    running.kill("worker")
    done_at_kill = _job(running, auth, job_id)["progress"]["done"]
    running.spawn("worker")
    running.worker_ready()

    def restarted() -> bool:
        job = _job(running, auth, job_id)
        progress = job["progress"]
        return job["state"] == "STARTED" or (
            progress is not None and progress["done"] < done_at_kill
        )

    wait_until(restarted, REDELIVERY_BOUND_S, "the task started again, its progress anew")
    wait_until(lambda: _job(running, auth, job_id)["state"] == "SUCCESS", 60, "the job's success")

    job = _job(running, auth, job_id)
    assert job["progress"] == {"done": STEPS, "total": STEPS, "percent": 100.0}
    # Taken by the killed worker, then by the next one only: never while it ran.
    assert _log_count(running, f"[{job_id}] received") == 2
    assert _log_count(running, f"[{job_id}] succeeded") == 1
