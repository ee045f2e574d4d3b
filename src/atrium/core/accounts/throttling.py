"""Throttling of the identity endpoints, kept in Django's cache (Redis when REDIS_URL is
set), so every core process sees the same counts.

Two mechanisms:

* :class:`FailureDelay` for passwords: a few failures are free, then each further
  failure blocks the account (or address) for a delay that doubles up to a ceiling;
  a success clears the account's count.
* :class:`RateLimit` for everything else: at most ``limit`` calls per fixed window.

Both raise :class:`Throttled`, a domain error the API answers with 429 and ``Retry-After``.
When the cache cannot be reached they raise :class:`~atrium.core.domain.Unavailable`
(503): a limit that cannot be counted refuses, it does not let everything through.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from redis import RedisError

from atrium.core.domain import RateLimited, Unavailable

CACHE_DOWN_RETRY_S = 5


class Throttled(RateLimited):
    def __init__(self, retry_after: int) -> None:
        wait = max(1, retry_after)
        super().__init__(f"Too many attempts; retry in {wait} s", retry_after=wait)


@contextmanager
def _cache_reachable() -> Iterator[None]:
    try:
        yield
    except RedisError as exc:
        raise Unavailable(
            "Rate-limit state is unreachable; retry shortly", retry_after=CACHE_DOWN_RETRY_S
        ) from exc


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).lower().encode()).hexdigest()[:32]
    return f"throttle:{parts[0]}:{digest}"


def _count(key: str, ttl_s: int) -> int:
    """Add one to the counter at ``key`` (made with ``ttl_s`` if absent); the new count."""
    cache.add(key, 0, ttl_s)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl_s)
        return 1


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_s: int

    def hit(self, subject: str) -> None:
        now = time.time()
        window = int(now // self.window_s)
        with _cache_reachable():
            count = _count(_key(self.name, subject, str(window)), self.window_s + 1)
        if count > self.limit:
            raise Throttled(math.ceil((window + 1) * self.window_s - now))


@dataclass(frozen=True)
class FailureDelay:
    name: str
    free_failures: int
    max_delay_s: int = 3600
    memory_s: int = 24 * 3600

    def check(self, subject: str) -> None:
        with _cache_reachable():
            blocked_until = cache.get(_key(self.name, "until", subject))
        if blocked_until is not None and blocked_until > time.time():
            raise Throttled(math.ceil(blocked_until - time.time()))

    def failed(self, subject: str) -> int:
        """Count a failure; returns the delay now imposed (0 while failures are free)."""
        with _cache_reachable():
            failures = _count(_key(self.name, "count", subject), self.memory_s)
        if failures <= self.free_failures:
            return 0
        delay = min(self.max_delay_s, 2 ** (failures - self.free_failures))
        with _cache_reachable():
            cache.set(_key(self.name, "until", subject), time.time() + delay, delay)
        return delay

    def succeeded(self, subject: str) -> None:
        keys = [_key(self.name, "count", subject), _key(self.name, "until", subject)]
        with _cache_reachable():
            cache.delete_many(keys)


LOGIN_ACCOUNT = FailureDelay("login-account", free_failures=5)
LOGIN_ADDRESS = FailureDelay("login-address", free_failures=50)
REGISTER_ADDRESS = RateLimit("register-address", limit=20, window_s=3600)
RESET_ACCOUNT = RateLimit("reset-account", limit=5, window_s=3600)
VERIFY_ACCOUNT = RateLimit("verify-account", limit=5, window_s=3600)
RESET_ADDRESS = RateLimit("reset-address", limit=30, window_s=3600)
REFRESH_ADDRESS = RateLimit("refresh-address", limit=120, window_s=60)
REFRESH_FAMILY = RateLimit("refresh-family", limit=30, window_s=60)
