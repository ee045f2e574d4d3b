"""Faults the fake injects on demand, for all or the next N requests.

A fault is set for an upstream (``nasa``), for one of its paths and what lies under it
(``nasa/planetary/apod``), or for everything (``*``); the most specific one applies.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atrium.integrations.fake.samples import sample
from atrium.integrations.fake.skew import skew

NESTING = 100_000  # deeper than any JSON parser recurses
OVERSIZED_MIB = 5  # larger than every connector's body cap
SET_BY_RAW = (b"content-type", b"content-length")


class Mode(StrEnum):
    delay = "delay"  # answer normally, after ``delay_s``
    error = "error"  # HTTP 500
    rate_limit = "rate_limit"  # HTTP 429 with Retry-After
    malformed = "malformed"  # HTTP 200 with a body that is not JSON
    truncated = "truncated"  # Content-Length promises more than the body holds
    reset = "reset"  # the connection drops before the response is complete
    nested = "nested"  # HTTP 200 with JSON nested deeper than parsers recurse
    oversized = "oversized"  # HTTP 200, a valid JSON body of several MiB, chunked
    redirect = "redirect"  # HTTP 302 to another host
    unavailable = "unavailable"  # HTTP 503 with Retry-After
    quota = "quota"  # HTTP 429 without Retry-After, as NASA's gateway answers
    mismatch = "mismatch"  # a normal answer to another question: dates, ids and pages moved


@dataclass
class Fault:
    mode: Mode
    delay_s: float = 0.0
    retry_after: int = 1
    remaining: int | None = None  # None: every request until cleared


@dataclass(frozen=True)
class Seen:
    upstream: str
    path: str
    query: str
    user_agent: str
    at: float


@dataclass
class Control:
    """What a test (or the control endpoints) sets, and what the fake has seen."""

    faults: dict[str, Fault] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def inject(self, scope: str, fault: Fault) -> None:
        self.faults[scope] = fault

    def clear(self) -> None:
        self.faults.clear()
        self.seen.clear()

    def requests(self, upstream: str | None = None) -> list[Seen]:
        return [s for s in self.seen if upstream is None or s.upstream == upstream]

    def take(self, path: str) -> Fault | None:
        """The fault for ``path`` (``upstream/...``), counted as used."""
        scopes = [s for s in self.faults if s == "*" or f"{path}/".startswith(f"{s}/")]
        if not scopes:
            return None
        fault = self.faults[max(scopes, key=lambda s: 0 if s == "*" else len(s))]
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.faults = {k: v for k, v in self.faults.items() if v is not fault}
        return fault


class FaultInjector:
    """ASGI middleware: records each upstream request, then answers it or breaks it."""

    def __init__(self, app: ASGIApp, control: Control) -> None:
        self.app = app
        self.control = control

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/_fake"):
            await self.app(scope, receive, send)
            return
        upstream = path.strip("/").split("/", 1)[0]
        headers = dict(scope.get("headers", []))
        self.control.seen.append(
            Seen(
                upstream=upstream,
                path=path,
                query=scope.get("query_string", b"").decode(),
                user_agent=headers.get(b"user-agent", b"").decode(),
                at=time.time(),
            )
        )
        fault = self.control.take(path.strip("/"))
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.mode is Mode.delay:
            await asyncio.sleep(fault.delay_s)
            await self.app(scope, receive, send)
        elif fault.mode is Mode.mismatch:
            await self.app(scope, receive, _skewing(send))
        else:
            await _break(fault, send)


def _skewing(send: Send) -> Send:
    """A ``send`` that rewrites the JSON body it is given with ``skew`` before sending it."""
    start: Message = {}
    body = b""

    async def skewed(message: Message) -> None:
        nonlocal start, body
        if message["type"] == "http.response.start":
            start = message
            return
        body += message.get("body", b"")
        if message.get("more_body"):
            return
        data = json.dumps(skew(json.loads(body))).encode()
        kept = [(k, v) for k, v in start["headers"] if k.lower() not in SET_BY_RAW]
        await _raw(send, start["status"], data, len(data), kept)

    return skewed


async def _break(fault: Fault, send: Send) -> None:
    if fault.mode is Mode.error:
        await _answer(send, 500, {"error": "Internal Server Error"})
    elif fault.mode is Mode.rate_limit:
        extra = [(b"retry-after", str(fault.retry_after).encode())]
        await _answer(send, 429, {"error": {"code": "OVER_RATE_LIMIT"}}, extra)
    elif fault.mode is Mode.quota:
        await _answer(send, 429, sample("nasa_error_429"), [(b"x-ratelimit-remaining", b"0")])
    elif fault.mode is Mode.unavailable:
        extra = [(b"retry-after", str(fault.retry_after).encode())]
        await _answer(send, 503, {"error": "Service Unavailable"}, extra)
    elif fault.mode is Mode.redirect:
        await _raw(send, 302, b"", 0, [(b"location", b"https://moved.example/elsewhere")])
    else:
        await _broken_body(fault.mode, send)


async def _broken_body(mode: Mode, send: Send) -> None:
    if mode is Mode.malformed:
        await _raw(send, 200, b'{"unexpected": [1, 2', len(b'{"unexpected": [1, 2'))
    elif mode is Mode.truncated:
        await _raw(send, 200, b'{"message": "cut sho', 400)
    elif mode is Mode.nested:
        deep = b"[" * NESTING + b"]" * NESTING
        await _raw(send, 200, deep, len(deep))
    elif mode is Mode.oversized:
        await _chunked(send, b'{"message": "' + b"x" * (OVERSIZED_MIB << 20) + b'"}')
    else:  # reset: headers out, then the connection goes away
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise ConnectionResetError("fake upstream drops the connection")


async def _chunked(send: Send, body: bytes, size: int = 64 << 10) -> None:
    """Without a Content-Length: only reading says how large it is."""
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for at in range(0, len(body), size):
        chunk = body[at : at + size]
        more = at + size < len(body)
        await send({"type": "http.response.body", "body": chunk, "more_body": more})


async def _answer(
    send: Send, status: int, body: Any, extra: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    data = json.dumps(body).encode()
    await _raw(send, status, data, len(data), extra)


async def _raw(
    send: Send,
    status: int,
    body: bytes,
    length: int,
    extra: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(length).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
