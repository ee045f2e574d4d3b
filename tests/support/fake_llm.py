"""A local stand-in for Gemini, OpenAI and Anthropic, speaking each one's wire format.

One server answers all three vendors' paths. Each vendor has a script of faults to play,
one per request, before it answers normally: ``"429"``, ``"500"``, ``"529"``,
``"429-retry-40s"`` (Gemini's quota error with a ``RetryInfo`` delay), ``"429-at-1s"`` (a
rate limit whose ``Retry-After`` is an HTTP-date that many seconds ahead), ``"429-quota"``
(OpenAI's ``insufficient_quota``), ``"timeout"`` (hangs longer than any client waits),
``"malformed"`` (a body or stream event that is not JSON), ``"cut"`` (a stream that stops
mid-answer, connection dropped) and ``"drop"`` (the same before its first event).
``"thoughts"`` is no fault: Gemini answers with thought-summary parts and a
``thoughtSignature`` beside the text, as thinking models do; ``"refusal"`` is OpenAI
declining: ``content`` null and the words in ``refusal``.
Requests are recorded for assertions (with the client's address, so a test sees which
connection carried them), and so is how each stream ended: ``"sent"`` in full, ``"cut"`` or
``"abandoned"`` by a client that closed it. Bodies follow the recorded samples in the upstream
facts: field names, nesting and types.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support.services import free_port

HANG_S = 30.0
ANSWER = ["Start with ", "the phishing ", "basics [1]."]


def _gemini_error(code: int, retry_delay: str | None = None) -> dict[str, Any]:
    status = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}.get(code, "UNKNOWN")
    error: dict[str, Any] = {"code": code, "message": f"fake {status}", "status": status}
    if retry_delay:
        error["details"] = [
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay}
        ]
    return {"error": error}


OPENAI_QUOTA = {
    "error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota",
        "param": None,
        "code": "insufficient_quota",
    }
}


def _openai_error(code: int) -> dict[str, Any]:
    kind = "requests" if code == 429 else "server_error"
    code_name = "rate_limit_exceeded" if code == 429 else None
    return {"error": {"message": f"fake {code}", "type": kind, "param": None, "code": code_name}}


def _anthropic_error(code: int) -> dict[str, Any]:
    kind = {429: "rate_limit_error", 529: "overloaded_error"}.get(code, "api_error")
    return {
        "type": "error",
        "error": {"type": kind, "message": "Overloaded" if code == 529 else f"fake {code}"},
        "request_id": "req_fake",
    }


ERRORS = {"gemini": _gemini_error, "openai": _openai_error, "anthropic": _anthropic_error}


def _gemini_chunk(text: str, final: bool, thoughts: bool = False) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"text": text}]
    if thoughts:
        parts = [
            {"text": "**Weighing the basics** before answering.", "thought": True},
            {"text": text, "thoughtSignature": "CiQB0e2Kb3Vn"},
        ]
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    usage: dict[str, Any] = {"promptTokenCount": 8, "totalTokenCount": 8}
    if final:
        candidate["finishReason"] = "STOP"
        usage = {
            "promptTokenCount": 8,
            "candidatesTokenCount": 7,
            "totalTokenCount": 38,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}],
            "thoughtsTokenCount": 23,
        }
    return {
        "candidates": [candidate],
        "usageMetadata": usage,
        "modelVersion": "gemini-2.5-flash",
        "responseId": "fake",
    }


def _gemini_events(text: list[str], variant: str) -> list[str]:
    thoughts = variant == "thoughts"
    return [
        f"data: {json.dumps(_gemini_chunk(t, i == len(text) - 1, thoughts))}\r\n\r\n"
        for i, t in enumerate(text)
    ]


def _openai_chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    chunk = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 1763801086,
        "model": "gpt-4o-mini-2024-07-18",
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
    return f"data: {json.dumps(chunk)}\n\n"


def _openai_events(text: list[str], variant: str) -> list[str]:
    usage = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "choices": [],
        "model": "gpt-4o-mini-2024-07-18",
        "usage": {"prompt_tokens": 9, "completion_tokens": 9, "total_tokens": 18},
    }
    return [
        _openai_chunk({"role": "assistant", "content": ""}),
        *(_openai_chunk({"refusal" if variant == "refusal" else "content": t}) for t in text),
        _openai_chunk({}, "stop"),
        f"data: {json.dumps(usage)}\n\n",
        "data: [DONE]\n\n",
    ]


def _anthropic_event(kind: str, data: dict[str, Any]) -> str:
    return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n"


def _anthropic_events(text: list[str], variant: str) -> list[str]:
    start: dict[str, Any] = {
        "message": {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-20250514",
            "content": [],
            "stop_reason": None,
            "usage": {"input_tokens": 10, "output_tokens": 1},
        }
    }
    return [
        _anthropic_event("message_start", start),
        _anthropic_event(
            "content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}}
        ),
        _anthropic_event("ping", {}),
        *(
            _anthropic_event(
                "content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": t}}
            )
            for t in text
        ),
        _anthropic_event("content_block_stop", {"index": 0}),
        _anthropic_event(
            "message_delta", {"delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 12}}
        ),
        _anthropic_event("message_stop", {}),
    ]


STREAMS = {"gemini": _gemini_events, "openai": _openai_events, "anthropic": _anthropic_events}


def _complete_body(vendor: str, text: str, variant: str) -> dict[str, Any]:
    if vendor == "gemini":
        return _gemini_chunk(text, final=True, thoughts=variant == "thoughts")
    if vendor == "openai":
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1763801086,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": None if variant == "refusal" else text,
                        "refusal": text if variant == "refusal" else None,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 9, "completion_tokens": 9, "total_tokens": 18},
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-20250514",
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 12},
    }


@dataclass
class FakeLLM:
    """The fake server's state: fault scripts and recorded requests, per vendor."""

    faults: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    requests: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    streams: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=lambda: list(ANSWER))
    url: str = ""

    def script(self, vendor: str, *faults: str) -> None:
        self.faults[vendor].extend(faults)

    def reset(self) -> None:
        self.faults.clear()
        self.requests.clear()
        self.streams.clear()

    async def handle(self, vendor: str, request: Request, *, stream: bool) -> Response:
        body = await request.json()
        self.requests[vendor].append(
            {
                "path": request.url.path,
                "query": request.url.query,
                "headers": dict(request.headers),
                "client": request.client,
                "json": body,
            }
        )
        fault = self.faults[vendor].popleft() if self.faults[vendor] else "ok"
        if fault == "429-quota":
            return JSONResponse(OPENAI_QUOTA, 429)
        if fault.startswith("429-at-"):
            ahead = float(fault.removeprefix("429-at-").removesuffix("s"))
            when = formatdate(time.time() + ahead, usegmt=True)
            return JSONResponse(ERRORS[vendor](429), 429, headers={"retry-after": when})
        if fault.startswith("429-retry-"):  # Gemini's quota error with RetryInfo, e.g. "40s"
            return JSONResponse(_gemini_error(429, fault.removeprefix("429-retry-")), 429)
        if fault.isdigit():
            headers = {"retry-after": "0"} if vendor != "gemini" else {}
            return JSONResponse(ERRORS[vendor](int(fault)), int(fault), headers=headers)
        if fault == "timeout":
            await asyncio.sleep(HANG_S)
        if not stream:
            if fault == "malformed":
                return Response(b'{"candidates": [', media_type="application/json")
            body = _complete_body(vendor, "".join(self.answer), fault)
            return JSONResponse(body)
        events = STREAMS[vendor](self.answer, fault)
        return StreamingResponse(self._play(events, fault), media_type="text/event-stream")

    async def _play(self, events: list[str], fault: str) -> AsyncIterator[bytes]:
        ended = "abandoned"  # unless the last event goes out first
        try:
            for index, event in enumerate(events):
                if (fault, index) in {("cut", len(events) - 2), ("drop", 0)}:
                    ended = fault
                    raise ConnectionAbortedError("the fake upstream drops the connection")
                if index:
                    await asyncio.sleep(0.01)
                if fault == "malformed" and index == 2:
                    yield b"data: {not json\n\n"
                    break
                yield event.encode()
            ended = "sent"
        finally:
            self.streams.append(ended)


