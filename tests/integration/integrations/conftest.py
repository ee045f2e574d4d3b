"""The fake upstream on a loopback port, and clients of it built with test policies."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from cashews import Cache

from atrium.integrations.base.ratelimit import MemoryBucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.fake.app import FakeServer
from tests.support.services import free_port

MakeUpstream = Callable[..., Upstream]


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeServer]:
    with FakeServer(free_port()) as server:
        yield server


@pytest.fixture(autouse=True)
def _clean_fake(fake: FakeServer) -> None:
    fake.control.clear()


@pytest.fixture
async def make_upstream(fake: FakeServer) -> AsyncIterator[MakeUpstream]:
    """Upstreams on the fake with a policy of the test's, each with a cache of its own."""
    built: list[Upstream] = []

    def make(name: str = "dogs", **policy: Any) -> Upstream:
        cache = Cache()
        cache.setup("mem://")
        defaults: dict[str, Any] = {"deadline_s": 2.0, "backoff_s": 0.01, "backoff_max_s": 0.05}
        upstream = Upstream(
            name,
            fake.base_url(name),
            Policy(**(defaults | policy)),
            bucket=MemoryBucket(),
            cache=cache,
        )
        built.append(upstream)
        return upstream

    yield make
    for upstream in built:
        await upstream.aclose()
