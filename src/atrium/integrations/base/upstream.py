"""The client every connector uses: the shared outbound HTTP policy plus a rate limit.

Calls go through a ``Destination`` per upstream (``atrium.common.http_client``): pooled
connections, a total deadline, retries with backoff honouring ``Retry-After``, and a breaker
per endpoint family (APOD and NeoWs share NASA's host and quota, not their breaker). What is
particular to upstreams is here: each attempt first takes a slot of the upstream's rate
limit; its body is read up to ``max_body_bytes`` and parsed inside the attempt, where any
failure to read, decode or validate it is the upstream's 502 for that request (an answer
for the breaker, not a fault); answers may be cached.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import ceil
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import structlog
from cashews import Cache

from atrium.common.http_breaker import BreakerState, CircuitBreaker
from atrium.common.http_client import BreakerOpen, Destination
from atrium.common.http_policy import AttemptFailed, HttpPolicy, retry_after, transport_failure
from atrium.integrations.base.caching import (
    Coalescer,
    Fetched,
    Freshness,
    ResponseCache,
    Revived,
)
from atrium.integrations.base.metrics import (
    BREAKER_STATE,
    QUOTA_REMAINING,
    UPSTREAM_LATENCY,
    UPSTREAM_OUTCOMES,
    UPSTREAM_REFUSALS,
)
from atrium.integrations.base.ratelimit import Bucket, Rate, acquire
from atrium.integrations.errors import (
    BadUpstreamResponse,
    UpstreamError,
    UpstreamFailed,
    UpstreamTimeout,
    UpstreamUnavailable,
    UpstreamUnreachable,
)

log = structlog.get_logger(__name__)
T = TypeVar("T")
Parse = Callable[[httpx.Response], T]
Params = Mapping[str, Any]  # None values are left out
# Part of every cache key: bump it when an output schema changes incompatibly, so entries
# cached by older code are never revived into the new schema.
CACHE_FORMAT = 2
DROPPED_HEADERS = ("content-encoding", "content-length", "transfer-encoding")  # body is decoded


@dataclass(frozen=True)
class Policy(HttpPolicy):
    rate: Rate | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # Sent with every request but never part of a cache key (API keys).
    auth_params: Mapping[str, str] = field(default_factory=dict)
    # The largest body read (decoded, so a compressed bomb stops here too); more is a 502.
    max_body_bytes: int = 1024 * 1024


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
        self.cache = (
            ResponseCache(cache, name, lock_s=policy.deadline_s + 1) if cache is not None else None
        )
        self.coalescer = Coalescer()
        self.revived = Revived()

    @property
    def breaker(self) -> CircuitBreaker:
        """The breaker of the default family (calls made without one)."""
        return self.destination.breaker

    @property
    def breakers(self) -> dict[str, CircuitBreaker]:
        return self.destination.breakers

    def family(self, family: str) -> CircuitBreaker:
        """Register an endpoint family, so its breaker is reported before its first call."""
        breaker = self.destination.breaker_for(family)
        BREAKER_STATE.labels(self.name, family).set(int(breaker.state))
        return breaker

    async def aclose(self) -> None:
        self.coalescer.cancel()
        await self.destination.aclose()

    def _breaker_changed(self, family: str, state: BreakerState) -> None:
        BREAKER_STATE.labels(self.name, family).set(int(state))
        log.info("breaker_state", upstream=self.name, family=family, state=state.name.lower())

    async def get(
        self,
        path: str,
        params: Params | None,
        parse: Parse[T],
        *,
        family: str | None = None,
        freshness: Freshness | None = None,
        revive: Callable[[Any], T] | None = None,
        dump: Callable[[T], Any] | None = None,
    ) -> Fetched[T]:
        """GET ``path``, parsed by ``parse``; cached when ``freshness`` is given.

        Cached values are stored as ``dump(value)`` (JSON-able) and turned back by ``revive``,
        once per stored entry (``Revived``): answers share what it returns, and read it only.
        """
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if freshness is None or self.cache is None or revive is None or dump is None:
            data = await self.fetch(path, query, parse, family)
            return Fetched(data=data, fetched_at=datetime.now(UTC))
        key = f"upstream:v{CACHE_FORMAT}:{self.name}:{path}?{urlencode(sorted(query.items()))}"

        async def load() -> Any:
            return dump(await self.fetch(path, query, parse, family))

        entry, lookup = await self.cache.get_or_fetch(key, freshness, load, self.coalescer)
        return Fetched(
            data=self.revived.of(key, entry, revive),
            stale=lookup == "stale",
            source="upstream" if lookup == "fetched" else "cache",
            fetched_at=entry.fetched_at,
        )

    async def fetch(
        self, path: str, params: Params, parse: Parse[T], family: str | None = None
    ) -> T:
        """One logical call: retried attempts within the total deadline, never cached."""
        deadline = time.monotonic() + self.policy.deadline_s

        async def attempt(client: httpx.AsyncClient) -> T:
            await self._take_slot(deadline)
            return await self._send(client, path, params, parse)

        try:
            return await self.destination.call(attempt, deadline=deadline, family=family)
        except TimeoutError:
            raise UpstreamTimeout(
                self.name, f"no answer within {self.policy.deadline_s:g}s"
            ) from None
        except BreakerOpen as exc:
            UPSTREAM_REFUSALS.labels(self.name, "breaker_open").inc()
            wait = ceil(exc.retry_after)
            raise UpstreamUnavailable(
                self.name,
                f"{exc.family} failed repeatedly; next try in {wait} s",
                retry_after=exc.retry_after,
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
            response = await self._read(client, path, params)
            outcome = _classify(response)
            self._note_quota(response.headers)
            if refusal := self._refusal(response):
                raise refusal
            return self._parse(response, parse)
        except httpx.TransportError as exc:
            failure = transport_failure(exc, self.policy)
            outcome = failure.outcome
            raise failure from exc
        except UpstreamError as exc:
            outcome = "malformed" if isinstance(exc, BadUpstreamResponse) else outcome
            raise
        finally:
            UPSTREAM_LATENCY.labels(self.name).observe(time.perf_counter() - started)
            UPSTREAM_OUTCOMES.labels(self.name, outcome).inc()

    async def _read(self, client: httpx.AsyncClient, path: str, params: Params) -> httpx.Response:
        """The answer with its whole body, refused past ``max_body_bytes``."""
        cap = self.policy.max_body_bytes
        request = client.build_request("GET", path, params={**params, **self.policy.auth_params})
        response = await client.send(request, stream=True)
        try:
            body = await _capped_body(response, cap)
        finally:
            await response.aclose()
        if body is None:
            raise BadUpstreamResponse(self.name, f"response body is larger than {cap} bytes")
        headers = [(k, v) for k, v in response.headers.multi_items() if k not in DROPPED_HEADERS]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    def _refusal(self, response: httpx.Response) -> AttemptFailed | None:
        """A 429 or a 5xx as an attempt's failure, with the wait the upstream asked for."""
        if response.status_code == 429:  # the upstream is up, only busy with us
            # No Retry-After (NASA's gateway sends none): its quota window is the honest wait.
            asked = retry_after(response.headers)
            window = self.policy.rate.per_s if self.policy.rate else None
            return AttemptFailed(
                "rate_limited",
                "answered 429",
                retryable=True,
                server_fault=False,
                retry_after=window if asked is None else asked,
            )
        if response.status_code >= 500:
            return AttemptFailed(
                "http_5xx",
                f"answered {response.status_code}",
                retryable=True,
                retry_after=retry_after(response.headers),
            )
        return None

    def _parse(self, response: httpx.Response, parse: Parse[T]) -> T:
        try:
            return parse(response)
        except UpstreamError:
            raise
        except Exception as exc:  # e.g. RecursionError from nesting deeper than a parser goes
            detail = f"response body could not be read ({type(exc).__name__})"
            raise BadUpstreamResponse(self.name, detail) from exc


