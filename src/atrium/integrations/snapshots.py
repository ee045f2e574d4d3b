"""Reading and writing snapshots; past dates are served from here without the upstream."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.apod import ApodEntry
from atrium.integrations.connectors.neo import Asteroid, NeoFeed, summarize
from atrium.integrations.models import ApodSnapshot, NeoDaySnapshot


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def save_apod(session: AsyncSession, entry: ApodEntry, fetched_at: dt.datetime) -> None:
    """Insert or replace the snapshot of ``entry.date``: running twice changes nothing."""
    await session.merge(
        ApodSnapshot(day=entry.date, entry=entry.model_dump(mode="json"), fetched_at=fetched_at)
    )


async def load_apod(session: AsyncSession, day: dt.date) -> Fetched[ApodEntry] | None:
    row = await session.get(ApodSnapshot, day)
    if row is None:
        return None
    return Fetched(
        data=ApodEntry.model_validate(row.entry),
        source="snapshot",
        fetched_at=_aware(row.fetched_at),
    )


async def save_neo_days(
    session: AsyncSession,
    start: dt.date,
    end: dt.date,
    asteroids: list[Asteroid],
    fetched_at: dt.datetime,
) -> int:
    """One snapshot per day of ``start..end``, each holding the objects passing that day."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    for day in days:
        passing = [a for a in asteroids if any(p.date == day for p in a.approaches)]
        await session.merge(
            NeoDaySnapshot(
                day=day,
                asteroids=[a.model_dump(mode="json") for a in passing],
                fetched_at=fetched_at,
            )
        )
    return len(days)


async def load_neo_feed(
    session: AsyncSession, start: dt.date, end: dt.date
) -> Fetched[NeoFeed] | None:
    """The feed from snapshots, only when every day of the range has one."""
    rows = (
        await session.scalars(select(NeoDaySnapshot).where(NeoDaySnapshot.day.between(start, end)))
    ).all()
    if len(rows) != (end - start).days + 1:
        return None
    asteroids = [Asteroid.model_validate(a) for row in rows for a in row.asteroids]
    return Fetched(
        data=summarize(start, end, asteroids),
        source="snapshot",
        fetched_at=min(_aware(row.fetched_at) for row in rows),
    )
