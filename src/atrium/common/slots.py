"""Concurrency caps: at most ``limit`` holders of a key at once, counted in the shared
cache (Redis when configured), so every api process sees the same count.

A holder that dies without releasing leaves its count behind; the key expires ``lease_s``
after it was last taken, so a leak blocks no one for longer than that. While Redis does not
answer the cap admits everyone (fails open): the per-user rate limit still holds, counted
per process (``atrium.integrations.base.ratelimit``).
"""

from __future__ import annotations

from atrium.common.cache import get_cache

LEASE_S = 600.0


def _key(name: str) -> str:
    return f"atrium:slots:{name}"


async def take(name: str, limit: int, lease_s: float = LEASE_S) -> bool:
    """Take a slot of ``name``; False (and nothing taken) when ``limit`` are held."""
    cache = get_cache()
    held = await cache.incr(_key(name), 1, expire=lease_s)
    if held is None:  # the shared cache did not answer (it logs why): admit, uncounted
        return True
    if held > limit:
        await cache.incr(_key(name), -1)
        return False
    return True


async def release(name: str) -> None:
    await get_cache().incr(_key(name), -1)
