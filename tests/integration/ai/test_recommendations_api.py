"""``POST /api/v1/recommendations`` reading core's catalog and progress with the caller's token.

Core is stood in for by an in-memory transport answering in core's documented shapes
(``ItemRead``, ``ProgressRead``, cursor pages); the AI store and the model are real.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.embeddings import content_hash, get_embedder
from atrium.ai.tasks import progress_changed
from atrium.ai.vectors import VectorItem, vector_store_for
from atrium.api import deps
from atrium.api.main import create_app
from atrium.config import get_settings
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade
from tests.support.auth import TokenIssuer

pytestmark = pytest.mark.asyncio(loop_scope="session")
STAMP = "2026-11-20T10:00:00Z"


def item(id: int, title: str, track: int, position: int, prereqs=(), org=None) -> dict:
    return {
        "id": id,
        "slug": f"item-{id}",
        "kind": "lesson",
        "title": title,
        "summary": "",
        "body": "",
        "tags": [],
        "difficulty": 1,
        "estimated_minutes": 10,
        "state": "published",
        "position": position,
        "module_id": track * 10,
        "track_id": track,
        "organization_id": org,
        "prerequisite_ids": list(prereqs),
        "created_at": STAMP,
        "updated_at": STAMP,
    }


ITEMS = [
    item(101, "Passwords: why length matters", 1, 0),
    item(102, "Passphrases you can remember", 1, 1, [101]),
    item(103, "Password managers in practice", 1, 2, [102]),
    item(104, "Multi-factor authentication", 1, 3, [103]),
    item(201, "Backups and the 3-2-1 rule", 2, 0),
    item(301, "Our office Wi-Fi policy", 3, 0, org=1),
]


def progress(item_id: int, status: str = "completed") -> dict:
    return {
        "id": item_id,
        "user_id": 61,
        "item_id": item_id,
        "item_slug": f"item-{item_id}",
        "item_title": "",
        "item_kind": "lesson",
        "track_id": 1,
        "status": status,
        "score": 80,
        "attempts": 1,
        "time_spent_s": 60,
        "started_at": STAMP,
        "completed_at": STAMP if status == "completed" else None,
        "version": 2,
        "updated_at": STAMP,
    }


class FakeCore:
    def __init__(self, progress_rows: list[dict]) -> None:
        self.progress_rows = progress_rows
        self.tokens: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.tokens.append(request.headers.get("authorization", ""))
        if request.url.path == "/api/v1/catalog/items":
            if request.url.params.get("cursor") == "page-2":
                return httpx.Response(200, json={"results": ITEMS[3:], "next_cursor": None})
            return httpx.Response(200, json={"results": ITEMS[:3], "next_cursor": "page-2"})
        if request.url.path == "/api/v1/progress/":
            return httpx.Response(200, json={"results": self.progress_rows, "next_cursor": None})
        return httpx.Response(404, json={"detail": "Not Found"})


@pytest.fixture(scope="module")
async def indexed() -> AsyncIterator[AsyncEngine]:
    """The default AI store (the one the worker's tasks write to), with the items indexed."""
    await asyncio.to_thread(upgrade)
    store = build_engine(get_settings().ai_store_url)
    texts = [i["title"] for i in ITEMS]
    vectors = get_embedder().embed(texts)
    await vector_store_for(store).upsert(
        [
            VectorItem(
                item_id=str(i["id"]),
                vector=v,
                kind="lesson",
                title=i["title"],
                text=i["title"],
                text_hash=content_hash(i["title"]),
                organization_id=i["organization_id"],
            )
            for i, v in zip(ITEMS, vectors, strict=True)
        ]
    )
    yield store
    await store.dispose()


async def client_for(core: FakeCore, store: AsyncEngine) -> AsyncClient:
    app = create_app()
    app.dependency_overrides[deps.core_transport] = lambda: httpx.MockTransport(core)
    app.dependency_overrides[deps.store_engine] = lambda: store
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://api")


@pytest.fixture
async def learner(indexed: AsyncEngine) -> AsyncIterator[tuple[AsyncClient, FakeCore]]:
    core = FakeCore([progress(101), progress(102)])
    async with await client_for(core, indexed) as client:
        yield client, core


async def test_the_next_items_of_the_track_come_first(learner, api_auth: TokenIssuer) -> None:
    client, core = learner
    headers = api_auth.header(61, 1, "member")
    response = await client.post("/api/v1/recommendations", json={"limit": 4}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["strategy"] == "profile"
    found = [r["item_id"] for r in body["items"]]
    assert found[0] == 103
    assert not {101, 102, 104} & set(found)
    assert body["items"][0]["reason"]
    assert set(core.tokens) == {headers["Authorization"]}  # the caller's own token, every page
    assert len(core.tokens) == 3


async def test_a_new_learner_gets_the_popular_items(
    indexed: AsyncEngine, api_auth: TokenIssuer
) -> None:
    for user in (1, 2, 3):  # the task as the worker runs it, in a thread of its own
        payload = {
            "user_id": user,
            "item_id": "201",
            "organization_id": None,
            "status": "in_progress",
            "updated_at": STAMP,
        }
        await asyncio.to_thread(lambda p=payload: progress_changed.apply(args=[p]).get())
    core = FakeCore([])
    async with await client_for(core, indexed) as client:
        response = await client.post(
            "/api/v1/recommendations", json={}, headers=api_auth.header(62, 1, "member")
        )
    body = response.json()
    assert body["strategy"] == "cold-start"
    assert body["items"][0]["item_id"] == 201
    assert "3 learner(s)" in body["items"][0]["reason"]


async def test_core_refusing_the_token_is_passed_on(
    indexed: AsyncEngine, api_auth: TokenIssuer
) -> None:
    async with await client_for(
        lambda _: httpx.Response(401, json={"detail": "no"}), indexed
    ) as client:
        response = await client.post(
            "/api/v1/recommendations", json={}, headers=api_auth.header(63, 1, "member")
        )
    assert response.status_code == 401
    assert response.json()["detail"]


async def test_a_vanished_organization_is_a_404_not_a_bad_gateway(
    indexed: AsyncEngine, api_auth: TokenIssuer
) -> None:
    gone = httpx.Response(404, json={"detail": "No such organization"})
    async with await client_for(lambda _: gone, indexed) as client:
        response = await client.post(
            "/api/v1/recommendations", json={}, headers=api_auth.header(63, 1, "member")
        )
    assert response.status_code == 404
    assert response.json() == {"detail": "core: No such organization"}


async def test_core_down_is_a_502(indexed: AsyncEngine, api_auth: TokenIssuer) -> None:
    def down(_: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    async with await client_for(down, indexed) as client:
        response = await client.post(
            "/api/v1/recommendations", json={}, headers=api_auth.header(63, 1, "member")
        )
    assert response.status_code == 502


async def test_bad_input_is_refused(learner, api_auth: TokenIssuer) -> None:
    client, _ = learner
    for body in ({"limit": 0}, {"limit": 51}, {"kinds": "lesson"}):
        response = await client.post(
            "/api/v1/recommendations", json=body, headers=api_auth.header(61, 1, "member")
        )
        assert response.status_code == 422
    assert (await client.post("/api/v1/recommendations", json={})).status_code == 401
