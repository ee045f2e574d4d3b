"""Nominatim's usage policy holds for the whole application: two api processes, one Redis."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from atrium.integrations.base.ratelimit import Rate, RedisBucket
from atrium.integrations.fake.app import FakeServer, settings_for
from tests.support.auth import JWKSServer, TokenIssuer
from tests.support.processes import atrium, http_ok, wait_until
from tests.support.services import free_port


@pytest.mark.asyncio(loop_scope="session")
async def test_redis_buckets_in_two_clients_share_one_schedule(redis_url: str) -> None:
    first, second = RedisBucket(redis_url), RedisBucket(redis_url)
    rate = Rate(1, 1.0)
    try:
        slots = []  # when each reservation may go: the moment it was asked plus its wait
        for bucket in (first, second, first, second):
            asked = time.monotonic()
            wait = (await bucket.reserve("test:shared", rate, max_wait_s=10)).wait_s
            slots.append(asked + wait)
        refused = await second.reserve("test:shared", rate, max_wait_s=1)
    finally:
        await first.aclose()
        await second.aclose()
    for index, slot in enumerate(slots):
        assert slots[0] + index - 0.05 < slot <= slots[0] + index + 0.05
    assert not refused.granted


def test_geocoding_never_exceeds_one_request_per_second_across_two_api_processes(
    redis_url: str, fake: FakeServer, tmp_path: Path
) -> None:
    issuer = TokenIssuer()
    with JWKSServer(issuer) as jwks:
        env = {
            "ATRIUM_ENV": "test",
            "ATRIUM_VAR_DIR": str(tmp_path),
            "REDIS_URL": redis_url,
            "CORE_URL": jwks.url,
            "WEB_CONCURRENCY": "1",
            **settings_for(fake.url),
        }
        ports = [free_port(), free_port()]
        procs = [
            atrium(
                f"api-{port}", "serve", "api", "--port", str(port), env=env, logs=tmp_path / "logs"
            ).start()
            for port in ports
        ]
        try:
            for port in ports:
                wait_until(http_ok(f"http://127.0.0.1:{port}/healthz"), 60, "api", procs)
            headers = issuer.header(user_id=7, org_id=1, role="member")

            def search(index: int) -> httpx.Response:
                return httpx.get(
                    f"http://127.0.0.1:{ports[index % 2]}/api/v1/integrations/geo/search",
                    params={"q": f"place number {index}"},
                    headers=headers,
                    timeout=30,
                )

            with ThreadPoolExecutor(5) as pool:
                responses = list(pool.map(search, range(5)))
        finally:
            for proc in procs:
                proc.stop()
    assert [r.status_code for r in responses] == [200] * 5, [r.text for r in responses]
    arrivals = sorted(seen.at for seen in fake.control.requests("nominatim"))
    assert len(arrivals) == 5, "distinct queries: nothing cached or coalesced"
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert min(gaps) >= 1.0, gaps
