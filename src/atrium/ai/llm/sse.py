"""Server-Sent Events, read from an httpx response (``\\n`` or ``\\r\\n`` line endings)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class ServerEvent:
    event: str
    data: str


async def server_events(response: httpx.Response) -> AsyncGenerator[ServerEvent]:
    event, data = "message", list[str]()
    async for line in response.aiter_lines():
        if not line:
            if data:
                yield ServerEvent(event, "\n".join(data))
            event, data = "message", list[str]()
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    if data:
        yield ServerEvent(event, "\n".join(data))
