"""RabbitMQ restarted while jobs are published and consumed: no job that core accepted is
lost, a publisher refused during the outage (503 with Retry-After) succeeds when it tries
again, health names the broker down during the outage and ok after it, and neither core
nor the worker needs a restart.

The node is a RabbitMQ of the test's own (``atrium-test-<random>@localhost`` on free
loopback ports), stopped and started by its PID; its data survives the restart, as a real
node's does.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.brokers import PrivateRabbitMQ
from tests.support.private_servers import private_root
from tests.support.processes import wait_until
from tests.support.services import require
from tests.support.stack import Stack

OUTAGE_S = 60  # the longest for health to see the outage, and the recovery


@pytest.fixture
def node_and_stack() -> Iterator[tuple[PrivateRabbitMQ, Stack]]:
    root = private_root("atrium-rabbitmq-")
    node = PrivateRabbitMQ(root)
    require("a private RabbitMQ node", node.start)
    # The publisher keeps more jobs unfinished than one user's cap while the broker is away.
    stack = Stack(
        root / "stack", {"CELERY_BROKER_URL": node.url, "JOBS_MAX_RUNNING_PER_USER": "1000"}
    )
    try:
        yield node, stack.start("core", "worker")
    finally:
        stack.stop()
        node.stop()
        shutil.rmtree(root, ignore_errors=True)


class Publisher(threading.Thread):
    """Starts one-step jobs through core until stopped; a refused one is tried again after
    the Retry-After core sends (capped, to keep the test short)."""

    def __init__(self, stack: Stack, auth: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=stack.core, headers=auth, timeout=30)
        self.accepted: list[str] = []
        self.refusals: list[httpx.Response] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        body = {"steps": 1, "step_seconds": 0}
        while not self.stopped.is_set():
            response = self.client.post("/api/v1/tasks/count", json=body)
            if response.status_code == 202:
                self.accepted.append(response.json()["id"])
                time.sleep(0.05)
            else:
                self.refusals.append(response)
                time.sleep(min(float(response.headers.get("Retry-After", 1)), 0.5))

    def wait_for(self, accepted: int, timeout: float) -> None:
        wait_until(lambda: len(self.accepted) >= accepted, timeout, f"{accepted} jobs accepted")


def _status(stack: Stack, component: str) -> str:
    """A component's status in core's health report (api is not running: only the broker's
    and the workers' count here)."""
    return str(stack.health().json()["components"][component]["status"])


def _broker_and_workers_ok(stack: Stack) -> bool:
    return _status(stack, "broker") == _status(stack, "workers") == "ok"


def _state(stack: Stack, auth: dict[str, str], job_id: str) -> str:
    response = httpx.get(f"{stack.core}/api/v1/tasks/{job_id}", headers=auth, timeout=20)
    return str(response.json()["state"])


@pytest.mark.timeout(300)
def test_a_rabbitmq_restart_loses_no_accepted_job(
    node_and_stack: tuple[PrivateRabbitMQ, Stack],
) -> None:
    node, stack = node_and_stack
    wait_until(lambda: _broker_and_workers_ok(stack), OUTAGE_S, "broker and workers ok")
    auth = stack.login()
    publisher = Publisher(stack, auth)
    publisher.start()
    try:
        publisher.wait_for(10, 60)
        node.stop()
        wait_until(lambda: _status(stack, "broker") == "down", OUTAGE_S, "health: broker down")
        wait_until(lambda: len(publisher.refusals) > 0, OUTAGE_S, "a publisher refused")
        before_restart = len(publisher.accepted)
        node.start()
        wait_until(lambda: _status(stack, "broker") == "ok", OUTAGE_S, "health: broker ok")
        publisher.wait_for(before_restart + 10, OUTAGE_S)
    finally:
        publisher.stopped.set()
        publisher.join(30)

    for refusal in publisher.refusals:
        assert refusal.status_code == 503, refusal.text
        assert "broker" in refusal.json()["detail"], refusal.text
        assert "Retry-After" in refusal.headers
    unfinished = set(publisher.accepted)

    def all_succeeded() -> bool:
        unfinished.difference_update(
            [job_id for job_id in list(unfinished) if _state(stack, auth, job_id) == "SUCCESS"]
        )
        return not unfinished

    wait_until(all_succeeded, 120, "every accepted job's success", [*stack.procs.values()])
    assert stack.procs["core"].alive()
    assert stack.procs["worker"].alive()
    assert _broker_and_workers_ok(stack)
