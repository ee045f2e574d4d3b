"""NASA: APOD, the NEO feed and lookup, the Image and Video Library."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from atrium.api.deps import HubDep, SessionDep
from atrium.integrations import services
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.apod import FIRST_DAY, ApodEntry
from atrium.integrations.connectors.nasa_images import MediaSearch, MediaType
from atrium.integrations.connectors.neo import Asteroid, NeoFeed

router = APIRouter(prefix="/nasa", tags=["nasa"])
MAX_APOD_RANGE_DAYS = 100
MAX_NEO_RANGE_DAYS = 31


def _check_span(start: dt.date, end: dt.date, max_days: int, lowest: dt.date) -> None:
    if start < lowest or end > services.utc_today():
        raise HTTPException(422, f"dates must be between {lowest} and today")
    if start > end:
        raise HTTPException(422, "start_date must not be after end_date")
    if (end - start).days + 1 > max_days:
        raise HTTPException(422, f"a range spans at most {max_days} days")


@router.get("/apod")
async def apod(
    hub: HubDep, session: SessionDep, date: Annotated[dt.date | None, Query()] = None
) -> Fetched[ApodEntry]:
    """The Astronomy Picture of the Day (today by default); past days come from snapshots."""
    if date is not None:
        _check_span(date, date, 1, FIRST_DAY)
    return await services.apod_day(hub, session, date)


@router.get("/apod/range")
async def apod_range(
    hub: HubDep, start_date: dt.date, end_date: dt.date
) -> Fetched[list[ApodEntry]]:
    _check_span(start_date, end_date, MAX_APOD_RANGE_DAYS, FIRST_DAY)
    return await hub.apod.range(start_date, end_date)


@router.get("/apod/random")
async def apod_random(
    hub: HubDep, count: Annotated[int, Query(ge=1, le=100)] = 1
) -> Fetched[list[ApodEntry]]:
    return await hub.apod.random(count)


@router.get("/neo/feed")
async def neo_feed(
    hub: HubDep,
    session: SessionDep,
    start_date: dt.date,
    end_date: dt.date | None = None,
) -> Fetched[NeoFeed]:
    """Near-Earth objects passing in a range (up to 31 days; the upstream's 7 are merged)."""
    end = end_date or min(start_date + dt.timedelta(days=6), services.utc_today())
    _check_span(start_date, end, MAX_NEO_RANGE_DAYS, dt.date(1900, 1, 1))
    return await services.neo_feed(hub, session, start_date, end)


@router.get("/neo/{asteroid_id}")
async def neo_lookup(
    hub: HubDep, asteroid_id: Annotated[str, Path(pattern=r"^\d{1,12}$")]
) -> Fetched[Asteroid]:
    return await hub.neo.lookup(asteroid_id)


@router.get("/images/search")
async def images_search(
    hub: HubDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    media_type: MediaType | None = None,
    page: Annotated[int, Query(ge=1, le=100)] = 1,
    year_start: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_end: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> Fetched[MediaSearch]:
    return await hub.images.search(q, media_type, page, year_start, year_end)
