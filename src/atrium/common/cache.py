"""The async cache api uses: Redis when ``REDIS_URL`` is set, in-process memory otherwise.

Both backends have the same interface (cashews), so code never asks which it got.
Redis holds cache and rate-limit state only: losing it loses no data.
"""

from __future__ import annotations

from functools import lru_cache

from cashews import Cache

from atrium.common.deadlines import redis_timeouts
from atrium.config import get_settings


def cache_backend_name() -> str:
    return "redis" if get_settings().redis_url else "memory"


@lru_cache
def get_cache() -> Cache:
    cache = Cache()
    settings = get_settings()
    if settings.redis_url:
        cache.setup(settings.redis_url, client_side=False, **redis_timeouts(settings))
    else:
        cache.setup("mem://")
    return cache
