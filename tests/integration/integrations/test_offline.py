"""A server without internet: every upstream's name fails to resolve, and api says so."""

from __future__ import annotations

import socket

import httpx
import pytest

pytestmark = pytest.mark.asyncio(loop_scope="session")
BASE = "/api/v1/integrations"


def no_internet(request: httpx.Request) -> httpx.Response:
    """What httpx raises when the resolver cannot answer (no network at all)."""
    cause = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    raise httpx.ConnectError(str(cause), request=request) from cause


@pytest.fixture
def transport() -> httpx.AsyncBaseTransport:
    return httpx.MockTransport(no_internet)


async def test_a_route_says_the_server_is_offline(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{BASE}/dogs/breeds")
    assert response.status_code == 502
    body = response.json()
    assert body["offline"] is True
    assert "cannot be reached from this server" in body["detail"]


async def test_the_dashboard_says_it_once_and_offers_the_demo_data(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"{BASE}/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert "atrium dev --offline" in body["notice"]
    assert all(module["error"]["offline"] for module in body["modules"].values())
