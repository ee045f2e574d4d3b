"""The ASGI gateway relays the dashboard's WebSockets (next dev's live reload)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from websockets.asyncio.server import ServerConnection, serve

from atrium.gateway import Gateway, WebProxy
from tests.support.services import free_port


async def _echo(connection: ServerConnection) -> None:
    async for message in connection:
        if message == "bye":
            await connection.close()
            return
        await connection.send(f"{connection.request.path}:{message}")  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def web_url() -> Iterator[str]:
    port, ready, stop = free_port(), threading.Event(), threading.Event()

    async def main() -> None:
        async with serve(_echo, "127.0.0.1", port):
            ready.set()
            await asyncio.to_thread(stop.wait)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{port}"
    stop.set()
    thread.join(10)


def _gateway(web_url: str) -> TestClient:
    async def unused(scope: object, receive: object, send: object) -> None:
        raise AssertionError("only web should answer")

    return TestClient(Gateway(core=unused, api=unused, web=WebProxy(web_url)))


def test_messages_go_both_ways_with_the_path_and_query(web_url: str) -> None:
    with _gateway(web_url).websocket_connect("/_next/webpack-hmr?id=1") as socket:
        socket.send_text("ping")
        assert socket.receive_text() == "/_next/webpack-hmr?id=1:ping"
        socket.send_bytes(b"raw")
        assert socket.receive_text() == "/_next/webpack-hmr?id=1:b'raw'"


def test_the_upstream_closing_closes_the_client(web_url: str) -> None:
    with _gateway(web_url).websocket_connect("/_next/webpack-hmr") as socket:
        socket.send_text("bye")
        with pytest.raises(WebSocketDisconnect):
            socket.receive_text()


def test_an_upstream_that_is_down_is_refused() -> None:
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        _gateway(f"http://127.0.0.1:{free_port()}").websocket_connect("/_next/webpack-hmr"),
    ):
        pass
    assert refused.value.code == 1011
