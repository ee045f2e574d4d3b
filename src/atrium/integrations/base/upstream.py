"""The client every connector uses: the shared outbound HTTP policy plus a rate limit.

Calls go through a ``Destination`` per upstream (``atrium.common.http_client``): pooled
connections, a total deadline, retries with backoff honouring ``Retry-After``, a breaker.
What is particular to upstreams is here: each attempt first takes a slot of the upstream's
rate limit, its body is parsed and validated inside the attempt (so a malformed answer
counts against the breaker like any other failure), and answers may be cached.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import structlog
from cashews import Cache

from atrium.common.http_breaker import BreakerState, CircuitBreaker
from atrium.common.http_client import BreakerOpen, Destination
from atrium.common.http_policy import AttemptFailed, HttpPolicy, retry_after, transport_failure
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
class Policy(HttpPolicy):
    rate: Rate | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # Sent with every request but never part of a cache key (API keys).
    auth_params: Mapping[str, str] = field(default_factory=dict)


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
        self.destination = Destination(
            name,
            base_url,
            policy,
            headers=policy.headers,
            transport=transport,
            fault=_upstream_fault,
            on_breaker_change=self._breaker_changed,
        )
        BREAKER_STATE.labels(name).set(int(BreakerState.CLOSED))
        self.cache = (
            ResponseCache(cache, name, lock_s=policy.deadline_s + 1) if cache is not None else None
        )
        self.coalescer = Coalescer()

    @property
    def breaker(self) -> CircuitBreaker:
        return self.destination.breaker

    async def aclose(self) -> None:
        self.coalescer.cancel()
        await self.destination.aclose()

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

        async def attempt(client: httpx.AsyncClient) -> T:
            await self._take_slot(deadline)
            return await self._send(client, path, params, parse)

        try:
            return await self.destination.call(attempt, deadline=deadline)
        except TimeoutError:
            raise UpstreamTimeout(
                self.name, f"no answer within {self.policy.deadline_s:g}s"
            ) from None
        except BreakerOpen as exc:
            UPSTREAM_REFUSALS.labels(self.name, "breaker_open").inc()
            raise UpstreamUnavailable(
                self.name, "circuit breaker is open", retry_after=exc.retry_after
            ) from None
        except AttemptFailed as exc:
            raise _final_error(self.name, exc) from exc

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

    async def _send(
        self, client: httpx.AsyncClient, path: str, params: Params, parse: Parse[T]
    ) -> T:
        started = time.perf_counter()
        outcome = "ok"
        try:
            response = await client.get(path, params={**params, **self.policy.auth_params})
            outcome = _classify(response)
            self._note_quota(response.headers)
            if outcome == "rate_limited":  # the upstream is up, only busy with us
                raise AttemptFailed(
                    outcome,
                    "answered 429",
                    retryable=True,
                    server_fault=False,
                    retry_after=retry_after(response.headers),
                )
            if outcome == "http_5xx":
                raise AttemptFailed(outcome, f"answered {response.status_code}", retryable=True)
            try:
                return parse(response)
            except UpstreamError as exc:
                outcome = "malformed" if exc.status == 502 else outcome
                raise
        except httpx.TransportError as exc:
            failure = transport_failure(exc, self.policy)
            outcome = failure.outcome
            raise failure from exc
        finally:
            UPSTREAM_LATENCY.labels(self.name).observe(time.perf_counter() - started)
            UPSTREAM_OUTCOMES.labels(self.name, outcome).inc()


QUOTA_HEADERS = ("x-ratelimit-remaining", "ratelimit-remaining")  # NASA's gateway; JokeAPI


def _classify(response: httpx.Response) -> str:
    if response.status_code == 429:
        return "rate_limited"
    if response.status_code >= 500:
        return "http_5xx"
    if response.status_code >= 400:
        return "http_4xx"
    return "ok"


def _upstream_fault(exc: Exception) -> bool | None:
    """An upstream's error as the breaker sees it: 5xx-mapped errors are the upstream's fault.

    A 503 of ours means it was not asked at all (rate limit) or told us about its quota.
    """
    if isinstance(exc, UpstreamUnavailable) or not isinstance(exc, UpstreamError):
        return None
    return exc.status >= 500


def _final_error(name: str, exc: AttemptFailed) -> UpstreamError:
    if exc.outcome == "rate_limited":
        return UpstreamUnavailable(name, "the upstream is rate limiting us", exc.retry_after or 1)
    if exc.outcome == "timeout":
        return UpstreamTimeout(name, str(exc))
    return UpstreamFailed(name, str(exc))
