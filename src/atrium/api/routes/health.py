"""Liveness answers without touching anything; readiness checks api's own dependencies.

A kubelet probes every few seconds, and a load balancer may probe far more often, so both
cost little: they are the app's own routes, ahead of every included router (FastAPI walks
an included router's routes twice per request), they take no dependencies (readiness asks
``deps`` for the AI store's engine itself: FastAPI resolving it cost each probe 8 of its
61 us), and answer bodies they render themselves (FastAPI would validate and encode a
returned value again on every probe).
"""

from __future__ import annotations

import asyncio
import uuid
import weakref

from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.api.deps import get_engine
from atrium.common.cache import cache_backend_name, get_cache
from atrium.common.health import HealthReport, checked_async, optional
from atrium.config import get_settings
from atrium.integrations.base.caching import Coalescer
from atrium.store.migrate import current_revisions, head_revisions

ALIVE = b'{"status":"ok"}'


def install_probes(app: FastAPI) -> None:
    app.add_api_route(
        "/healthz", liveness, methods=["GET"], tags=["health"], response_model=dict[str, str]
    )
    app.add_api_route(
        "/readyz",
        readiness,
        methods=["GET"],
        tags=["health"],
        response_model=HealthReport,
        responses={503: {"model": HealthReport}},
    )


async def liveness() -> Response:
    return Response(ALIVE, media_type="application/json")


# Probes that arrive while a check runs share its answer instead of opening the store and
# writing the cache once each (a probe answered later starts a check of its own).
checks_in_flight = Coalescer()


async def readiness() -> Response:
    engine = get_engine()
    body, status_code = await checks_in_flight.run(
        f"readyz:{id(engine)}", lambda: rendered_readiness(engine)
    )
    return Response(body, status_code=status_code, media_type="application/json")


async def rendered_readiness(engine: AsyncEngine) -> tuple[bytes, int]:
    """The report as its answer's body, rendered once for every probe that shares it."""
    report = await readiness_of(engine)
    return report.model_dump_json().encode(), report.http_status


async def readiness_of(engine: AsyncEngine) -> HealthReport:
    timeout = get_settings().health_timeout_s
    store, cache = await asyncio.gather(
        checked_async(engine.dialect.name, lambda: probe_ai_store(engine), timeout),
        checked_async(cache_backend_name(), probe_cache, timeout),
    )
    # api serves without its cache (computed again, rate limits per process): it degrades.
    cache = optional(cache, "api serves without it")
    return HealthReport.of({"ai_store": store, "cache": cache})


# Reading the schema's revisions costs a probe several times its SELECT 1 in CPU. Once a
# store is found at head it stays there for this process (migrations only move forward,
# and this process's code needs head), so later probes only check the connection.
stores_at_head: weakref.WeakSet[AsyncEngine] = weakref.WeakSet()


async def probe_ai_store(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        await connection.exec_driver_sql("SELECT 1")
    expected = head_revisions()
    if engine not in stores_at_head:
        current = await current_revisions(engine)
        if current != expected:
            missing = ", ".join(sorted(expected - current))
            raise RuntimeError(f"schema lacks {missing}: run `atrium migrate`")
        stores_at_head.add(engine)
    return "schema at " + ", ".join(sorted(expected))


async def probe_cache() -> None:
    cache = get_cache()
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    await cache.set(key, value, expire=10)
    if await cache.get(key) != value:
        raise RuntimeError("a value written to the cache did not read back")
    await cache.delete(key)
