"""The client every connector uses: one pooled ``httpx.AsyncClient`` per upstream.

A call is bounded by a total deadline; each attempt by connect/read timeouts. Connection
errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter (429 waits
what ``Retry-After`` asks). Every attempt first passes the circuit breaker and takes a
slot of the upstream's rate limit. The body is parsed and validated inside the attempt,
so a malformed answer counts against the breaker like any other failure.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import structlog
from cashews import Cache
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_any,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_random_exponential

from atrium.integrations.base.breaker import BreakerState, CircuitBreaker
from atrium.integrations.base.caching import Coalescer, Fetched, Freshness, ResponseCache
from atrium.integrations.base.metrics import (
    BREAKER_STATE,
    QUOTA_REMAINING,
    UPSTREAM_LATENCY,
    UPSTREAM_OUTCOMES,
    UPSTREAM_REFUSALS,
)
from atrium.integrations.base.ratelimit import Bucket, Rate, acquire
from atrium.integrations.errors import (
    UpstreamError,
    UpstreamFailed,
    UpstreamTimeout,
    UpstreamUnavailable,
)

log = structlog.get_logger(__name__)
T = TypeVar("T")
Parse = Callable[[httpx.Response], T]
Params = Mapping[str, Any]  # None values are left out
# Part of every cache key: bump it when an output schema changes incompatibly, so entries
# cached by older code are never revived into the new schema.
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Policy:
    rate: Rate | None = None
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 5.0
    deadline_s: float = 8.0
    attempts: int = 3
    backoff_s: float = 0.2
    backoff_max_s: float = 2.0
    breaker_threshold: int = 5
    breaker_reset_s: float = 30.0
    headers: Mapping[str, str] = field(default_factory=dict)
    # Sent with every request but never part of a cache key (API keys).
    auth_params: Mapping[str, str] = field(default_factory=dict)


class Transient(Exception):
    """An attempt that may succeed if repeated."""

    def __init__(self, outcome: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.retry_after = retry_after


class Upstream:
    def __init__(
        self,
        name: str,
        base_url: str,
        policy: Policy,
        *,
        bucket: Bucket,
        cache: Cache | None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.policy = policy
        self.bucket = bucket
        self.breaker = CircuitBreaker(
            policy.breaker_threshold, policy.breaker_reset_s, on_change=self._breaker_changed
        )
        BREAKER_STATE.labels(name).set(int(BreakerState.CLOSED))
        self.cache = (
            ResponseCache(cache, name, lock_s=policy.deadline_s + 1) if cache is not None else None
        )
        self.coalescer = Coalescer()
        self.client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers=dict(policy.headers),
            timeout=httpx.Timeout(policy.read_timeout_s, connect=policy.connect_timeout_s),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
            follow_redirects=False,
            transport=transport,
            verify=_tls_context(),
        )

    async def aclose(self) -> None:
        self.coalescer.cancel()
        await self.client.aclose()

    def _breaker_changed(self, state: BreakerState) -> None:
        BREAKER_STATE.labels(self.name).set(int(state))
        log.info("breaker_state", upstream=self.name, state=state.name.lower())

    async def get(
        self,
        path: str,
        params: Params | None,
        parse: Parse[T],
        *,
        freshness: Freshness | None = None,
        revive: Callable[[Any], T] | None = None,
        dump: Callable[[T], Any] | None = None,
    ) -> Fetched[T]:
        """GET ``path``, parsed by ``parse``; cached when ``freshness`` is given.

        Cached values are stored as ``dump(value)`` (JSON-able) and turned back by ``revive``.
        """
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if freshness is None or self.cache is None or revive is None or dump is None:
            data = await self.fetch(path, query, parse)
            return Fetched(data=data, fetched_at=datetime.now(UTC))
        key = f"upstream:v{CACHE_FORMAT}:{self.name}:{path}?{urlencode(sorted(query.items()))}"

        async def load() -> Any:
            return dump(await self.fetch(path, query, parse))

        entry, lookup = await self.cache.get_or_fetch(key, freshness, load, self.coalescer)
        return Fetched(
            data=revive(entry.value),
            stale=lookup == "stale",
            source="upstream" if lookup == "fetched" else "cache",
            fetched_at=entry.fetched_at,
        )

    async def fetch(self, path: str, params: Params, parse: Parse[T]) -> T:
        """One logical call: retried attempts within the total deadline, never cached."""
        deadline = time.monotonic() + self.policy.deadline_s
        retrying = AsyncRetrying(
            stop=stop_any(stop_after_attempt(self.policy.attempts), _past(deadline)),
            wait=self._wait,
            retry=retry_if_exception_type(Transient),
            reraise=True,
        )
        try:
            async with asyncio.timeout(self.policy.deadline_s):
                async for attempt in retrying:
                    with attempt:
                        return await self._attempt(path, params, parse, deadline)
        except TimeoutError:
            raise UpstreamTimeout(
                self.name, f"no answer within {self.policy.deadline_s:g}s"
            ) from None
        except Transient as exc:
            raise _final_error(self.name, exc) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_random_exponential(
            multiplier=self.policy.backoff_s, max=self.policy.backoff_max_s
        )(state)
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return max(exc.retry_after, backoff)
        return backoff

    async def _attempt(self, path: str, params: Params, parse: Parse[T], deadline: float) -> T:
        if not self.breaker.allow():
            UPSTREAM_REFUSALS.labels(self.name, "breaker_open").inc()
            raise UpstreamUnavailable(
                self.name, "circuit breaker is open", retry_after=self.breaker.retry_after()
            )
        try:
            await self._take_slot(deadline)
        except BaseException:
            self.breaker.release()
            raise
        try:
            result = await self._send(path, params, parse)
        except Transient as exc:
            if exc.outcome == "rate_limited":  # the upstream is up, only busy with us
                self.breaker.release()
            else:
                self.breaker.record_failure()
            raise
        except UpstreamError as exc:
            if exc.status >= 500:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            raise
        except BaseException:
            self.breaker.release()
            raise
        self.breaker.record_success()
        return result

    async def _take_slot(self, deadline: float) -> None:
        rate = self.policy.rate
        if rate is None:
            return
        budget = max(0.0, deadline - time.monotonic() - self.policy.read_timeout_s / 2)
        reservation = await acquire(self.bucket, self.name, rate, budget)
        if not reservation.granted:
            UPSTREAM_REFUSALS.labels(self.name, "rate_limited").inc()
            raise UpstreamUnavailable(
                self.name, "rate limit of the upstream reached", retry_after=reservation.wait_s
            )

    def _note_quota(self, headers: httpx.Headers) -> None:
        # httpx matches header names case-insensitively: X-RateLimit-* and X-Ratelimit-*
        # (both recorded from NASA) read the same.
        for name in QUOTA_HEADERS:
            value = headers.get(name)
            if value is not None and value.strip().isdigit():
                QUOTA_REMAINING.labels(self.name).set(int(value))
                return

    async def _send(self, path: str, params: Params, parse: Parse[T]) -> T:
        started = time.perf_counter()
        outcome = "ok"
        try:
            response = await self.client.get(path, params={**params, **self.policy.auth_params})
            outcome = _classify(response)
            self._note_quota(response.headers)
            if outcome == "rate_limited":
                raise Transient(outcome, "answered 429", retry_after(response.headers))
            if outcome == "http_5xx":
                raise Transient(outcome, f"answered {response.status_code}")
            try:
                return parse(response)
            except UpstreamError as exc:
                outcome = "malformed" if exc.status == 502 else outcome
                raise
        except httpx.TimeoutException as exc:
            outcome = "timeout"
            raise Transient(outcome, f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            outcome = "connection_error"
            raise Transient(outcome, f"{type(exc).__name__}: {exc}") from exc
        finally:
            UPSTREAM_LATENCY.labels(self.name).observe(time.perf_counter() - started)
            UPSTREAM_OUTCOMES.labels(self.name, outcome).inc()


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every upstream: building one costs tens of ms."""
    return httpx.create_ssl_context()


QUOTA_HEADERS = ("x-ratelimit-remaining", "ratelimit-remaining")  # NASA's gateway; JokeAPI


def _classify(response: httpx.Response) -> str:
    if response.status_code == 429:
        return "rate_limited"
    if response.status_code >= 500:
        return "http_5xx"
    if response.status_code >= 400:
        return "http_4xx"
    return "ok"


class _past(stop_base):
    """Stop retrying when the next wait would end after the call's deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, state: RetryCallState) -> bool:
        return time.monotonic() + (state.upcoming_sleep or 0) >= self.deadline


def _final_error(name: str, exc: Transient) -> UpstreamError:
    if exc.outcome == "rate_limited":
        return UpstreamUnavailable(name, "the upstream is rate limiting us", exc.retry_after or 1)
    if exc.outcome == "timeout":
        return UpstreamTimeout(name, str(exc))
    return UpstreamFailed(name, str(exc))


def retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds, from either of its forms (delta-seconds or HTTP date)."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None
