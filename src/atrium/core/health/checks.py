"""Health probes for core's own dependencies, and for api's as api reports them.

Core never touches the AI store: it asks api's ``/readyz`` and relays what api says.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.cache import cache
from django.db import connection

from atrium.common.health import (
    ComponentHealth,
    Degraded,
    HealthReport,
    Status,
    backend_of,
    checked,
    describe,
)
from atrium.config import get_settings
from atrium.tasks.ping import ping


def full_report() -> HealthReport:
    with ThreadPoolExecutor(max_workers=2) as pool:
        broker = pool.submit(check_broker)
        api = pool.submit(check_api)
        components = own_datastores()
        components["broker"] = broker.result()
        components.update(api.result())
    return HealthReport.of(components)


def own_datastores() -> dict[str, ComponentHealth]:
    """core's own database and cache: what readiness needs, and the first part of the report."""
    return {"database": check_database(), "cache": check_cache()}


def check_database() -> ComponentHealth:
    def probe() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    return checked(connection.vendor, probe)


def check_cache() -> ComponentHealth:
    def probe() -> None:
        key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, timeout=10)
        if cache.get(key) != value:
            raise RuntimeError("a value written to the cache did not read back")
        cache.delete(key)

    return checked("redis" if get_settings().redis_url else "memory", probe)


class NoWorker(Exception):
    pass


def check_broker() -> ComponentHealth:
    """A round trip through the broker to a worker and back through the result backend."""
    settings = get_settings()
    timeout = settings.health_timeout_s

    def probe() -> str:
        try:
            pending = ping.apply_async(expires=timeout, retry=False)
        except Exception as exc:
            raise ConnectionError(f"broker unreachable: {describe(exc)}") from exc
        try:
            answer = pending.get(timeout=timeout, interval=0.05)
        except CeleryTimeout as exc:
            raise NoWorker(
                f"broker reachable, but no worker answered a ping within {timeout:g}s"
            ) from exc
        except Exception as exc:
            raise Degraded(f"ping sent, but the result backend failed: {describe(exc)}") from exc
        finally:
            pending.forget()
        return f"worker {answer['host']}:{answer['pid']} answered"

    return checked(backend_of(settings.broker_url), probe)


def check_api() -> dict[str, ComponentHealth]:
    """api's readiness over HTTP, and the AI store's state as api reports it."""
    settings = get_settings()
    readyz = f"{settings.api_url}/readyz"
    answers: list[HealthReport] = []

    def probe() -> str:
        response = httpx.get(readyz, timeout=settings.health_timeout_s)
        answers.append(HealthReport.model_validate_json(response.content))
        if answers[0].status != Status.OK:
            raise Degraded(f"{readyz} answered {response.status_code}: not ready")
        return f"{readyz} answered {response.status_code}"

    api = checked("http", probe)
    if not answers:
        unknown = ComponentHealth(
            status=Status.DOWN, latency_ms=0, backend="unknown", detail="api did not answer"
        )
        return {"api": api, "ai_store": unknown}
    store = answers[0].components.get("ai_store") or ComponentHealth(
        status=Status.DOWN, latency_ms=0, backend="unknown", detail="api did not report it"
    )
    return {"api": api, "ai_store": store}
