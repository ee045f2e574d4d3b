"""Geocoding with Nominatim (search and reverse), within its usage policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from atrium.api.deps import HubDep
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.geo import Place

router = APIRouter(prefix="/geo", tags=["geo"])


@router.get("/search")
async def search(
    hub: HubDep,
    q: Annotated[str, Query(min_length=2, max_length=300)],
    limit: Annotated[int, Query(ge=1, le=40)] = 5,
    country_codes: Annotated[str | None, Query(pattern=r"^[a-zA-Z]{2}(,[a-zA-Z]{2})*$")] = None,
) -> Fetched[list[Place]]:
    """Places matching ``q``. Data © OpenStreetMap contributors (ODbL)."""
    return await hub.geo.search(q.strip(), limit, country_codes)


@router.get("/reverse")
async def reverse(
    hub: HubDep,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    zoom: Annotated[int, Query(ge=0, le=18)] = 18,
) -> Fetched[Place]:
    return await hub.geo.reverse(lat, lon, zoom)
