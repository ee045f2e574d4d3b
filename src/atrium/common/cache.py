"""The async cache api uses: Redis when ``REDIS_URL`` is set, in-process memory otherwise.

Both backends have the same interface (cashews), so code never asks which it got.
Redis holds cache and rate-limit state only: losing it loses no data.
"""

from __future__ import annotations

from functools import lru_cache

from cashews import Cache

from atrium.config import get_settings


def cache_backend_name() -> str:
    return "redis" if get_settings().redis_url else "memory"


@lru_cache
def get_cache() -> Cache:
    cache = Cache()
    url = get_settings().redis_url
    if url:
        cache.setup(url, client_side=False, socket_connect_timeout=2, socket_timeout=2)
    else:
        cache.setup("mem://")
    return cache
