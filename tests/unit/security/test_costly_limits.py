"""Per-user rate limits and concurrency caps on the costly AI routes, and each
organization's monthly LLM token budget read from the usage ledger."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from atrium.ai.models import ChatUsage
from atrium.ai.usage import next_month_start
from atrium.api import deps
from atrium.api.main import create_app
from atrium.common import slots
from atrium.config import get_settings
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade

EMBED = {"texts": ["phishing emails"]}
QUESTION = {"message": "How do I spot a phishing email?"}
ANSWERS = {"answers": ["I plan my week and finish tasks early."]}
COSTLY = [  # (route name, path, a body it accepts)
    ("embeddings", "/api/v1/embeddings", EMBED),
    ("personality", "/api/v1/personality/analyze", ANSWERS),
    ("chat", "/api/v1/chat", QUESTION),
]


@pytest.fixture(scope="module")
async def store() -> AsyncIterator[AsyncEngine]:
    await asyncio.to_thread(upgrade)
    engine = build_engine(get_settings().ai_store_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def client(store: AsyncEngine) -> AsyncIterator[AsyncClient]:
    app = create_app()
    app.dependency_overrides[deps.store_engine] = lambda: store
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://api") as c:
        yield c


@pytest.mark.parametrize(("route", "path", "body"), COSTLY)
async def test_calls_past_the_per_minute_limit_get_429(
    client: AsyncClient,
    api_auth: Any,
    monkeypatch: pytest.MonkeyPatch,
    route: str,
    path: str,
    body: dict[str, Any],
) -> None:
    monkeypatch.setattr(get_settings(), "ai_user_requests_per_minute", 2)
    ann, bob = (api_auth.header(secrets.randbelow(10**9) + 1000, 7, "member") for _ in range(2))
    statuses = [(await client.post(path, json=body, headers=ann)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429], route
    refused = await client.post(path, json=body, headers=ann)
    assert int(refused.headers["Retry-After"]) >= 1
    assert "detail" in refused.json()
    assert (await client.post(path, json=body, headers=bob)).status_code == 200


@pytest.mark.parametrize(("route", "path", "body"), COSTLY)
async def test_a_user_with_every_slot_in_flight_gets_429(
    client: AsyncClient, api_auth: Any, route: str, path: str, body: dict[str, Any]
) -> None:
    user = secrets.randbelow(10**9) + 1000
    ann, slot = api_auth.header(user, 7, "member"), f"{route}:user:{user}"
    cap = get_settings().ai_user_concurrency
    for _ in range(cap):  # answers of ann's still in flight, in any process
        assert await slots.take(slot, cap)
    busy = await client.post(path, json=body, headers=ann)
    assert busy.status_code == 429
    assert int(busy.headers["Retry-After"]) >= 1
    await slots.release(slot)
    assert (await client.post(path, json=body, headers=ann)).status_code == 200
    await slots.release(slot)
    again = await client.post(path, json=body, headers=ann)
    assert again.status_code == 200, "a finished answer gives its slot back"


async def test_an_organization_past_its_monthly_budget_gets_429_until_next_month(
    client: AsyncClient, store: AsyncEngine, api_auth: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "llm_monthly_tokens_per_org", 1_000)
    spent_org, thrifty_org = (secrets.randbelow(10**12) + 1 for _ in range(2))  # a fresh ledger
    async with AsyncSession(store) as session:
        session.add_all(
            [
                ChatUsage(
                    user_id=104,
                    organization_id=spent_org,
                    provider="openai",
                    model="m",
                    input_tokens=600,
                    output_tokens=400,
                ),
                ChatUsage(
                    user_id=104,
                    organization_id=thrifty_org,
                    provider="openai",
                    model="m",
                    input_tokens=600,
                    output_tokens=399,
                ),
            ]
        )
        await session.commit()
    spent = await client.post(
        "/api/v1/chat", json=QUESTION, headers=api_auth.header(104, spent_org, "member")
    )
    assert spent.status_code == 429
    now = datetime.now(UTC)
    assert (
        abs(int(spent.headers["Retry-After"]) - (next_month_start(now) - now).total_seconds()) < 60
    )
    assert "1,000 LLM tokens" in spent.json()["detail"]
    within = await client.post(
        "/api/v1/chat", json=QUESTION, headers=api_auth.header(104, thrifty_org, "member")
    )
    assert within.status_code != 429


def test_the_next_month_starts_on_the_first() -> None:
    assert next_month_start(datetime(2026, 12, 31, 23, tzinfo=UTC)) == datetime(
        2027, 1, 1, tzinfo=UTC
    )
    assert next_month_start(datetime(2026, 2, 1, tzinfo=UTC)) == datetime(2026, 3, 1, tzinfo=UTC)
