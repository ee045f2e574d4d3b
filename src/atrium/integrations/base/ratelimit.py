"""Token-bucket rate limits, shared by every process through Redis (in-process without it).

The bucket is kept as GCRA (the generic cell rate algorithm, a token bucket stored as one
number: the theoretical arrival time of the next request). A caller *reserves* a slot and
is told how long to wait for it, so requests from many processes leave spaced exactly
``1/rate`` apart after the burst is spent, with no polling. In Redis the reservation is
one Lua script timed by the Redis clock, so processes on different machines agree.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Protocol

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from atrium.common.deadlines import redis_timeouts
from atrium.config import get_settings

log = structlog.get_logger(__name__)

_RESERVE = """
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > max_wait then return {0, wait} end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', next_tat), 'PX',
  math.ceil((next_tat - now) / 1000) + 1000)
return {1, wait}
"""


@dataclass(frozen=True)
class Rate:
    """``count`` requests per ``per_s`` seconds, of which ``burst`` may come at once."""

    count: float
    per_s: float
    burst: int = 1

    @property
    def interval_s(self) -> float:
        return self.per_s / self.count

    @property
    def tolerance_s(self) -> float:
        return self.interval_s * (self.burst - 1)


@dataclass(frozen=True)
class Reservation:
    granted: bool
    wait_s: float


class Bucket(Protocol):
    async def reserve(self, key: str, rate: Rate, max_wait_s: float) -> Reservation: ...

    async def aclose(self) -> None: ...


class MemoryBucket:
    """The same algorithm for one process, used when no Redis is configured."""

    def __init__(self) -> None:
        self._tat: dict[str, float] = {}

    async def reserve(self, key: str, rate: Rate, max_wait_s: float) -> Reservation:
        now = time.monotonic()
        tat = max(self._tat.get(key, now), now)
        wait = max(0.0, tat - rate.tolerance_s - now)
        if wait > max_wait_s:
            return Reservation(False, wait)
        self._tat[key] = tat + rate.interval_s
        return Reservation(True, wait)

    async def aclose(self) -> None:
        self._tat.clear()


class RedisBucket:
    """Buckets shared by every process. While Redis is unreachable each process falls back
    to buckets of its own, so limits still hold per process instead of failing requests."""

    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url, **redis_timeouts(get_settings()))
        self._script = self._redis.register_script(_RESERVE)
        self._fallback = MemoryBucket()

    async def reserve(self, key: str, rate: Rate, max_wait_s: float) -> Reservation:
        try:
            return await self._reserve(key, rate, max_wait_s)
        except RedisError as exc:
            log.warning("rate_limit_store_unreachable", key=key, error=str(exc))
            return await self._fallback.reserve(key, rate, max_wait_s)

    async def _reserve(self, key: str, rate: Rate, max_wait_s: float) -> Reservation:
        micro = 1_000_000
        granted, wait = await self._script(
            keys=[f"atrium:ratelimit:{key}"],
            args=[
                int(rate.interval_s * micro),
                int(rate.tolerance_s * micro),
                int(max_wait_s * micro),
            ],
        )
        return Reservation(bool(granted), int(wait) / micro)

    async def aclose(self) -> None:
        await self._redis.aclose()


def build_bucket(redis_url: str | None) -> Bucket:
    return RedisBucket(redis_url) if redis_url else MemoryBucket()


async def acquire(bucket: Bucket, key: str, rate: Rate, max_wait_s: float) -> Reservation:
    """Reserve a slot and sleep until it comes; a slot further than ``max_wait_s`` is refused."""
    reservation = await bucket.reserve(key, rate, max_wait_s)
    if reservation.granted and reservation.wait_s > 0:
        await asyncio.sleep(reservation.wait_s)
    return reservation
