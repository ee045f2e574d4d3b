"""Personality results are stored only with consent, and their owner can read and delete them."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select

from atrium.ai.llm import FallbackChain
from atrium.ai.llm.gemini import GeminiProvider
from atrium.ai.models import ChatUsage
from atrium.ai.usage import tokens_used_this_month
from atrium.api import deps
from atrium.api.main import create_app
from atrium.config import get_settings
from atrium.store.migrate import upgrade
from tests.support.auth import TokenIssuer
from tests.support.fake_llm import ANSWER, FakeLLM, running_fake_llm

pytestmark = pytest.mark.asyncio(loop_scope="session")
ANSWERS = ["I love meeting new people at parties.", "I plan my week and finish tasks early."]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    upgrade()
    with running_fake_llm() as server:
        yield server


@pytest.fixture
async def client(fake: FakeLLM) -> AsyncIterator[AsyncClient]:
    app = create_app()
    app.dependency_overrides[deps.chain] = lambda: FallbackChain([])
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://api") as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


async def test_without_consent_nothing_is_stored(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    response = await client.post(
        "/api/v1/personality/analyze",
        json={"answers": ANSWERS},
        headers=api_auth.header(501, 1, "member"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False
    assert body["narrative"] is None
    assert {t["trait"] for t in body["traits"]} >= {"extraversion", "conscientiousness"}
    extraversion = next(t for t in body["traits"] if t["trait"] == "extraversion")
    assert extraversion["score"] > 60
    assert extraversion["evidence"][0]["sentence"] == ANSWERS[0]
    assert (
        await client.get("/api/v1/personality/me", headers=api_auth.header(501, 1, "member"))
    ).status_code == 404


async def test_with_consent_the_owner_reads_and_deletes_it(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    response = await client.post(
        "/api/v1/personality/analyze",
        json={"answers": ANSWERS, "consent": True},
        headers=api_auth.header(502, 1, "member"),
    )
    assert response.json()["stored"] is True
    mine = await client.get("/api/v1/personality/me", headers=api_auth.header(502, 1, "member"))
    assert mine.status_code == 200
    assert mine.json()["method"] == "statement-similarity-v2"
    assert (
        await client.get("/api/v1/personality/me", headers=api_auth.header(503, 1, "member"))
    ).status_code == 404
    assert (
        await client.delete("/api/v1/personality/me", headers=api_auth.header(502, 1, "member"))
    ).status_code == 204
    assert (
        await client.get("/api/v1/personality/me", headers=api_auth.header(502, 1, "member"))
    ).status_code == 404
    assert (
        await client.delete("/api/v1/personality/me", headers=api_auth.header(502, 1, "member"))
    ).status_code == 404


async def test_with_an_llm_a_narrative_is_added(
    client: AsyncClient, fake: FakeLLM, api_auth: TokenIssuer
) -> None:
    fake.reset()
    gemini = GeminiProvider(base_url=fake.url, api_key="k", model="gemini-2.5-flash")
    client.app.dependency_overrides[deps.chain] = lambda: FallbackChain(  # type: ignore[attr-defined]
        [gemini], timeout_s=2
    )
    response = await client.post(
        "/api/v1/personality/analyze",
        json={"answers": ANSWERS},
        headers=api_auth.header(504, 1, "member"),
    )
    assert response.json()["narrative"] == "".join(ANSWER)
    assert "extraversion" in fake.requests["gemini"][0]["json"]["contents"][0]["parts"][0]["text"]


async def test_narrative_tokens_count_against_the_organization_budget(
    client: AsyncClient, fake: FakeLLM, api_auth: TokenIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrative's tokens go to the usage ledger like a chat answer's; once the budget
    is spent no narrative is asked for, and the scores still come back."""
    fake.reset()
    monkeypatch.setattr(get_settings(), "llm_monthly_tokens_per_org", 1)
    gemini = GeminiProvider(base_url=fake.url, api_key="k", model="gemini-2.5-flash")
    client.app.dependency_overrides[deps.chain] = lambda: FallbackChain(  # type: ignore[attr-defined]
        [gemini], timeout_s=2
    )
    org = secrets.randbelow(10**12) + 1  # a fresh ledger
    member = api_auth.header(506, org, "member")
    first = await client.post(
        "/api/v1/personality/analyze", json={"answers": ANSWERS}, headers=member
    )
    assert first.json()["narrative"] == "".join(ANSWER)
    store = deps.get_engine()
    async with store.connect() as connection:
        rows = (
            await connection.execute(select(ChatUsage).where(ChatUsage.organization_id == org))
        ).all()
    assert [(row.user_id, row.provider) for row in rows] == [(506, "gemini")]
    assert await tokens_used_this_month(store, org) == rows[0].input_tokens + rows[0].output_tokens
    assert rows[0].input_tokens > 0

    spent = await client.post(
        "/api/v1/personality/analyze", json={"answers": ANSWERS}, headers=member
    )
    assert spent.status_code == 200, spent.text
    assert spent.json()["narrative"] is None
    assert spent.json()["traits"]
    assert len(fake.requests["gemini"]) == 1, "no LLM call once the budget is spent"


async def test_bad_input_and_no_token_are_refused(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    for body in ({"answers": []}, {"answers": ["x" * 5001]}, {"answers": "text"}):
        response = await client.post(
            "/api/v1/personality/analyze", json=body, headers=api_auth.header(505, 1, "member")
        )
        assert response.status_code == 422, body
    response = await client.post("/api/v1/personality/analyze", json={"answers": ANSWERS})
    assert response.status_code == 401
