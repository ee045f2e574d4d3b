"""NASA Astronomy Picture of the Day: today, a date, a date range, or random entries.

Every entry's date is checked against what was asked (the day, the range, or the archive
up to today for today's and random entries): an entry for another day is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector, mismatch

FIRST_DAY = dt.date(1995, 6, 16)
TODAY = Freshness(ttl_s=3600, revalidate_s=3600, keep_s=7 * 86400)
PAST = Freshness(ttl_s=86400, revalidate_s=86400, keep_s=30 * 86400)


class ApodWire(BaseModel):
    date: dt.date
    title: str
    explanation: str = ""
    media_type: Literal["image", "video", "other"]
    url: str | None = None  # absent when media_type is "other"
    hdurl: str | None = None
    thumbnail_url: str | None = None
    copyright: str | None = None
    service_version: str | None = None


class ApodEntry(BaseModel):
    date: dt.date
    title: str
    explanation: str
    media_type: Literal["image", "video", "other"]
    url: str | None
    hd_url: str | None
    thumbnail_url: str | None
    # What a page can show as a picture: the image itself, or a video's thumbnail.
    image_url: str | None
    copyright: str | None


def to_entry(wire: ApodWire) -> ApodEntry:
    image = wire.url if wire.media_type == "image" else wire.thumbnail_url
    return ApodEntry(
        date=wire.date,
        title=wire.title,
        explanation=wire.explanation,
        media_type=wire.media_type,
        url=wire.url,
        hd_url=wire.hdurl,
        thumbnail_url=wire.thumbnail_url,
        image_url=image,
        copyright=" ".join(wire.copyright.split()) if wire.copyright else None,
    )


def to_entries(wires: list[ApodWire]) -> list[ApodEntry]:
    return [to_entry(wire) for wire in wires]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class Apod(Connector):
    path = "/planetary/apod"
    family = "apod"

    def _dated(self, first: dt.date, last: dt.date) -> Callable[[list[ApodWire]], list[ApodEntry]]:
        """Entries, once every one is dated within ``first..last``."""

        def normalize(wires: list[ApodWire]) -> list[ApodEntry]:
            asked = first.isoformat() if first == last else f"{first}..{last}"
            for wire in wires:
                if not first <= wire.date <= last:
                    raise mismatch(self.name, "date", asked, wire.date)
            return to_entries(wires)

        return normalize

    async def day(self, day: dt.date | None = None) -> Fetched[ApodEntry]:
        """The entry of ``day`` (today when None: NASA's today, which may be UTC's yesterday)."""
        params = {"date": day.isoformat() if day else None, "thumbs": "true"}
        freshness = PAST if day and day < utc_today() else TODAY
        dated = self._dated(day or FIRST_DAY, day or utc_today())
        return await self.get(
            self.path,
            params,
            wire=ApodWire,
            out=ApodEntry,
            normalize=lambda wire: dated([wire])[0],
            freshness=freshness,
        )

    async def range(self, start: dt.date, end: dt.date) -> Fetched[list[ApodEntry]]:
        params = {"start_date": start.isoformat(), "end_date": end.isoformat(), "thumbs": "true"}
        freshness = PAST if end < utc_today() else TODAY
        return await self.get(
            self.path,
            params,
            wire=list[ApodWire],
            out=list[ApodEntry],
            normalize=self._dated(start, end),
            freshness=freshness,
        )

    async def random(self, count: int) -> Fetched[list[ApodEntry]]:
        """``count`` random entries: never cached, each call is a new draw."""
        params = {"count": count, "thumbs": "true"}
        return await self.get(
            self.path,
            params,
            wire=list[ApodWire],
            out=list[ApodEntry],
            normalize=self._dated(FIRST_DAY, utc_today()),
            freshness=None,
        )
