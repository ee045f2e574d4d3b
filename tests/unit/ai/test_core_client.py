"""The recommender's client to core on the shared outbound HTTP policy."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
import pytest

from atrium.ai.recommender.core_client import CoreClient, CoreError
from tests.support.scripted_http import Scripted

CORE = "http://core.test"
ITEM = {
    "id": 1,
    "title": "What phishing is",
    "kind": "lesson",
    "track_id": 1,
    "module_id": 10,
    "position": 0,
    "prerequisite_ids": [],
    "organization_id": None,
}
PAGE = {"results": [ITEM], "next_cursor": None}


def client_of(core: Scripted) -> CoreClient:
    return CoreClient(CORE, "token", timeout_s=4, transport=core.transport())


async def test_a_503_is_retried_then_the_answer_is_used() -> None:
    core = Scripted(httpx.Response(503, json={"detail": "restarting"}), then=PAGE)
    items = await client_of(core).catalog_items()
    assert [item.id for item in items] == [1]
    assert len(core.requests) == 2
    assert {r.headers["authorization"] for r in core.requests} == {"Bearer token"}


async def test_a_retry_after_given_as_an_http_date_is_waited_for() -> None:
    when = formatdate(time.time() + 2, usegmt=True)  # whole seconds: 1 to 2 s from now
    core = Scripted(httpx.Response(503, headers={"retry-after": when}), then=PAGE)
    started = time.monotonic()
    await client_of(core).catalog_items()
    assert time.monotonic() - started >= 1.0
    assert len(core.requests) == 2


async def test_a_refused_token_is_passed_on_without_a_retry() -> None:
    core = Scripted(httpx.Response(401, json={"detail": "expired"}), then=PAGE)
    with pytest.raises(CoreError) as refused:
        await client_of(core).catalog_items()
    assert refused.value.status == 401
    assert len(core.requests) == 1


async def test_a_failing_core_opens_the_breaker_and_is_no_longer_asked() -> None:
    core = Scripted(*[httpx.Response(500)] * 10)
    client = client_of(core)
    for _ in range(5):  # the breaker's threshold
        with pytest.raises(CoreError) as failed:
            await client.my_progress()
        assert failed.value.status == 502
    with pytest.raises(CoreError) as refused:
        await client.my_progress()
    assert refused.value.status == 503
    assert len(core.requests) == 5


def test_clients_built_per_request_share_one_destination() -> None:
    first, second = CoreClient(CORE, "one"), CoreClient(CORE, "two")
    assert first.core is second.core
    assert CoreClient("http://elsewhere.test", "one").core is not first.core