async def _capped_body(response: httpx.Response, cap: int) -> bytes | None:
    """The body, or None as soon as it is known to be larger than ``cap`` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        return None
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


QUOTA_HEADERS = ("x-ratelimit-remaining", "ratelimit-remaining")  # NASA's gateway; JokeAPI


def _classify(response: httpx.Response) -> str:
    if response.status_code == 429:
        return "rate_limited"
    if 300 <= response.status_code < 400:
        return "redirect"
    if response.status_code >= 500:
        return "http_5xx"
    if response.status_code >= 400:
        return "http_4xx"
    return "ok"


def _upstream_fault(exc: Exception) -> bool | None:
    """An error raised from an answer, as the breaker sees it: the upstream answered.

    Transport failures and 5xx reach the breaker as ``AttemptFailed``; what is left was
    read from a body (a 4xx, a body that fails validation or does not match the request)
    and concerns that request only. A 503 of ours means it was not asked at all.
    """
    if isinstance(exc, UpstreamUnavailable) or not isinstance(exc, UpstreamError):
        return None
    return False


def _final_error(name: str, exc: AttemptFailed) -> UpstreamError:
    if exc.outcome == "rate_limited":
        return UpstreamUnavailable(name, "its request quota is spent", exc.retry_after or 1)
    if exc.outcome == "timeout":
        return UpstreamTimeout(name, str(exc))
    if exc.outcome == "unreachable":
        return UpstreamUnreachable(name, f"cannot be reached from this server ({exc})")
    if exc.outcome == "http_5xx" and exc.retry_after is not None:
        return UpstreamUnavailable(name, f"{exc}, asking to retry later", exc.retry_after)
    return UpstreamFailed(name, str(exc))
