"""Anthropic Messages (``/v1/messages``), JSON or typed SSE events ending in ``message_stop``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from atrium.ai.llm.base import (
    ChatRequest,
    Completion,
    Provider,
    ProviderError,
    StreamEnd,
    StreamPiece,
    TextDelta,
    Usage,
)
from atrium.ai.llm.sse import server_events

API_VERSION = "2023-06-01"
RETRYABLE_ERROR_TYPES = frozenset({"overloaded_error", "rate_limit_error", "api_error"})


class AnthropicProvider(Provider):
    name = "anthropic"

    def _headers(self) -> dict[str, str]:
        return {
            "x-api-key": self.api_key,
            "anthropic-version": API_VERSION,
            "content-type": "application/json",
        }

    def _body(self, request: ChatRequest, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "temperature": request.temperature,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        }
        if request.system:
            body["system"] = request.system
        if stream:
            body["stream"] = True
        return body

    async def complete(self, client: httpx.AsyncClient, request: ChatRequest) -> Completion:
        response = await client.post(
            f"{self.base_url}/v1/messages",
            headers=self._headers(),
            json=self._body(request, stream=False),
        )
        if response.status_code != 200:
            raise self.error_from(response, response.content)
        data = self.parse_json(response.content)
        blocks = data.get("content")
        if not isinstance(blocks, list):
            raise self.malformed("no content blocks")
        text = "".join(b.get("text", "") for b in blocks if b.get("type") == "text")
        usage = data.get("usage") or {}
        return Completion(
            text,
            self.name,
            str(data.get("model", self.model)),
            Usage(int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))),
        )

    async def stream(
        self, client: httpx.AsyncClient, request: ChatRequest
    ) -> AsyncIterator[StreamPiece]:
        async with client.stream(
            "POST",
            f"{self.base_url}/v1/messages",
            headers=self._headers(),
            json=self._body(request, stream=True),
        ) as response:
            if response.status_code != 200:
                raise self.error_from(response, await response.aread())
            usage, model = Usage(), self.model
            async for event in server_events(response):
                try:
                    data = json.loads(event.data)
                except ValueError as exc:
                    raise self.malformed("a stream event is not JSON") from exc
                kind = data.get("type", event.event)
                if kind == "message_start":
                    message = data.get("message", {})
                    model = str(message.get("model", model))
                    usage.input_tokens = int(message.get("usage", {}).get("input_tokens", 0))
                elif kind == "content_block_delta":
                    text = data.get("delta", {}).get("text")
                    if text:
                        yield TextDelta(text)
                elif kind == "message_delta":
                    usage.output_tokens = int(data.get("usage", {}).get("output_tokens", 0))
                elif kind == "message_stop":
                    yield StreamEnd(model, usage)
                    return
                elif kind == "error":
                    error = data.get("error", {})
                    raise ProviderError(
                        self.name,
                        f"{error.get('type', 'error')}: {error.get('message', '')}",
                        retryable=error.get("type") in RETRYABLE_ERROR_TYPES,
                    )
        raise self.malformed("the stream ended without message_stop")
