import time

from atrium.integrations.base.ratelimit import MemoryBucket, Rate, RedisBucket, acquire
from tests.support.services import free_port


async def test_burst_passes_then_slots_are_spaced_by_the_interval() -> None:
    bucket, rate = MemoryBucket(), Rate(10, 1, burst=3)
    waits = [(await bucket.reserve("k", rate, max_wait_s=10)).wait_s for _ in range(5)]
    assert waits[:3] == [0, 0, 0]
    assert 0.09 < waits[3] <= 0.1
    assert 0.19 < waits[4] <= 0.2


async def test_a_slot_beyond_the_allowed_wait_is_refused_and_not_taken() -> None:
    bucket, rate = MemoryBucket(), Rate(1, 10)
    assert (await bucket.reserve("k", rate, max_wait_s=0)).granted
    refused = await bucket.reserve("k", rate, max_wait_s=1)
    assert not refused.granted
    assert 9 < refused.wait_s <= 10
    assert not (await bucket.reserve("k", rate, max_wait_s=1)).granted
    assert (await bucket.reserve("other", rate, max_wait_s=0)).granted


async def test_acquire_sleeps_until_the_reserved_slot() -> None:
    bucket, rate = MemoryBucket(), Rate(1, 0.2)
    started = time.perf_counter()
    for _ in range(3):
        assert (await acquire(bucket, "k", rate, max_wait_s=1)).granted
    assert time.perf_counter() - started >= 0.38


async def test_an_unreachable_redis_falls_back_to_a_bucket_per_process() -> None:
    bucket = RedisBucket(f"redis://127.0.0.1:{free_port()}/0")
    try:
        assert (await bucket.reserve("k", Rate(1, 10), max_wait_s=0)).granted
        assert not (await bucket.reserve("k", Rate(1, 10), max_wait_s=0)).granted
    finally:
        await bucket.aclose()
