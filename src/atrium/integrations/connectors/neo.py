"""NASA NeoWs: the near-Earth-object feed for a date range, with a summary, and lookup by id.

The upstream serves at most 7 days per feed request; longer ranges are split into
windows fetched concurrently and merged. A feed holding days outside its window, or a
lookup answering for another id, is refused.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from pydantic import AliasChoices, BaseModel, Field

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector, mismatch

WINDOW_DAYS = 7
PAST = Freshness(ttl_s=86400, revalidate_s=86400, keep_s=30 * 86400)
CURRENT = Freshness(ttl_s=3600, revalidate_s=3600, keep_s=7 * 86400)


class DiameterRange(BaseModel):
    estimated_diameter_min: float
    estimated_diameter_max: float


class Velocity(BaseModel):
    kilometers_per_second: float  # numeric text on the wire
    kilometers_per_hour: float


class MissDistance(BaseModel):
    astronomical: float
    lunar: float
    kilometers: float


class ApproachWire(BaseModel):
    close_approach_date: dt.date
    close_approach_date_full: str | None = None
    epoch_date_close_approach: int
    relative_velocity: Velocity
    miss_distance: MissDistance
    orbiting_body: str


class OrbitClass(BaseModel):
    orbit_class_type: str
    orbit_class_description: str | None = None


class OrbitalData(BaseModel):
    orbit_class: OrbitClass | None = None


class NeoWire(BaseModel):
    id: str
    name: str
    nasa_jpl_url: str
    absolute_magnitude_h: float
    estimated_diameter: dict[str, DiameterRange]
    is_potentially_hazardous_asteroid: bool
    is_sentry_object: bool = False
    close_approach_data: list[ApproachWire]
    orbital_data: OrbitalData | None = None


class FeedLinks(BaseModel):
    next: str | None = None
    # A 2023 recording names it "previous", a 2018 one "prev".
    previous: str | None = Field(None, validation_alias=AliasChoices("previous", "prev"))
    self: str | None = None


class FeedWire(BaseModel):
    links: FeedLinks | None = None
    element_count: int
    near_earth_objects: dict[dt.date, list[NeoWire]]


class CloseApproach(BaseModel):
    date: dt.date
    moment: str | None
    epoch_ms: int
    velocity_km_s: float
    miss_distance_km: float
    miss_distance_lunar: float
    orbiting_body: str


class Asteroid(BaseModel):
    id: str
    name: str
    jpl_url: str
    absolute_magnitude: float
    diameter_km_min: float
    diameter_km_max: float
    potentially_hazardous: bool
    sentry_object: bool
    orbit_class: str | None
    approaches: list[CloseApproach]


class Closest(BaseModel):
    id: str
    name: str
    date: dt.date
    miss_distance_km: float


class Largest(BaseModel):
    id: str
    name: str
    diameter_km_max: float


class FeedSummary(BaseModel):
    count: int
    potentially_hazardous: int
    closest_approach: Closest | None
    largest: Largest | None


class NeoFeed(BaseModel):
    start_date: dt.date
    end_date: dt.date
    summary: FeedSummary
    asteroids: list[Asteroid]  # in the order they pass, within the range


def to_asteroid(wire: NeoWire) -> Asteroid:
    km = wire.estimated_diameter.get("kilometers")
    orbit = wire.orbital_data.orbit_class if wire.orbital_data else None
    return Asteroid(
        id=wire.id,
        name=wire.name,
        jpl_url=wire.nasa_jpl_url,
        absolute_magnitude=wire.absolute_magnitude_h,
        diameter_km_min=km.estimated_diameter_min if km else 0.0,
        diameter_km_max=km.estimated_diameter_max if km else 0.0,
        potentially_hazardous=wire.is_potentially_hazardous_asteroid,
        sentry_object=wire.is_sentry_object,
        orbit_class=orbit.orbit_class_type if orbit else None,
        approaches=[
            CloseApproach(
                date=a.close_approach_date,
                moment=a.close_approach_date_full,
                epoch_ms=a.epoch_date_close_approach,
                velocity_km_s=a.relative_velocity.kilometers_per_second,
                miss_distance_km=a.miss_distance.kilometers,
                miss_distance_lunar=a.miss_distance.lunar,
                orbiting_body=a.orbiting_body,
            )
            for a in wire.close_approach_data
        ],
    )


def to_asteroids(feed: FeedWire) -> list[Asteroid]:
    return [to_asteroid(neo) for day in feed.near_earth_objects.values() for neo in day]


def summarize(start: dt.date, end: dt.date, asteroids: list[Asteroid]) -> NeoFeed:
    unique = list({a.id: a for a in asteroids}.values())
    approaches = [
        (approach, asteroid)
        for asteroid in unique
        for approach in asteroid.approaches
        if start <= approach.date <= end
    ]
    approaches.sort(key=lambda pair: pair[0].epoch_ms)
    closest = min(approaches, key=lambda pair: pair[0].miss_distance_km, default=None)
    largest = max(unique, key=lambda a: a.diameter_km_max, default=None)
    ordered = list({a.id: a for _, a in approaches}.values())
    return NeoFeed(
        start_date=start,
        end_date=end,
        summary=FeedSummary(
            count=len(unique),
            potentially_hazardous=sum(a.potentially_hazardous for a in unique),
            closest_approach=Closest(
                id=closest[1].id,
                name=closest[1].name,
                date=closest[0].date,
                miss_distance_km=closest[0].miss_distance_km,
            )
            if closest
            else None,
            largest=Largest(
                id=largest.id, name=largest.name, diameter_km_max=largest.diameter_km_max
            )
            if largest
            else None,
        ),
        asteroids=ordered or unique,
    )


def windows(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Split ``start..end`` (inclusive) into spans the upstream accepts."""
    spans = []
    while start <= end:
        stop = min(start + dt.timedelta(days=WINDOW_DAYS), end)
        spans.append((start, stop))
        start = stop + dt.timedelta(days=1)
    return spans


