"""NASA Astronomy Picture of the Day: today, a date, a date range, or random entries."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector

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


class Apod(Connector):
    path = "/planetary/apod"

    async def day(self, day: dt.date | None = None) -> Fetched[ApodEntry]:
        """The entry of ``day`` (today when None)."""
        params = {"date": day.isoformat() if day else None, "thumbs": "true"}
        freshness = PAST if day and day < dt.date.today() else TODAY
        return await self.get(
            self.path,
            params,
            wire=ApodWire,
            out=ApodEntry,
            normalize=to_entry,
            freshness=freshness,
        )

    async def range(self, start: dt.date, end: dt.date) -> Fetched[list[ApodEntry]]:
        params = {"start_date": start.isoformat(), "end_date": end.isoformat(), "thumbs": "true"}
        freshness = PAST if end < dt.date.today() else TODAY
        return await self.get(
            self.path,
            params,
            wire=list[ApodWire],
            out=list[ApodEntry],
            normalize=to_entries,
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
            normalize=to_entries,
            freshness=None,
        )
