"""One remote service as this process sees it: a pooled client, a breaker and the policy.

``Destination.call`` runs one logical call: attempts through the breaker, retried as the
``HttpPolicy`` says, within its deadline. The caller's attempt function sends the request
and decides what its answers mean by raising ``AttemptFailed`` (retryable or not) or its
own errors; a ``fault`` hook tells the breaker which of those errors mean the server failed.

Clients are hardened (a default timeout, no redirects, one verifying TLS context for the
process) and pooled: one per destination and event loop, made on first use. A process that
outlives its loops (api) closes them at shutdown with ``close_http_clients``; code that runs
a loop of its own (a Celery task, a CLI command) calls it before the loop ends.
"""

from __future__ import annotations

import asyncio
import ssl
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from functools import cache, partial
from typing import TypeVar

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_any

from atrium.common.http_breaker import BreakerState, CircuitBreaker
from atrium.common.http_policy import (
    AttemptFailed,
    HttpPolicy,
    NoTimeToRetry,
    transport_failure,
    wait_before_retry,
)

T = TypeVar("T")
Attempt = Callable[[httpx.AsyncClient], Awaitable[T]]
Fault = Callable[[Exception], bool | None]


class BreakerOpen(Exception):
    """Not sent: the breaker of ``family`` is open for ``retry_after`` more seconds."""

    def __init__(self, name: str, retry_after: float, family: str | None = None) -> None:
        super().__init__(f"{name}: circuit breaker is open")
        self.retry_after = retry_after
        self.family = family or name


class Destination:
    def __init__(
        self,
        name: str,
        base_url: str,
        policy: HttpPolicy,
        *,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        fault: Fault | None = None,
        on_breaker_change: Callable[[str, BreakerState], None] | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.policy = policy
        self.headers = dict(headers or {})
        self.transport = transport
        self.fault = fault or (lambda exc: None)
        self.on_breaker_change = on_breaker_change
        self.breakers: dict[str, CircuitBreaker] = {}
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient]
        self._clients = weakref.WeakKeyDictionary()

    @property
    def breaker(self) -> CircuitBreaker:
        """The breaker of the destination's default family (its name)."""
        return self.breaker_for(self.name)

    def breaker_for(self, family: str) -> CircuitBreaker:
        """The breaker of one endpoint family, made on first use."""
        breaker = self.breakers.get(family)
        if breaker is None:
            notify = self.on_breaker_change
            breaker = self.breakers[family] = CircuitBreaker(
                self.policy.breaker_threshold,
                self.policy.breaker_reset_s,
                on_change=partial(notify, family) if notify else None,
            )
        return breaker

    @property
    def client(self) -> httpx.AsyncClient:
        """This event loop's pooled client (connections cannot cross loops)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            client = self._clients[loop] = hardened_client(
                self.base_url, self.policy, self.headers, self.transport
            )
        return client

    async def aclose(self) -> None:
        """Close this event loop's client; the next call opens a new one."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    async def call(
        self, attempt: Attempt[T], *, deadline: float | None = None, family: str | None = None
    ) -> T:
        """One logical call; ``deadline`` (``time.monotonic()``) may shorten the policy's.

        ``family`` names the endpoint family whose breaker guards the call.

        Raises the last ``AttemptFailed``, the attempt's own error, ``BreakerOpen``, or
        ``TimeoutError`` when the deadline passes.
        """
        policy = self.policy
        ends = time.monotonic() + policy.deadline_s
        ends = ends if deadline is None else min(ends, deadline)
        retrying = AsyncRetrying(
            stop=stop_any(
                stop_after_attempt(policy.attempts),
                NoTimeToRetry(ends, policy.retry_after_max_s),
            ),
            wait=wait_before_retry(policy),
            retry=retry_if_exception(lambda e: isinstance(e, AttemptFailed) and e.retryable),
            reraise=True,
        )
        async with asyncio.timeout(max(0.0, ends - time.monotonic())):
            async for state in retrying:
                with state:
                    return await self._attempt(attempt, family or self.name)
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _attempt(self, attempt: Attempt[T], family: str) -> T:
        breaker = self.breaker_for(family)
        if not breaker.allow():
            raise BreakerOpen(self.name, breaker.retry_after(), family)
        try:
            result = await attempt(self.client)
        except httpx.TransportError as exc:
            failure = transport_failure(exc, self.policy)
            self._judge(breaker, failure)
            raise failure from exc
        except Exception as exc:
            self._judge(breaker, exc)
            raise
        except BaseException:
            breaker.release()
            raise
        breaker.record_success()
        return result

    def _judge(self, breaker: CircuitBreaker, exc: Exception) -> None:
        fault = exc.server_fault if isinstance(exc, AttemptFailed) else self.fault(exc)
        if fault is None:
            breaker.release()
        elif fault:
            breaker.record_failure()
        else:
            breaker.record_success()


def hardened_client(
    base_url: str,
    policy: HttpPolicy,
    headers: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """A client that never waits without a bound and never follows a redirect."""
    return httpx.AsyncClient(
        base_url=base_url,
        headers=dict(headers or {}),
        timeout=policy.timeout(),
        limits=httpx.Limits(
            max_connections=policy.max_connections,
            max_keepalive_connections=policy.max_connections // 2,
        ),
        follow_redirects=False,
        transport=transport,
        verify=_tls_context(),
    )


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for the process: building one costs tens of ms."""
    return httpx.create_ssl_context()


_shared: dict[tuple[str, str, HttpPolicy], Destination] = {}


def shared_destination(
    name: str, base_url: str, policy: HttpPolicy, *, fault: Fault | None = None
) -> Destination:
    """The process's one ``Destination`` for ``name`` at ``base_url`` under ``policy``.

    Callers built per request (the LLM chain, the client to core) get the same pool and
    breaker every time; ``fault`` is the caller's, the same for every call of a name.
    """
    key = (name, base_url.rstrip("/"), policy)
    if key not in _shared:
        _shared[key] = Destination(name, base_url, policy, fault=fault)
    return _shared[key]


async def close_http_clients() -> None:
    """Close the shared destinations' clients of the running event loop."""
    for destination in list(_shared.values()):
        await destination.aclose()
