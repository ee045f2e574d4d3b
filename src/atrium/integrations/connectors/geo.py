"""Nominatim geocoding: search and reverse, under OSMF's usage policy.

The policy (an identifying User-Agent, at most one request per second for the whole
application, results cached) is carried by the upstream's policy in ``hub.py``: the rate
limit is shared through Redis, so every api process together stays under it.
"""

from __future__ import annotations

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector
from atrium.integrations.errors import UpstreamNotFound

# A place that is not found stays unknown for an hour: at one request a second for the
# whole application, asking again sooner spends the budget of questions that can succeed.
PLACES = Freshness(ttl_s=7 * 86400, revalidate_s=86400, keep_s=30 * 86400, missing_s=3600)
ATTRIBUTION = "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright"


class PlaceWire(BaseModel):
    place_id: int | str  # an int from the current frontend, a string in older docs
    licence: str | None = None
    osm_type: str | None = None  # absent for postcodes
    osm_id: int | None = None
    lat: float  # numeric text on the wire
    lon: float
    category: str | None = None
    type: str | None = None
    place_rank: int | None = None
    importance: float | None = None
    addresstype: str | None = None
    name: str | None = None
    display_name: str
    address: dict[str, str] = {}
    boundingbox: tuple[float, float, float, float] | None = None


class NoPlaceWire(BaseModel):
    error: str


class Place(BaseModel):
    place_id: int | str
    osm_type: str | None
    osm_id: int | None
    lat: float
    lon: float
    category: str | None
    type: str | None
    name: str | None
    display_name: str
    address: dict[str, str]
    bounding_box: tuple[float, float, float, float] | None
    licence: str


def to_place(wire: PlaceWire) -> Place:
    return Place(
        place_id=wire.place_id,
        osm_type=wire.osm_type,
        osm_id=wire.osm_id,
        lat=wire.lat,
        lon=wire.lon,
        category=wire.category,
        type=wire.type,
        name=wire.name or None,
        display_name=wire.display_name,
        address=wire.address,
        bounding_box=wire.boundingbox,
        licence=wire.licence or ATTRIBUTION,
    )


def to_places(wires: list[PlaceWire]) -> list[Place]:
    return [to_place(wire) for wire in wires]


def to_reverse(wire: PlaceWire | NoPlaceWire) -> Place:
    if isinstance(wire, NoPlaceWire):  # "Unable to geocode", under HTTP 200
        raise UpstreamNotFound("nominatim", wire.error)
    return to_place(wire)


class Geo(Connector):
    async def search(
        self, query: str, limit: int = 5, country_codes: str | None = None
    ) -> Fetched[list[Place]]:
        params = {
            "q": query,
            "format": "jsonv2",
            "addressdetails": 1,
            "limit": limit,
            "countrycodes": country_codes,
        }
        return await self.get(
            "/search",
            params,
            wire=list[PlaceWire],
            out=list[Place],
            normalize=to_places,
            freshness=PLACES,
        )

    async def reverse(self, lat: float, lon: float, zoom: int = 18) -> Fetched[Place]:
        params = {
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "zoom": zoom,
            "format": "jsonv2",
            "addressdetails": 1,
        }
        return await self.get(
            "/reverse",
            params,
            wire=PlaceWire | NoPlaceWire,
            out=Place,
            normalize=to_reverse,
            freshness=PLACES,
        )
