"""The request id: one per incoming request, on every log line it causes, in every service.

core and api take ``X-Request-ID`` only from a trusted proxy (``TRUSTED_PROXY_COUNT`` above
zero, the rule ``atrium.common.forwarding`` applies to X-Forwarded-For) and only when it looks
like an id; otherwise they make one. Either way it is bound in structlog's contextvars for the
request (so every line logged meanwhile carries it), sent on to core from api
(:func:`outbound_headers`) and to Celery tasks (``atrium.tasks.tracing``), and returned as
``X-Request-ID``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

HEADER = "X-Request-ID"
KEY = "request_id"
# nginx's $request_id is 32 hex digits; UUIDs and most proxies' ids fit too. Nothing that
# could forge a log line or a header (no spaces, quotes or control characters).
_ACCEPTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def new_request_id() -> str:
    """32 hex digits, as nginx's own.

    An id only has to be unique, not unguessable: drawn from the process's PRNG (reseeded
    in each forked worker), not the kernel's, whose system call cost ~14 us a request.
    """
    return f"{random.getrandbits(128):032x}"


def chosen_request_id(received: str | None, trusted_hops: int) -> str:
    """The proxy's id when a proxy is trusted and the id is well formed, else a new one."""
    if trusted_hops > 0 and received and _ACCEPTED.fullmatch(received):
        return received
    return new_request_id()


@contextmanager
def bound_request_id(request_id: str) -> Iterator[None]:
    """``request_id`` on every line logged in this context until the block ends."""
    tokens = structlog.contextvars.bind_contextvars(**{KEY: request_id})
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get(KEY)
    return value if isinstance(value, str) else None


def outbound_headers() -> dict[str, str]:
    """The header that carries the current request id to another of our services."""
    request_id = current_request_id()
    return {HEADER: request_id} if request_id else {}
