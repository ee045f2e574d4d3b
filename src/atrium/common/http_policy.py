"""How a call to another service is bounded and repeated: the one outbound HTTP policy.

A logical call has a total deadline; each attempt has connect/read timeouts. An attempt
that may pass if repeated is retried with exponential backoff and full jitter, waiting at
least what the server's ``Retry-After`` asks; a server asking for longer than
``retry_after_max_s``, or a wait that would end past the deadline, ends the retries at once
(a caller with a fallback moves on instead of holding its user).
"""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from tenacity import RetryCallState
from tenacity.stop import stop_base
from tenacity.wait import wait_random_exponential


@dataclass(frozen=True)
class HttpPolicy:
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 5.0
    deadline_s: float = 8.0  # one logical call: every attempt and every wait
    attempts: int = 3
    backoff_s: float = 0.2
    backoff_max_s: float = 2.0
    retry_after_max_s: float = 30.0
    retry_timeouts: bool = True
    breaker_threshold: int = 5
    breaker_reset_s: float = 30.0
    max_connections: int = 20

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout_s, connect=self.connect_timeout_s)


class AttemptFailed(Exception):
    """One attempt's failure, described as the retry loop and the breaker need it.

    ``retryable``: the same request may pass if repeated, after ``retry_after`` seconds when
    the server said so. ``server_fault``: counts towards opening the breaker; a 429 or a
    refusal does not (the server answered), and ``None`` says nothing about the server.
    """

    def __init__(
        self,
        outcome: str,
        detail: str,
        *,
        retryable: bool,
        server_fault: bool | None = True,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.retryable = retryable
        self.server_fault = server_fault
        self.retry_after = retry_after


def transport_failure(exc: httpx.TransportError, policy: HttpPolicy) -> AttemptFailed:
    """A timeout or a connection that failed, as an attempt's failure.

    ``unreachable``: the name did not resolve or no route leads there, which is what a
    machine without internet sees (a refused connection is ``connection_error``).
    """
    if isinstance(exc, httpx.TimeoutException):
        detail = f"timed out ({type(exc).__name__})"
        return AttemptFailed("timeout", detail, retryable=policy.retry_timeouts)
    outcome = "unreachable" if no_route(exc) else "connection_error"
    return AttemptFailed(outcome, f"{type(exc).__name__}: {exc}", retryable=True)


NO_ROUTE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}


def no_route(exc: BaseException) -> bool:
    """Did this connection fail on name resolution or for want of a route?"""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return True
        if isinstance(cause, OSError) and cause.errno in NO_ROUTE_ERRNOS:
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def retry_after(headers: httpx.Headers, cap_s: float = 3600.0) -> float | None:
    """``Retry-After`` in seconds (RFC 9110: delta-seconds or an HTTP-date), at most ``cap_s``.

    ``None`` when absent or unreadable. A date in the past means now (0).
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), cap_s)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # asctime dates carry no zone; every HTTP-date is GMT
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), cap_s)


def wait_before_retry(policy: HttpPolicy) -> Callable[[RetryCallState], float]:
    """Backoff with full jitter, never shorter than the server's ``Retry-After``."""
    backoff = wait_random_exponential(multiplier=policy.backoff_s, max=policy.backoff_max_s)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = exc.retry_after if isinstance(exc, AttemptFailed) else None
        return max(asked or 0.0, backoff(state))

    return wait


class NoTimeToRetry(stop_base):
    """Stop when the next wait is longer than a server may ask, or would end past the deadline."""

    def __init__(self, deadline: float, max_wait_s: float) -> None:
        self.deadline = deadline
        self.max_wait_s = max_wait_s

    def __call__(self, state: RetryCallState) -> bool:
        wait = state.upcoming_sleep or 0.0
        return wait > self.max_wait_s or time.monotonic() + wait >= self.deadline
