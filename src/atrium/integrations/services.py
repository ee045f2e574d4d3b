"""What the routes, tasks and CLI call: snapshots first for the past, the upstream otherwise."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from atrium.integrations import snapshots
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.apod import ApodEntry, utc_today
from atrium.integrations.connectors.neo import NeoFeed
from atrium.integrations.hub import Hub

__all__ = ["apod_day", "neo_feed", "sync_apod", "sync_neo", "utc_today"]


async def apod_day(hub: Hub, session: AsyncSession, day: dt.date | None) -> Fetched[ApodEntry]:
    if day is not None and day < utc_today():
        stored = await snapshots.load_apod(session, day)
        if stored is not None:
            return stored
    return await hub.apod.day(day)


async def neo_feed(
    hub: Hub, session: AsyncSession, start: dt.date, end: dt.date
) -> Fetched[NeoFeed]:
    if end < utc_today():
        stored = await snapshots.load_neo_feed(session, start, end)
        if stored is not None:
            return stored
    return await hub.neo.feed(start, end)


async def sync_apod(hub: Hub, session: AsyncSession, day: dt.date) -> None:
    """Fetch and store one day's APOD (idempotent: the row for ``day`` is replaced)."""
    fetched = await hub.apod.day(day)
    await snapshots.save_apod(session, fetched.data, fetched.fetched_at)
    await session.commit()


async def sync_neo(hub: Hub, session: AsyncSession, start: dt.date, end: dt.date) -> int:
    """Fetch and store the NEO feed of ``start..end``, one snapshot per day."""
    fetched = await hub.neo.feed(start, end)
    days = await snapshots.save_neo_days(
        session, start, end, fetched.data.asteroids, fetched.fetched_at
    )
    await session.commit()
    return days
