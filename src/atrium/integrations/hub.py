"""Every upstream with its policy, built from settings, and the connectors that use them.

The api process keeps one hub (``get_hub``) for its lifetime; a Celery task or the CLI
opens its own for the duration of one event loop (``Hub.build`` + ``aclose``).
"""

from __future__ import annotations

from dataclasses import replace

import httpx
from cashews import Cache

from atrium.config import Settings, get_settings
from atrium.integrations.base.ratelimit import Bucket, Rate, build_bucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.connectors.apod import Apod
from atrium.integrations.connectors.dogs import Dogs
from atrium.integrations.connectors.geo import Geo
from atrium.integrations.connectors.jokes import Jokes
from atrium.integrations.connectors.nasa_images import NasaImages
from atrium.integrations.connectors.neo import NeoWs
from atrium.integrations.connectors.omdb import Omdb
from atrium.integrations.connectors.potter import Potter

HOUR, DAY = 3600.0, 86400.0
KIB, MIB = 1024, 1024 * 1024
UNDOCUMENTED = Rate(10, 1, burst=10)  # no published limit: stay polite


def nasa_rate(api_key: str) -> Rate:
    """api.nasa.gov: DEMO_KEY allows 30 requests an hour per IP, a real key 1,000."""
    return Rate(30, HOUR, burst=10) if api_key == "DEMO_KEY" else Rate(1000, HOUR, burst=50)


def policies(settings: Settings) -> dict[str, tuple[str, Policy]]:
    """Base URL and policy of every upstream, by name.

    Body caps sit well above the largest documented answer: NASA's 100-day APOD range or
    7-day feed, HP-API's whole character list; the others answer a few KiB.
    """
    base = Policy(deadline_s=settings.integrations_deadline_s, max_body_bytes=256 * KIB)
    nasa_key = settings.nasa_api_key.get_secret_value()
    omdb_key = settings.omdb_api_key.get_secret_value() if settings.omdb_api_key else ""
    return {
        "nasa": (
            settings.nasa_base_url,
            replace(
                base,
                rate=nasa_rate(nasa_key),
                auth_params={"api_key": nasa_key},
                max_body_bytes=4 * MIB,
            ),
        ),
        "nasa_images": (
            settings.nasa_images_base_url,
            replace(base, rate=UNDOCUMENTED, max_body_bytes=MIB),
        ),
        "omdb": (
            settings.omdb_base_url,
            replace(base, rate=Rate(1000, DAY, burst=20), auth_params={"apikey": omdb_key}),
        ),
        # Render's free tier starts cold: give the first answer time.
        "potter": (
            settings.potter_base_url,
            replace(base, rate=UNDOCUMENTED, read_timeout_s=7, max_body_bytes=2 * MIB),
        ),
        "dogs": (settings.dogs_base_url, replace(base, rate=UNDOCUMENTED)),
        "official_jokes": (
            settings.official_jokes_base_url,
            replace(base, rate=Rate(100, HOUR, burst=10)),
        ),
        "jokeapi": (settings.jokeapi_base_url, replace(base, rate=Rate(120, 60, burst=10))),
        # OSMF policy: an identifying User-Agent, at most 1 request/s for the whole
        # application. 1.1 s keeps a margin for scheduling jitter between processes.
        "nominatim": (
            settings.nominatim_base_url,
            replace(
                base,
                rate=Rate(1, 1.1, burst=1),
                headers={"User-Agent": settings.nominatim_user_agent},
            ),
        ),
    }


class Hub:
    def __init__(self, upstreams: dict[str, Upstream], bucket: Bucket, omdb_configured: bool):
        self.upstreams = upstreams
        self.bucket = bucket
        self.apod = Apod(upstreams["nasa"])
        self.neo = NeoWs(upstreams["nasa"])
        self.images = NasaImages(upstreams["nasa_images"])
        self.movies = Omdb(upstreams["omdb"], configured=omdb_configured)
        self.potter = Potter(upstreams["potter"])
        self.dogs = Dogs(upstreams["dogs"])
        self.jokes = Jokes(upstreams["official_jokes"], upstreams["jokeapi"])
        self.geo = Geo(upstreams["nominatim"])

    @classmethod
    def build(
        cls,
        settings: Settings,
        cache: Cache | None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Hub:
        bucket = build_bucket(settings.redis_url)
        upstreams = {
            name: Upstream(name, url, policy, bucket=bucket, cache=cache, transport=transport)
            for name, (url, policy) in policies(settings).items()
        }
        return cls(upstreams, bucket, omdb_configured=settings.omdb_api_key is not None)

    async def aclose(self) -> None:
        for upstream in self.upstreams.values():
            await upstream.aclose()
        await self.bucket.aclose()


_hub: Hub | None = None


def get_hub() -> Hub:
    """The api process's hub, built on first use, with the shared cache."""
    global _hub
    if _hub is None:
        from atrium.common.cache import get_cache

        _hub = Hub.build(get_settings(), get_cache())
    return _hub


async def close_hub() -> None:
    global _hub
    if _hub is not None:
        await _hub.aclose()
        _hub = None
