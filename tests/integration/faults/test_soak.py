"""Soak: mixed traffic at 64 connections through nginx, for ATRIUM_SOAK_SECONDS (60 s).

core, api and a worker run as real processes on PostgreSQL, Redis and RabbitMQ, behind
the real nginx with deploy/nginx's config; the public APIs are the local fake. Every
connection cycles through reads (the catalog, progress), writes (progress updates), a job,
a cached integration GET and an embedding. The run must answer every request as expected
(no 5xx, no 429, no transport error) and no process may grow its resident memory by 10%
or more between the end of the warm-up and the end of the run. The latencies (p50, p99
per kind of call) are printed.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from atrium.integrations.fake.app import FakeServer, settings_for
from tests.support import nginx as nginx_support
from tests.support.memory import Sample, session_rss
from tests.support.processes import Proc, http_ok, run_atrium, wait_until
from tests.support.services import free_port, require
from tests.support.soak import Call, Outcome, Plan, run_load
from tests.support.stack import Stack

SOAK_SECONDS = float(os.environ.get("ATRIUM_SOAK_SECONDS", "60"))
WARM_UP_LIMIT_SECONDS = 240.0
CONNECTIONS = 64
MAX_REQUESTS_PER_SECOND = 5_000  # the count bound: far above what 2 cores serve
USERS = 4
MAX_GROWTH = 0.10
CATALOG = Path(__file__).parents[3] / "src/atrium/core/learning/data/demo_catalog.json"
UNLIMITED = str(10**9)

pytestmark = pytest.mark.timeout(600 + 2 * int(SOAK_SECONDS))


@dataclass
class Gateway:
    url: str
    stack: Stack
    nginx: Proc
    users: list[dict[str, str]]
    items: list[int]

    def processes(self) -> dict[str, int]:
        """Each started process (its session leader's PID) by name."""
        named = {**self.stack.procs, "nginx": self.nginx}
        return {name: proc.process.pid for name, proc in named.items() if proc.process}


@pytest.fixture(scope="module")
def gateway(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_url: str,
    redis_url: str,
    amqp_url: str,
) -> Iterator[Gateway]:
    require("nginx", nginx_support.nginx_binary)
    with FakeServer(free_port()) as fake:
        settings = {
            "DATABASE_URL": postgres_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": amqp_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "LOG_LEVEL": "WARNING",
            # The soak's users send far more than a person would: limits out of the way.
            "INTEGRATIONS_USER_REQUESTS_PER_MINUTE": UNLIMITED,
            "AI_USER_REQUESTS_PER_MINUTE": UNLIMITED,
            "AI_USER_CONCURRENCY": str(CONNECTIONS),
            "JOBS_MAX_RUNNING_PER_USER": UNLIMITED,
            **settings_for(fake.url),
        }
        stack = Stack(tmp_path_factory.mktemp("soak-stack"), settings).start()
        listen = free_port()
        config = nginx_support.render(
            tmp_path_factory.mktemp("soak-nginx"),
            listen=listen,
            core=f"127.0.0.1:{stack.core_port}",
            api=f"127.0.0.1:{stack.api_port}",
            web=f"127.0.0.1:{free_port()}",  # no dashboard: the soak does not ask for pages
        )
        server = nginx_support.nginx(config).start()
        try:
            url = f"http://127.0.0.1:{listen}"
            wait_until(http_ok(f"{url}/api/v1/docs"), 30, "nginx", [server])
            run_atrium("catalog", "import", str(CATALOG), env=stack.env)
            users = [stack.login(f"soak{n}@example.com") for n in range(USERS)]
            listed = httpx.get(
                f"{url}/api/v1/catalog/items", params={"page_size": 50}, headers=users[0]
            )
            listed.raise_for_status()
            items = [item["id"] for item in listed.json()["results"]]
            assert len(items) >= CONNECTIONS // USERS, "the demo catalog was not imported"
            # The import's change events are embedded first: a pool child doing that
            # during the soak would count the embedding model it loads as growth.
            wait_until(lambda: queues_empty(stack), 300, "the import's events", [server])
            yield Gateway(url, stack, server, users, items)
        finally:
            server.stop()
            stack.stop()


def queues_empty(stack: Stack) -> bool:
    queues = stack.health().json()["components"]["queues"]["facts"] or {}
    return bool(queues) and all(queue["waiting"] == 0 for queue in queues.values())


KINDS = ("catalog", "progress", "write", "integration", "job", "embedding")
# Reads most often, the costly calls least.
SOAK_CYCLE = ("catalog", "progress", "write", "integration") * 2 + (
    "catalog", "progress", "job", "embedding",
)  # fmt: skip
spent = itertools.count(1)  # time_spent_s, which never decreases, grows with every write


def mixed_traffic(gateway: Gateway, cycle: tuple[str, ...]) -> Plan:
    """Worker w's n-th call: the kinds of ``cycle`` in turn."""

    def plan(worker: int, n: int) -> Call:
        kind = cycle[(worker + n) % len(cycle)]
        auth = gateway.users[worker % USERS]
        # Each connection writes items no other connection of its user writes: one at a
        # time, so the values of ``spent`` reach each record in order.
        own = gateway.items[worker // USERS :: CONNECTIONS // USERS]
        item = own[n % len(own)]
        if kind == "catalog":
            return Call(kind, "GET", "/api/v1/catalog/items?page_size=50", auth)
        if kind == "progress":
            return Call(kind, "GET", "/api/v1/progress/?page_size=50", auth)
        if kind == "write":
            body = {"status": "in_progress", "time_spent_s": next(spent)}
            return Call(kind, "PUT", f"/api/v1/progress/{item}", auth, body, frozenset({200, 201}))
        if kind == "job":
            body = {"steps": 1, "step_seconds": 0}
            return Call(kind, "POST", "/api/v1/tasks/count", auth, body, frozenset({202}))
        if kind == "integration":
            return Call(kind, "GET", "/api/v1/integrations/potter/spells", auth)
        body = {"texts": [f"soak sentence {n} from connection {worker}"]}
        return Call(kind, "POST", "/api/v1/embeddings", auth, body)

    return plan


def load(gateway: Gateway, cycle: tuple[str, ...], seconds: float, max_requests: int) -> Outcome:
    plan = mixed_traffic(gateway, cycle)
    return asyncio.run(
        run_load(
            gateway.url, plan, connections=CONNECTIONS, seconds=seconds, max_requests=max_requests
        )
    )


def memory(gateway: Gateway) -> dict[str, dict[int, Sample]]:
    return {name: session_rss(pid) for name, pid in gateway.processes().items()}


def grown(before: dict[str, dict[int, Sample]], after: dict[str, dict[int, Sample]]) -> list[str]:
    """Each process, alive at both samples, whose resident memory grew by MAX_GROWTH or more."""
    lines = []
    for name, samples in after.items():
        for pid, end in samples.items():
            start = before[name].get(pid)
            if start and start.rss_kib and end.rss_kib > start.rss_kib * (1 + MAX_GROWTH):
                growth = end.rss_kib / start.rss_kib - 1
                lines.append(
                    f"{name} pid {pid} ({end.command}): {start.rss_kib} -> {end.rss_kib} KiB"
                    f" (+{growth:.0%})"
                )
    return lines


def memory_report(before: dict[str, dict[int, Sample]], after: dict[str, dict[int, Sample]]) -> str:
    rows = []
    for name, samples in after.items():
        for pid, end in sorted(samples.items()):
            start = before[name].get(pid)
            was = f"{start.rss_kib:>9}" if start else "      new"
            rows.append(f"{name:<7} {pid:>7} {was} -> {end.rss_kib:>9} KiB  {end.command[:60]}")
    return "\n".join(rows)


def test_mixed_traffic_through_nginx_has_no_errors_and_flat_memory(
    gateway: Gateway, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="httpx")  # not a line per request
    # Every connection makes each kind of call once: each process behind nginx has then
    # loaded what it loads lazily (the embedding model, the AI store's engine, ...).
    warm_up = load(gateway, KINDS, WARM_UP_LIMIT_SECONDS, CONNECTIONS * len(KINDS))
    assert warm_up.failures == [], warm_up.failures[:20]
    assert warm_up.count == CONNECTIONS * len(KINDS), "the warm-up did not finish"
    before = memory(gateway)
    soak = load(gateway, SOAK_CYCLE, SOAK_SECONDS, int(MAX_REQUESTS_PER_SECOND * SOAK_SECONDS))
    after = memory(gateway)
    with capsys.disabled():
        print(f"\nsoak through nginx, {CONNECTIONS} connections, {SOAK_SECONDS:.0f} s:")
        print(soak.report())
        print("resident memory after the warm-up -> at the end:")
        print(memory_report(before, after))

    assert soak.failures == [], f"{len(soak.failures)} failed: {soak.failures[:20]}"
    assert set(soak.latencies_ms) == {
        "catalog",
        "progress",
        "write",
        "job",
        "integration",
        "embedding",
    }
    for name, pid in gateway.processes().items():
        assert after[name].get(pid), f"{name} is no longer running"
    assert grown(before, after) == []