def build_app(state: FakeLLM) -> Starlette:
    async def gemini(request: Request) -> Response:
        method = request.path_params["target"].rsplit(":", 1)[-1]
        stream = method == "streamGenerateContent"
        if stream and request.query_params.get("alt") != "sse":
            return JSONResponse(_gemini_error(400), 400)
        return await state.handle("gemini", request, stream=stream)

    async def openai(request: Request) -> Response:
        body = json.loads(await request.body())
        return await state.handle("openai", request, stream=bool(body.get("stream")))

    async def anthropic(request: Request) -> Response:
        if request.headers.get("anthropic-version") != "2023-06-01":
            return JSONResponse(_anthropic_error(400), 400)
        body = json.loads(await request.body())
        return await state.handle("anthropic", request, stream=bool(body.get("stream")))

    return Starlette(
        routes=[
            Route("/v1beta/models/{target:path}", gemini, methods=["POST"]),
            Route("/v1/chat/completions", openai, methods=["POST"]),
            Route("/v1/messages", anthropic, methods=["POST"]),
        ]
    )


@contextmanager
def running_fake_llm() -> Iterator[FakeLLM]:
    """Serve the fake on a free loopback port in a thread, for as long as the block runs."""
    state = FakeLLM()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            build_app(state),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake LLM server did not start")
        time.sleep(0.02)
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        server.should_exit = True
        thread.join(10)
