"""The dashboard aggregate: every module fetched concurrently, each within its own deadline.

A module that fails or runs out of time is reported as its own error; the others are
unaffected, so the whole never takes longer than the deadline and never fails as a whole.
When every module failed because this server has no route to the public APIs, the answer
says so once, with the way to demo data.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import structlog
from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Source
from atrium.integrations.errors import UpstreamError
from atrium.integrations.hub import Hub
from atrium.integrations.services import utc_today

log = structlog.get_logger(__name__)
OFFLINE_NOTICE = (
    "This server cannot reach the public APIs: it seems to have no internet connection. "
    "Start Atrium with `atrium dev --offline` to use demo data instead."
)


async def _neo_today(hub: Hub) -> Fetched[Any]:
    fetched = await hub.neo.feed(utc_today(), utc_today())
    return Fetched(
        data=fetched.data.summary,
        stale=fetched.stale,
        source=fetched.source,
        fetched_at=fetched.fetched_at,
    )


MODULES: dict[str, Callable[[Hub], Awaitable[Fetched[Any]]]] = {
    "apod": lambda hub: hub.apod.day(None),
    "neo": _neo_today,
    "dog": lambda hub: hub.dogs.random(1),
    "joke": lambda hub: hub.jokes.random(),
    "spells": lambda hub: hub.potter.spells(),
}
Module = Literal["apod", "neo", "dog", "joke", "spells"]


class ModuleError(BaseModel):
    status: int
    detail: str
    retry_after_s: float | None = None
    offline: bool = False


class ModuleResult(BaseModel):
    ok: bool
    data: Any = None
    stale: bool = False
    source: Source | None = None
    error: ModuleError | None = None
    latency_ms: float


class Dashboard(BaseModel):
    modules: dict[str, ModuleResult]
    latency_ms: float
    notice: str | None = None  # one plain sentence about every module at once (offline)


async def _run(hub: Hub, name: str, deadline_s: float) -> ModuleResult:
    started = time.perf_counter()

    def elapsed() -> float:
        return round((time.perf_counter() - started) * 1000, 1)

    try:
        fetched = await asyncio.wait_for(MODULES[name](hub), deadline_s)
    except TimeoutError:
        error = ModuleError(status=504, detail=f"no answer within {deadline_s:g}s")
        return ModuleResult(ok=False, error=error, latency_ms=elapsed())
    except UpstreamError as exc:
        error = ModuleError(
            status=exc.status,
            detail=f"{exc.upstream}: {exc.detail}",
            retry_after_s=exc.retry_after,
            offline=exc.offline,
        )
        return ModuleResult(ok=False, error=error, latency_ms=elapsed())
    except Exception:  # a module's own fault stays in its slot: the page still answers
        log.exception("dashboard_module_failed", module=name)
        error = ModuleError(status=502, detail=f"{name}: its answer could not be processed")
        return ModuleResult(ok=False, error=error, latency_ms=elapsed())
    return ModuleResult(
        ok=True,
        data=fetched.data,
        stale=fetched.stale,
        source=fetched.source,
        latency_ms=elapsed(),
    )


async def build_dashboard(hub: Hub, modules: list[str], deadline_s: float) -> Dashboard:
    started = time.perf_counter()
    results = await asyncio.gather(*(_run(hub, name, deadline_s) for name in modules))
    offline = any(r.error and r.error.offline for r in results) and not any(
        r.source == "upstream" for r in results
    )
    return Dashboard(
        modules=dict(zip(modules, results, strict=True)),
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        notice=OFFLINE_NOTICE if offline else None,
    )
