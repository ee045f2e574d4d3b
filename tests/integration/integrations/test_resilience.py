"""The upstream client against a misbehaving upstream over loopback."""

from __future__ import annotations

import asyncio
import time

import pytest
from cashews import Cache

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector
from atrium.integrations.base.metrics import BREAKER_STATE
from atrium.integrations.base.ratelimit import MemoryBucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.connectors.dogs import Breed, BreedsWire, to_breeds
from atrium.integrations.errors import (
    BadUpstreamResponse,
    UpstreamError,
    UpstreamFailed,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from atrium.integrations.fake.app import FakeServer
from atrium.integrations.fake.faults import Fault, Mode
from tests.integration.integrations.conftest import MakeUpstream

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def breeds(upstream: Upstream, freshness: Freshness | None) -> Fetched[list[Breed]]:
    return await Connector(upstream).get(
        "/breeds/list/all",
        None,
        wire=BreedsWire,
        out=list[Breed],
        normalize=to_breeds,
        freshness=freshness,
    )


def calls(fake: FakeServer) -> int:
    return len(fake.control.requests("dogs"))


async def test_a_failing_upstream_keeps_serving_cached_data_marked_stale(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream(attempts=2, breaker_threshold=100)
    freshness = Freshness(ttl_s=0.2, keep_s=60)
    first = await breeds(upstream, freshness)
    assert first.stale is False
    assert first.source == "upstream"
    fake.control.inject("dogs", Fault(Mode.error))
    await asyncio.sleep(0.25)
    for _ in range(3):
        started = time.perf_counter()
        again = await breeds(upstream, freshness)
        assert again.stale is True
        assert again.data == first.data
        assert again.fetched_at == first.fetched_at
        assert time.perf_counter() - started < upstream.policy.deadline_s
    assert calls(fake) == 1 + 3 * 2, "each stale answer still tried the upstream (2 attempts)"


@pytest.mark.parametrize(
    ("fault", "error", "status"),
    [
        (Fault(Mode.error), UpstreamFailed, 502),
        (Fault(Mode.malformed), BadUpstreamResponse, 502),
        (Fault(Mode.truncated), UpstreamFailed, 502),
        (Fault(Mode.reset), UpstreamFailed, 502),
        (Fault(Mode.rate_limit, retry_after=30), UpstreamUnavailable, 503),
        (Fault(Mode.delay, delay_s=5), UpstreamTimeout, 504),
    ],
    ids=lambda value: value.mode.value if isinstance(value, Fault) else None,
)
async def test_an_uncached_call_fails_with_its_status_within_the_deadline(
    make_upstream: MakeUpstream,
    fake: FakeServer,
    fault: Fault,
    error: type[UpstreamError],
    status: int,
) -> None:
    upstream = make_upstream(deadline_s=1.0, read_timeout_s=0.5)
    fake.control.inject("dogs", fault)
    started = time.perf_counter()
    with pytest.raises(error) as caught:
        await breeds(upstream, freshness=None)
    assert time.perf_counter() - started < 1.3
    assert caught.value.status == status
    assert caught.value.detail
    if status == 503:
        assert caught.value.headers == {"Retry-After": "30"}


async def test_retries_honour_retry_after_then_succeed(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream(deadline_s=4.0)
    fake.control.inject("dogs", Fault(Mode.rate_limit, retry_after=1, remaining=1))
    started = time.perf_counter()
    fetched = await breeds(upstream, freshness=None)
    assert fetched.data
    assert time.perf_counter() - started >= 1.0
    assert calls(fake) == 2


def breaker_gauge(name: str, family: str | None = None) -> float | None:
    labels = {"upstream": name, "family": family or name}
    samples = next(iter(BREAKER_STATE.collect())).samples
    return next((s.value for s in samples if s.labels == labels), None)


async def test_the_breaker_opens_on_failures_and_closes_when_the_upstream_recovers(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream("potter", attempts=1, breaker_threshold=3, breaker_reset_s=0.5)

    async def spells() -> Fetched[object]:
        return await Connector(upstream).get(
            "/api/spells",
            None,
            wire=list[dict[str, str]],
            out=list[dict[str, str]],
            normalize=lambda spells: spells,
            freshness=None,
        )

    fake.control.inject("potter", Fault(Mode.error))
    for _ in range(3):
        with pytest.raises(UpstreamFailed):
            await spells()
    assert breaker_gauge("potter") == 2
    with pytest.raises(UpstreamUnavailable, match="failed repeatedly") as refused:
        await spells()
    assert int(refused.value.headers["Retry-After"]) >= 1
    assert len(fake.control.requests("potter")) == 3, "an open breaker sends nothing"

    fake.control.clear()
    await asyncio.sleep(0.55)
    assert (await spells()).data
    assert breaker_gauge("potter") == 0
    assert (await spells()).data


async def test_a_half_open_probe_that_fails_opens_the_breaker_again(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream(attempts=1, breaker_threshold=1, breaker_reset_s=0.3)
    fake.control.inject("dogs", Fault(Mode.error))
    with pytest.raises(UpstreamFailed):
        await breeds(upstream, None)
    await asyncio.sleep(0.35)
    with pytest.raises(UpstreamFailed):
        await breeds(upstream, None)  # the probe
    with pytest.raises(UpstreamUnavailable):
        await breeds(upstream, None)
    assert calls(fake) == 2


async def test_100_concurrent_identical_requests_make_one_upstream_call(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream()
    fake.control.inject("dogs", Fault(Mode.delay, delay_s=0.3))
    freshness = Freshness(ttl_s=60)
    results = await asyncio.gather(*(breeds(upstream, freshness) for _ in range(100)))
    assert calls(fake) == 1
    assert all(result.data == results[0].data for result in results)
    assert all(result.stale is False for result in results)


async def test_stale_while_revalidate_answers_at_once_and_refreshes_behind(
    make_upstream: MakeUpstream, fake: FakeServer
) -> None:
    upstream = make_upstream()
    freshness = Freshness(ttl_s=1.0, revalidate_s=30)
    first = await breeds(upstream, freshness)
    await asyncio.sleep(1.05)
    fake.control.inject("dogs", Fault(Mode.delay, delay_s=0.5))
    started = time.perf_counter()
    stale = await breeds(upstream, freshness)
    assert time.perf_counter() - started < 0.2
    assert stale.stale is True
    await asyncio.sleep(0.8)  # the refresh behind it takes 0.5 s
    fresh = await breeds(upstream, freshness)
    assert fresh.stale is False
    assert fresh.fetched_at > first.fetched_at
    assert calls(fake) == 2


async def test_two_processes_sharing_redis_coalesce_into_one_upstream_call(
    fake: FakeServer, redis_url: str
) -> None:
    caches = [Cache(), Cache()]
    for cache in caches:
        cache.setup(redis_url)
    # One upstream (pool, breaker, coalescer) per simulated process; only Redis is shared.
    processes = [
        Upstream("dogs", fake.base_url("dogs"), Policy(), bucket=MemoryBucket(), cache=cache)
        for cache in caches
    ]
    fake.control.inject("dogs", Fault(Mode.delay, delay_s=0.3))
    freshness = Freshness(ttl_s=60)
    try:
        results = await asyncio.gather(*(breeds(processes[i % 2], freshness) for i in range(40)))
    finally:
        for upstream, cache in zip(processes, caches, strict=True):
            await upstream.aclose()
            await cache.clear()
            await cache.close()
    assert calls(fake) == 1
    assert all(result.data == results[0].data for result in results)
