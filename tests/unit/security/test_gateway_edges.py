"""The composed gateway and api refuse oversized headers, and the gateway believes
X-Forwarded-For only as far as the configured proxies."""

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from atrium.api.main import create_app
from atrium.api.middleware import MAX_HEADER_BYTES, HeaderSizeLimitMiddleware
from atrium.config import get_settings
from atrium.gateway import Gateway

HUGE = {"Authorization": "Bearer " + "a" * 1_000_000}


def test_api_answers_431_to_a_megabyte_authorization_header() -> None:
    api = TestClient(create_app())
    refused = api.post("/api/v1/embeddings", headers=HUGE, json={})
    assert refused.status_code == 431
    assert "detail" in refused.json()
    fits = {"Authorization": "Bearer " + "a" * (MAX_HEADER_BYTES - 40)}
    assert api.post("/api/v1/embeddings", headers=fits, json={}).status_code != 431


def recorder(seen: list[Any]) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope.get("client"))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


async def ask(app: Any, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        return await client.get("/api/v1/health/", headers=headers)


async def test_the_gateway_refuses_oversized_headers() -> None:
    seen: list[Any] = []
    gateway = HeaderSizeLimitMiddleware(Gateway(*[recorder(seen)] * 3))
    assert (await ask(gateway, HUGE)).status_code == 431
    assert seen == []


async def test_a_local_peer_cannot_claim_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    gateway = Gateway(*[recorder(seen)] * 3)
    claim = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}
    await ask(gateway, claim)
    monkeypatch.setattr(get_settings(), "trusted_proxy_count", 1)
    await ask(gateway, claim)
    await ask(gateway, {})
    assert [client[0] for client in seen] == ["127.0.0.1", "203.0.113.9", "127.0.0.1"]


def test_the_gateways_own_page_is_hardened(monkeypatch: pytest.MonkeyPatch) -> None:
    from atrium.common.security_headers import HEADERS
    from atrium.gateway import create_gateway
    from tests.support.services import free_port

    monkeypatch.setattr(get_settings(), "web_url", f"http://127.0.0.1:{free_port()}")
    page = TestClient(create_gateway()).get("/")
    assert page.status_code == 503
    for name, value in HEADERS.items():
        assert page.headers[name] == value, name