def merge(parts: list[Fetched[list[Asteroid]]], feed: NeoFeed) -> Fetched[NeoFeed]:
    sources = {part.source for part in parts}
    return Fetched(
        data=feed,
        stale=any(part.stale for part in parts),
        source=sources.pop() if len(sources) == 1 else "cache",
        fetched_at=min(part.fetched_at for part in parts),
    )


class NeoWs(Connector):
    family = "neows"

    def _within(self, start: dt.date, end: dt.date) -> Callable[[FeedWire], list[Asteroid]]:
        def normalize(feed: FeedWire) -> list[Asteroid]:
            for day in feed.near_earth_objects:
                if not start <= day <= end:
                    raise mismatch(self.name, "date", f"{start}..{end}", day)
            return to_asteroids(feed)

        return normalize

    def _matching(self, asteroid_id: str) -> Callable[[NeoWire], Asteroid]:
        def normalize(wire: NeoWire) -> Asteroid:
            if wire.id != asteroid_id:
                raise mismatch(self.name, "asteroid", asteroid_id, wire.id)
            return to_asteroid(wire)

        return normalize

    async def window(self, start: dt.date, end: dt.date) -> Fetched[list[Asteroid]]:
        params = {"start_date": start.isoformat(), "end_date": end.isoformat()}
        freshness = PAST if end < dt.datetime.now(dt.UTC).date() else CURRENT
        return await self.get(
            "/neo/rest/v1/feed",
            params,
            wire=FeedWire,
            out=list[Asteroid],
            normalize=self._within(start, end),
            freshness=freshness,
        )

    async def feed(self, start: dt.date, end: dt.date) -> Fetched[NeoFeed]:
        parts = await asyncio.gather(*(self.window(a, b) for a, b in windows(start, end)))
        asteroids = [asteroid for part in parts for asteroid in part.data]
        return merge(list(parts), summarize(start, end, asteroids))

    async def lookup(self, asteroid_id: str) -> Fetched[Asteroid]:
        return await self.get(
            f"/neo/rest/v1/neo/{asteroid_id}",
            None,
            wire=NeoWire,
            out=Asteroid,
            normalize=self._matching(asteroid_id),
            freshness=PAST,
        )
