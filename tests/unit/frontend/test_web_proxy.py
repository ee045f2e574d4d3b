"""The gateway keeps the dashboard's immutable build assets and relays everything else."""

from __future__ import annotations

import gzip

import httpx
from starlette.testclient import TestClient

from atrium.gateway import Gateway, WebProxy

CHUNK = "/_next/static/chunks/app-1a2b.js"
SCRIPT = b"console.log('a chunk');" * 50
IMMUTABLE = "public, max-age=31536000, immutable"


def _streamed(status: int, headers: dict[str, str], body: bytes) -> httpx.Response:
    """Sent as a stream, as a server's answer comes, not read in advance."""
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))


def _dashboard(asked: list[str]) -> httpx.MockTransport:
    """A stand-in for `next start`: hashed assets immutable and gzipped, pages per request."""

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path.startswith("/_next/static/"):
            zipped = "gzip" in request.headers.get("accept-encoding", "")
            headers = {"cache-control": IMMUTABLE, "content-type": "application/javascript"}
            if zipped:
                headers["content-encoding"] = "gzip"
            return _streamed(200, headers, gzip.compress(SCRIPT) if zipped else SCRIPT)
        return _streamed(200, {"cache-control": "private, no-store"}, f"page {len(asked)}".encode())

    return httpx.MockTransport(answer)


def _gateway(asked: list[str]) -> TestClient:
    async def unused(scope: object, receive: object, send: object) -> None:
        raise AssertionError("only web should answer")

    proxy = WebProxy("http://dashboard.test")
    proxy.client = httpx.AsyncClient(base_url=proxy.base_url, transport=_dashboard(asked))
    return TestClient(Gateway(core=unused, api=unused, web=proxy))


def test_an_immutable_asset_is_fetched_once_and_served_as_sent() -> None:
    asked: list[str] = []
    client = _gateway(asked)
    for _ in range(3):
        response = client.get(
            "/_next/static/chunks/app-1a2b.js", headers={"accept-encoding": "gzip"}
        )
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["cache-control"] == IMMUTABLE
        assert response.content == SCRIPT  # the client undid the gzip the dashboard applied
    assert asked == [CHUNK]


def test_each_accepted_encoding_is_kept_apart() -> None:
    asked: list[str] = []
    client = _gateway(asked)
    zipped = client.get(CHUNK, headers={"accept-encoding": "gzip"})
    plain = client.get(CHUNK, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content == SCRIPT
    assert len(asked) == 2


def test_pages_are_relayed_every_time() -> None:
    asked: list[str] = []
    client = _gateway(asked)
    assert client.get("/learn").text == "page 1"
    assert client.get("/learn").text == "page 2"
    assert asked == ["/learn", "/learn"]
