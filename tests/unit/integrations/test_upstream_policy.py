"""An upstream's calls go through the shared outbound HTTP policy."""

from __future__ import annotations

import time
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from atrium.common.http_breaker import BreakerState
from atrium.integrations.base.ratelimit import MemoryBucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.errors import UpstreamFailed, UpstreamNotFound, UpstreamUnavailable
from tests.support.scripted_http import Scripted


def upstream_of(scripted: Scripted, **policy: Any) -> Upstream:
    return Upstream(
        "dogs",
        "http://dogs.test",
        Policy(**({"backoff_s": 0.01, "deadline_s": 4.0} | policy)),
        bucket=MemoryBucket(),
        cache=None,
        transport=scripted.transport(),
    )


def as_json(response: httpx.Response) -> Any:
    if response.status_code == 404:
        raise UpstreamNotFound("dogs", "no such breed")
    return response.json()


async def test_a_retry_after_given_as_an_http_date_is_waited_for() -> None:
    when = formatdate(time.time() + 2, usegmt=True)  # whole seconds: 1 to 2 s from now
    scripted = Scripted(httpx.Response(429, headers={"retry-after": when}))
    upstream = upstream_of(scripted)
    started = time.monotonic()
    assert await upstream.fetch("/breeds", {}, as_json) == {"ok": True}
    assert time.monotonic() - started >= 1.0
    assert len(scripted.requests) == 2
    await upstream.aclose()


async def test_attempts_share_the_pooled_client_of_the_loop() -> None:
    upstream = upstream_of(Scripted(httpx.Response(503)))
    await upstream.fetch("/breeds", {}, as_json)
    client = upstream.destination.client
    await upstream.fetch("/breeds", {}, as_json)
    assert upstream.destination.client is client
    await upstream.aclose()
    assert client.is_closed


async def test_a_not_found_is_an_answer_for_the_breaker_a_5xx_a_failure() -> None:
    scripted = Scripted(httpx.Response(404), httpx.Response(500))
    upstream = upstream_of(scripted, attempts=1, breaker_threshold=1)
    with pytest.raises(UpstreamNotFound):
        await upstream.fetch("/breeds/none", {}, as_json)
    assert upstream.breaker.state is BreakerState.CLOSED
    with pytest.raises(UpstreamFailed):
        await upstream.fetch("/breeds", {}, as_json)
    with pytest.raises(UpstreamUnavailable, match="failed repeatedly; next try in 30 s"):
        await upstream.fetch("/breeds", {}, as_json)
    assert len(scripted.requests) == 2
    await upstream.aclose()
