"""WebSocket tunnelling for the gateway: ``next dev`` reloads pages over one.

The ASGI gateway proxies HTTP to the dashboard with httpx, which has no WebSocket
support; this relays a WebSocket to the same upstream, message by message, in both
directions. nginx does the same in production with ``Upgrade`` headers.
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

HOP_HEADERS = {"host", "connection", "upgrade", "sec-websocket-key", "sec-websocket-version"}
HOP_HEADERS |= {"sec-websocket-extensions", "sec-websocket-protocol"}


def upstream_url(base_url: str, scope: Scope) -> str:
    ws_base = "ws" + base_url.removeprefix("http")
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{ws_base.rstrip('/')}{scope['path']}" + (f"?{query}" if query else "")


async def tunnel(base_url: str, scope: Scope, receive: Receive, send: Send) -> None:
    client = WebSocket(scope, receive, send)
    headers = [
        (name, value) for name, value in client.headers.items() if name.lower() not in HOP_HEADERS
    ]
    try:
        upstream = await connect(
            upstream_url(base_url, scope),
            additional_headers=headers,
            subprotocols=scope.get("subprotocols") or None,
            open_timeout=10,
        )
    except (OSError, TimeoutError, InvalidHandshake, InvalidURI):
        await client.close(code=1011)
        return
    async with upstream:
        await client.accept(subprotocol=upstream.subprotocol)
        relays = {
            asyncio.create_task(_client_to_upstream(client, upstream)),
            asyncio.create_task(_upstream_to_client(upstream, client)),
        }
        _, pending = await asyncio.wait(relays, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _client_to_upstream(client: WebSocket, upstream: ClientConnection) -> None:
    with contextlib.suppress(WebSocketDisconnect, ConnectionClosed):
        while True:
            message = await client.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("bytes") is not None:
                await upstream.send(message["bytes"])
            else:
                await upstream.send(message.get("text") or "")


async def _upstream_to_client(upstream: ClientConnection, client: WebSocket) -> None:
    with contextlib.suppress(ConnectionClosed, RuntimeError):
        async for data in upstream:
            if isinstance(data, bytes):
                await client.send_bytes(data)
            else:
                await client.send_text(data)
    with contextlib.suppress(RuntimeError):
        await client.close()
