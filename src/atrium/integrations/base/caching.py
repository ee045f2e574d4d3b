"""Cached upstream reads: TTL, stale-while-revalidate, stale-on-error and coalescing.

An entry lives ``ttl_s`` fresh, then ``revalidate_s`` during which it is served (marked
stale) while one background call refreshes it, then up to ``keep_s`` in all as the answer
of last resort when the upstream fails. Concurrent misses for one key share one call.
A "not found" is remembered ``missing_s`` (short) beside the key, so a repeat of a question
with no answer does not go to the upstream again (Nominatim allows one request a second).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

import structlog
from cashews import Cache
from cashews.exceptions import CacheError
from pydantic import BaseModel
from redis.exceptions import RedisError

from atrium.common.lru import Lru
from atrium.integrations.base.metrics import CACHE_RESULTS
from atrium.integrations.errors import UpstreamNotFound

log = structlog.get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Freshness:
    ttl_s: float
    revalidate_s: float = 0.0
    keep_s: float = 24 * 3600.0
    missing_s: float = 300.0  # how long a "not found" answer is remembered


Source = Literal["upstream", "cache", "snapshot"]
Lookup = Literal["fetched", "hit", "stale"]


class Fetched(BaseModel, Generic[T]):
    """What every integration route answers: the data, and how fresh it is."""

    data: T
    stale: bool = False
    source: Source = "upstream"
    fetched_at: datetime


@dataclass(frozen=True)
class Entry:
    value: Any
    stored_at: float

    @property
    def age_s(self) -> float:
        return time.time() - self.stored_at

    @property
    def fetched_at(self) -> datetime:
        return datetime.fromtimestamp(self.stored_at, UTC)


class Revived:
    """Cached values as the models routes answer with, validated once per stored entry.

    A hit read its entry back as JSON-able data and validated all of it again on every
    request (a few hundred characters cost milliseconds). An entry is known by its key and
    its ``stored_at``: a new write is validated anew. The least recently read key goes first.
    """

    def __init__(self, keys: int = 128) -> None:
        self._values: Lru[str, tuple[float, Any]] = Lru(keys)

    def of(self, key: str, entry: Entry, revive: Callable[[Any], T]) -> T:
        known = self._values.get(key)
        if known is not None and known[0] == entry.stored_at:
            value: T = known[1]
            return value
        value = revive(entry.value)
        self._values.put(key, (entry.stored_at, value))
        return value


class Coalescer:
    """Single flight: callers asking for a key already being fetched wait for that fetch."""

    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Task[Any]] = {}

    def inflight(self, key: str) -> bool:
        return key in self._inflight

    def start(self, key: str, fetch: Callable[[], Awaitable[T]]) -> asyncio.Task[T]:
        """The fetch in flight for ``key``, started now if there is none."""
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(fetch())
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._finish(key, done))
        return task

    async def run(self, key: str, fetch: Callable[[], Awaitable[T]]) -> T:
        # A waiter that gives up (its own deadline) must not cancel the others' fetch.
        return await asyncio.shield(self.start(key, fetch))

    def cancel(self) -> None:
        """Stop every fetch still in flight (at shutdown)."""
        for task in list(self._inflight.values()):
            task.cancel()

    def _finish(self, key: str, task: asyncio.Task[Any]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled() and task.exception() is not None:
            log.info("upstream_fetch_failed", key=key, error=str(task.exception()))


class ResponseCache:
    """Entries in the shared cache (Redis or memory); a cache failure is a miss, not an error.

    A miss is filled under a lock in the shared cache, so processes sharing Redis coalesce
    too: the first fetches, the others wait for the lock and find the entry it stored.
    """

    def __init__(self, cache: Cache, upstream: str, lock_s: float) -> None:
        self._cache = cache
        self._upstream = upstream
        self._lock_s = lock_s

    def _count(self, result: str) -> None:
        CACHE_RESULTS.labels(self._upstream, result).inc()

    async def read(self, key: str) -> Entry | None:
        try:
            raw = await self._cache.get(key)
        except Exception as exc:
            log.warning("cache_read_failed", key=key, error=str(exc))
            return None
        if not isinstance(raw, dict) or "stored_at" not in raw:
            return None
        return Entry(raw.get("value"), float(raw["stored_at"]))

    async def write(self, key: str, value: Any, expire_s: float) -> Entry:
        entry = Entry(value, time.time())
        try:
            await self._cache.set(
                key, {"value": value, "stored_at": entry.stored_at}, expire=expire_s
            )
        except Exception as exc:
            log.warning("cache_write_failed", key=key, error=str(exc))
        return entry

    async def get_or_fetch(
        self,
        key: str,
        freshness: Freshness,
        fetch: Callable[[], Awaitable[Any]],
        coalescer: Coalescer,
    ) -> tuple[Entry, Lookup]:
        """The entry for ``key`` and how it was found; ``fetch`` returns JSON-able data.

        Raises ``UpstreamNotFound`` while a recent "not found" for ``key`` is remembered.
        """
        entry = await self.read(key)
        if entry is not None and entry.age_s < freshness.ttl_s:
            self._count("hit")
            return entry, "hit"
        if entry is not None and entry.age_s < freshness.ttl_s + freshness.revalidate_s:
            self._count("stale")
            coalescer.start(key, lambda: self._fetch_and_store(key, freshness, fetch))
            return entry, "stale"
        if entry is None and (missing := await self.read(f"{key}:missing")) is not None:
            self._count("missing")
            raise UpstreamNotFound(self._upstream, str(missing.value))
        self._count("coalesced" if coalescer.inflight(key) else "miss")
        try:
            fresh = await coalescer.run(key, lambda: self._fetch_and_store(key, freshness, fetch))
        except Exception:
            if entry is None:
                raise
            self._count("stale")
            log.warning("serving_stale", key=key, age_s=round(entry.age_s, 1))
            return entry, "stale"
        return fresh, "fetched"

    async def _fetch_and_store(
        self, key: str, freshness: Freshness, fetch: Callable[[], Awaitable[Any]]
    ) -> Entry:
        filled: Entry | None = None
        try:
            async with self._cache.lock(f"{key}:filling", self._lock_s, check_interval=0.02):
                filled = await self._fill(key, freshness, fetch)
        except (CacheError, RedisError, OSError) as exc:  # the lock's store, not the fetch
            if filled is not None:  # only releasing the lock failed; it expires by itself
                return filled
            log.warning("cache_lock_failed", key=key, error=str(exc))
            return await self._fill(key, freshness, fetch)
        return filled

    async def _fill(
        self, key: str, freshness: Freshness, fetch: Callable[[], Awaitable[Any]]
    ) -> Entry:
        entry = await self.read(key)
        if entry is not None and entry.age_s < freshness.ttl_s:
            self._count("coalesced")  # another process filled it while this one waited
            return entry
        try:
            value = await fetch()
        except UpstreamNotFound as exc:
            await self.write(f"{key}:missing", exc.detail, freshness.missing_s)
            raise
        return await self.write(key, value, freshness.keep_s)
