"""Health probes for core's own dependencies, for Celery, and for api as api reports itself.

Every probe runs at once on its own thread and the report is ready by ``HEALTH_TIMEOUT_S``
whatever hangs. Core never touches the AI store: it asks api's ``/readyz`` and relays what
api says.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict

import httpx
from django.core.cache import cache
from django.db import connection

from atrium.common.health import (
    ComponentHealth,
    HealthReport,
    Status,
    backend_of,
    checked,
    optional,
    run_probe,
    within,
)
from atrium.config import get_settings
from atrium.tasks import monitor

# A worker's consumer loop answers a ping in milliseconds, busy or not: a second is ample.
PING_TIMEOUT_S = 1.0
CACHE_FALLBACK = "core serves without it (caches recompute, rate limits count per process)"


def full_report() -> HealthReport:
    deadline = get_settings().health_timeout_s
    api = run_probe(api_readiness, deadline)
    probes: dict[str, Callable[[], ComponentHealth]] = {
        **own_probes(),
        "broker": check_broker,
        "workers": check_workers,
        "queues": check_queues,
        "api": lambda: api_component(api),
        "ai_store": lambda: ai_store_component(api),
    }
    return HealthReport.of(within(deadline, probes))


def readiness_report() -> HealthReport:
    """What core cannot serve without: its database. The cache only degrades it."""
    return HealthReport.of(within(get_settings().health_timeout_s, own_probes()))


def own_probes() -> dict[str, Callable[[], ComponentHealth]]:
    return {"database": check_database, "cache": check_cache}


def check_database() -> ComponentHealth:
    def probe() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        finally:
            connection.close()  # the probe's thread ends with its connection

    return checked(connection.vendor, probe)


def check_cache() -> ComponentHealth:
    def probe() -> None:
        key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, timeout=10)
        if cache.get(key) != value:
            raise RuntimeError("a value written to the cache did not read back")
        cache.delete(key)

    health = checked("redis" if get_settings().redis_url else "memory", probe)
    return optional(health, CACHE_FALLBACK)


class NoWorker(Exception):
    pass


def _broker_backend() -> str:
    return backend_of(get_settings().broker_url)


def check_broker() -> ComponentHealth:
    def probe() -> str:
        with monitor.connect(get_settings().health_timeout_s) as conn:
            return f"reachable at {conn.as_uri()}"

    return checked(_broker_backend(), probe)


def check_workers() -> ComponentHealth:
    """Alive is answering a remote-control ping: it does not queue behind tasks."""

    deadline = get_settings().health_timeout_s
    wait_s = min(PING_TIMEOUT_S, deadline / 2)  # the answer must beat the report's deadline

    def probe() -> str:
        with monitor.connect(deadline) as conn:
            names = monitor.ping_workers(conn, wait_s)
        if not names:
            raise NoWorker(f"no worker answered a ping within {wait_s:g}s")
        return f"{', '.join(names)} answered"

    return checked("celery", probe)


def check_queues() -> ComponentHealth:
    """How much work waits: a backlog is a fact to report, not a failure."""
    depths: dict[str, monitor.QueueDepth] = {}

    def probe() -> str:
        with monitor.connect(get_settings().health_timeout_s) as conn:
            depths.update(monitor.queue_depths(conn))
        return ", ".join(f"{name}: {depth.waiting}" for name, depth in depths.items())

    health = checked(_broker_backend(), probe)
    facts = {name: asdict(depth) for name, depth in depths.items()}
    return health.model_copy(update={"facts": facts or None})


def api_readiness(timeout_s: float) -> tuple[HealthReport | None, ComponentHealth]:
    """api's ``/readyz``: its own report (when it answered) and api's component."""
    readyz = f"{get_settings().api_url}/readyz"
    answers: list[HealthReport] = []

    def probe() -> str:
        response = httpx.get(readyz, timeout=timeout_s)
        answers.append(HealthReport.model_validate_json(response.content))
        if answers[0].status == Status.DOWN:
            raise RuntimeError(f"{readyz} answered {response.status_code}: not ready")
        return f"{readyz} answered {response.status_code}"

    api = checked("http", probe)
    return (answers[0] if answers else None), api


ApiReadiness = Future[tuple[HealthReport | None, ComponentHealth]]


def api_component(readiness: ApiReadiness) -> ComponentHealth:
    return readiness.result()[1]


def ai_store_component(readiness: ApiReadiness) -> ComponentHealth:
    report, _ = readiness.result()
    if report is None:
        return _unknown("api did not answer")
    return report.components.get("ai_store") or _unknown("api did not report it")


def _unknown(detail: str) -> ComponentHealth:
    return ComponentHealth(status=Status.DOWN, latency_ms=0, backend="unknown", detail=detail)
