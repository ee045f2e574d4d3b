"""The dashboard aggregate: every module fetched concurrently, each within its own deadline.

A module that fails or runs out of time is reported as its own error; the others are
unaffected, so the whole never takes longer than the deadline.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Source
from atrium.integrations.errors import UpstreamError
from atrium.integrations.hub import Hub
from atrium.integrations.services import utc_today


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
        error = ModuleError(status=exc.status, detail=f"{exc.upstream}: {exc.detail}")
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
    return Dashboard(
        modules=dict(zip(modules, results, strict=True)),
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
    )
