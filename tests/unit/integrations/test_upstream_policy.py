"""An upstream's calls go through the shared outbound HTTP policy."""

from __future__ import annotations

import errno
import gzip
import socket
import time
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from atrium.common.http_breaker import BreakerState
from atrium.common.http_policy import HttpPolicy, transport_failure
from atrium.integrations.base.ratelimit import MemoryBucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.errors import (
    BadUpstreamResponse,
    UpstreamFailed,
    UpstreamNotFound,
    UpstreamUnavailable,
)
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


async def test_a_body_is_capped_at_its_decoded_size_and_reported_for_that_request() -> None:
    bomb = gzip.compress(b"0" * (1 << 20))  # 1 KiB on the wire, 1 MiB once decoded
    answer = httpx.Response(200, content=bomb, headers={"content-encoding": "gzip"})
    scripted = Scripted(*[answer] * 3)
    upstream = upstream_of(scripted, max_body_bytes=64 << 10, breaker_threshold=1)
    for _ in range(3):
        with pytest.raises(BadUpstreamResponse, match="larger than 65536 bytes"):
            await upstream.fetch("/breeds", {}, as_json)
    assert len(scripted.requests) == 3, "not retried: the same answer would come back"
    assert upstream.breaker.state is BreakerState.CLOSED
    await upstream.aclose()


async def test_a_parser_that_gives_up_is_the_upstreams_bad_answer() -> None:
    def too_deep(response: httpx.Response) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    upstream = upstream_of(Scripted(), breaker_threshold=1)
    with pytest.raises(BadUpstreamResponse, match=r"could not be read \(RecursionError\)"):
        await upstream.fetch("/breeds", {}, too_deep)
    assert upstream.breaker.state is BreakerState.CLOSED
    await upstream.aclose()


async def test_each_endpoint_family_has_its_own_breaker() -> None:
    scripted = Scripted(httpx.Response(500))
    upstream = upstream_of(scripted, attempts=1, breaker_threshold=1)
    with pytest.raises(UpstreamFailed):
        await upstream.fetch("/planetary/apod", {}, as_json, "apod")
    with pytest.raises(UpstreamUnavailable, match="apod failed repeatedly"):
        await upstream.fetch("/planetary/apod", {}, as_json, "apod")
    assert await upstream.fetch("/neo/rest/v1/feed", {}, as_json, "neows") == {"ok": True}
    assert {f: b.state for f, b in upstream.breakers.items()} == {
        "apod": BreakerState.OPEN,
        "neows": BreakerState.CLOSED,
    }
    await upstream.aclose()


@pytest.mark.parametrize(
    ("cause", "outcome"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "unreachable"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "unreachable"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "connection_error"),
    ],
    ids=["no-name", "no-route", "refused"],
)
def test_a_machine_without_internet_is_told_from_a_server_that_refuses(
    cause: OSError, outcome: str
) -> None:
    failed = httpx.ConnectError(str(cause))
    failed.__cause__ = cause
    assert transport_failure(failed, HttpPolicy()).outcome == outcome
