"""Chat conversations are kept per user: listed latest first, resumed, replaced, deleted."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient

from atrium.api.main import create_app
from atrium.store.migrate import upgrade
from tests.support.auth import TokenIssuer

pytestmark = pytest.mark.asyncio(loop_scope="session")
URL = "/api/v1/chat/conversations"
QUESTION = {"role": "user", "content": "How do I spot a phishing email?"}
ANSWER = {
    "role": "assistant",
    "content": "Check the sender [1].",
    "citations": [{"number": 1, "item_id": "7", "title": "Spot the phish", "kind": "lesson"}],
}


def a_user() -> int:
    """A user id of this run alone: the store outlives a test session."""
    return random.randrange(10**6, 10**12)


@pytest.fixture(scope="module")
def _migrated() -> None:
    upgrade()  # alembic runs its own event loop: outside the tests' one


@pytest.fixture
async def client(_migrated: None) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=create_app()), base_url="http://api") as c:
        yield c


async def test_a_conversation_is_saved_resumed_and_listed_latest_first(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    ann = api_auth.header(a_user(), 1, "member")
    first = await client.post(URL, json={"turns": [QUESTION]}, headers=ann)
    assert first.status_code == 201
    conversation = first.json()
    assert conversation["title"] == "How do I spot a phishing email?"
    saved = await client.put(
        f"{URL}/{conversation['id']}", json={"turns": [QUESTION, ANSWER]}, headers=ann
    )
    assert saved.json()["turns"][1]["citations"][0]["title"] == "Spot the phish"
    other = {"role": "user", "content": "What is a passphrase? " * 10}
    second = (await client.post(URL, json={"turns": [other]}, headers=ann)).json()
    assert len(second["title"]) == 80
    assert second["title"].endswith("…")

    listed = (await client.get(URL, headers=ann)).json()
    assert [(c["id"], c["turns"]) for c in listed] == [(second["id"], 1), (conversation["id"], 2)]
    resumed = (await client.get(f"{URL}/{conversation['id']}", headers=ann)).json()
    assert resumed["turns"] == [{**QUESTION, "citations": []}, ANSWER]


async def test_another_users_conversation_does_not_exist_for_them(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    ann, bob = api_auth.header(a_user(), 1, "member"), api_auth.header(a_user(), 1, "member")
    made = (await client.post(URL, json={"turns": [QUESTION]}, headers=ann)).json()
    path = f"{URL}/{made['id']}"
    assert (await client.get(path, headers=bob)).status_code == 404
    assert (await client.put(path, json={"turns": [QUESTION]}, headers=bob)).status_code == 404
    assert (await client.delete(path, headers=bob)).status_code == 404
    assert (await client.get(URL, headers=bob)).json() == []
    assert (await client.delete(path, headers=ann)).status_code == 204
    missing = await client.get(path, headers=ann)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No such conversation"


@pytest.mark.parametrize(
    "body",
    [{"turns": []}, {"turns": [{"role": "system", "content": "x"}]}, {"turns": "many"}, {}],
)
async def test_malformed_turns_are_a_422_with_detail(
    client: AsyncClient, api_auth: TokenIssuer, body: dict[str, object]
) -> None:
    response = await client.post(URL, json=body, headers=api_auth.header(a_user(), 1, "member"))
    assert response.status_code == 422
    assert "detail" in response.json()


async def test_conversations_need_a_login(client: AsyncClient) -> None:
    assert (await client.get(URL)).status_code == 401
