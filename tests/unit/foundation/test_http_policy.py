"""The outbound HTTP policy: the Retry-After parser, retries, deadline, breaker and pooling."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate

import httpx
import pytest

from atrium.common.http_client import (
    BreakerOpen,
    Destination,
    close_http_clients,
    shared_destination,
)
from atrium.common.http_policy import AttemptFailed, HttpPolicy, retry_after
from tests.support.scripted_http import Scripted

FAST = HttpPolicy(backoff_s=0.01, backoff_max_s=0.02, deadline_s=2.0)


def header(value: str) -> httpx.Headers:
    return httpx.Headers({"Retry-After": value})


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), ("0", 0.0), ("soon", None), ("1.5", None), ("-3", None), ("", None)],
)
def test_retry_after_reads_delta_seconds(value: str, seconds: float | None) -> None:
    assert retry_after(header(value)) == seconds


def test_retry_after_reads_an_http_date_and_caps_what_it_asks() -> None:
    ahead = retry_after(header(formatdate(time.time() + 30, usegmt=True)))
    assert ahead is not None
    assert 28 <= ahead <= 30
    for past in (  # the three forms RFC 9110 asks a recipient to read
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ):
        assert retry_after(header(past)) == 0.0
    assert retry_after(header("86400"), cap_s=60) == 60
    assert retry_after(httpx.Headers()) is None


def destination(scripted: Scripted, policy: HttpPolicy = FAST) -> Destination:
    return Destination("svc", "http://svc.test", policy, transport=scripted.transport())


async def json_unless_busy(client: httpx.AsyncClient) -> object:
    response = await client.get("/")
    if response.status_code == 503:
        asked = retry_after(response.headers)
        raise AttemptFailed("busy", "answered 503", retryable=True, retry_after=asked)
    return response.json()


async def test_a_retryable_failure_is_retried_until_the_attempts_run_out() -> None:
    scripted = Scripted(*[httpx.Response(503)] * 3)
    with pytest.raises(AttemptFailed, match="answered 503"):
        await destination(scripted).call(json_unless_busy)
    assert len(scripted.requests) == 3
    assert await destination(Scripted(httpx.Response(503))).call(json_unless_busy) == {"ok": True}


async def test_a_server_asking_for_a_longer_pause_than_allowed_is_not_waited_for() -> None:
    scripted = Scripted(httpx.Response(503, headers={"Retry-After": "60"}))
    started = time.monotonic()
    with pytest.raises(AttemptFailed) as failed:
        await destination(scripted).call(json_unless_busy)
    assert time.monotonic() - started < 1
    assert failed.value.retry_after == 60
    assert len(scripted.requests) == 1


async def test_the_deadline_bounds_the_whole_call() -> None:
    async def slow(client: httpx.AsyncClient) -> str:
        await asyncio.sleep(5)
        return "late"

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await destination(Scripted()).call(slow, deadline=time.monotonic() + 0.2)
    assert time.monotonic() - started < 1


async def test_the_breaker_opens_on_server_faults_and_then_sends_nothing() -> None:
    scripted = Scripted(*[httpx.Response(503)] * 2)
    policy = HttpPolicy(attempts=1, breaker_threshold=2, breaker_reset_s=60)
    target = destination(scripted, policy)
    for _ in range(2):
        with pytest.raises(AttemptFailed):
            await target.call(json_unless_busy)
    with pytest.raises(BreakerOpen) as refused:
        await target.call(json_unless_busy)
    assert 59 < refused.value.retry_after <= 60
    assert len(scripted.requests) == 2


async def test_the_callers_fault_hook_decides_what_its_own_errors_mean() -> None:
    policy = HttpPolicy(attempts=1, breaker_threshold=1)
    refusal = Destination("svc", "http://svc.test", policy, fault=lambda exc: False)

    async def refused(client: httpx.AsyncClient) -> str:
        raise PermissionError("not yours")

    for _ in range(3):
        with pytest.raises(PermissionError):
            await refusal.call(refused)
    assert refusal.breaker.allow(), "a refusal is an answer: the breaker stays closed"


async def test_redirects_are_not_followed() -> None:
    moved = httpx.Response(302, headers={"location": "http://elsewhere.test/"})
    scripted = Scripted(moved)
    response = await destination(scripted).call(lambda client: client.get("/"))
    assert response.status_code == 302
    assert len(scripted.requests) == 1


def test_a_destination_keeps_one_client_per_event_loop() -> None:
    target = destination(Scripted())

    async def client_twice() -> httpx.AsyncClient:
        first = target.client
        assert target.client is first
        await target.aclose()
        return first

    assert asyncio.run(client_twice()) is not asyncio.run(client_twice())


async def test_shared_destinations_are_closed_at_shutdown() -> None:
    shared = shared_destination("svc", "http://svc.test", FAST)
    assert shared_destination("svc", "http://svc.test/", FAST) is shared
    client = shared.client
    await close_http_clients()
    assert client.is_closed
    assert shared.client is not client
