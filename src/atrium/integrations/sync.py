"""Backfilling and daily syncing of NASA snapshots, shared by Celery tasks and the CLI.

Each run opens its own hub and engine on its own event loop (tasks and the CLI run one
``asyncio.run`` per call) and reads the upstream directly, not through the cache.
Rate limits are respected by waiting: a refused slot is retried after its Retry-After.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from atrium.config import get_settings
from atrium.integrations import services, snapshots
from atrium.integrations.connectors.neo import windows
from atrium.integrations.errors import UpstreamUnavailable
from atrium.integrations.hub import Hub
from atrium.store.db import build_engine

APOD_CHUNK_DAYS = 30
T = TypeVar("T")


@dataclass
class Progress:
    """Callbacks a caller (the CLI's progress bar) may hook; each defaults to nothing."""

    advance: Callable[[int, str], None] = lambda steps, what: None
    waiting: Callable[[float], None] = lambda seconds: None


@asynccontextmanager
async def sync_context() -> AsyncIterator[tuple[Hub, AsyncSession]]:
    settings = get_settings()
    engine = build_engine(settings.ai_store_url)
    hub = Hub.build(settings, cache=None)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            yield hub, session
    finally:
        await hub.aclose()
        await engine.dispose()


async def patiently(call: Callable[[], Awaitable[T]], progress: Progress, tries: int = 50) -> T:
    """Run ``call``; when the upstream's rate limit refuses it, wait as told and try again."""
    for _ in range(tries - 1):
        try:
            return await call()
        except UpstreamUnavailable as exc:
            wait = exc.retry_after or 1.0
            progress.waiting(wait)
            await asyncio.sleep(wait)
    return await call()


def steps(since: dt.date, until: dt.date) -> int:
    """Progress steps of a backfill: one per APOD day and one per NEO window."""
    return (until - since).days + 1 + len(windows(since, until))


async def backfill_nasa(since: dt.date, until: dt.date, progress: Progress) -> int:
    """Store APOD and NEO snapshots for every day of ``since..until``; returns the days."""
    async with sync_context() as (hub, session):
        start = since
        while start <= until:
            end = min(start + dt.timedelta(days=APOD_CHUNK_DAYS - 1), until)
            fetched = await patiently(partial(hub.apod.range, start, end), progress)
            for entry in fetched.data:
                await snapshots.save_apod(session, entry, fetched.fetched_at)
            await session.commit()
            progress.advance((end - start).days + 1, f"APOD {start} to {end}")
            start = end + dt.timedelta(days=1)
        for window in windows(since, until):
            await patiently(partial(services.sync_neo, hub, session, *window), progress)
            progress.advance(1, f"NEO feed {window[0]} to {window[1]}")
    return (until - since).days + 1


async def sync_today(what: str, day: dt.date | None = None) -> str:
    day = day or services.utc_today()
    async with sync_context() as (hub, session):
        if what == "apod":
            await services.sync_apod(hub, session, day)
        else:
            await services.sync_neo(hub, session, day, day)
    return day.isoformat()
