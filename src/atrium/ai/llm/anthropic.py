"""Anthropic Messages (``/v1/messages``), JSON or typed SSE events ending in ``message_stop``."""

from __future__ import annotations

from collections.abc import AsyncGenerator
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

API_VERSION = "2023-06-01"
RETRYABLE_ERROR_TYPES = frozenset(
    {"overloaded_error", "rate_limit_error", "api_error", "timeout_error"}
)


class AnthropicProvider(Provider):
    name = "anthropic"

    def headers(self) -> dict[str, str]:
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
        data = await self.post_json(
            client, f"{self.base_url}/v1/messages", self._body(request, stream=False)
        )
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
    ) -> AsyncGenerator[StreamPiece]:
        url = f"{self.base_url}/v1/messages"
        async with self.open_events(client, url, self._body(request, stream=True)) as events:
            usage, model = Usage(), self.model
            async for event in events:
                data = self.parse_json(event.data)
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
