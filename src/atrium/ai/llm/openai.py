"""OpenAI Chat Completions (``/v1/chat/completions``), JSON or SSE ended by ``[DONE]``."""

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
    error_envelope,
)

# A 429 that is about money, not pace: retrying cannot help, the next provider might.
QUOTA_EXHAUSTED = frozenset(
    {
        "insufficient_quota",
        "credit_balance_exhausted",
        "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded",
        "organization_usage_limit_exceeded",
    }
)


class OpenAIProvider(Provider):
    name = "openai"

    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.api_key}", "content-type": "application/json"}

    def _body(self, request: ChatRequest, *, stream: bool) -> dict[str, Any]:
        messages = [{"role": "system", "content": request.system}] if request.system else []
        messages += [{"role": m.role, "content": m.content} for m in request.messages]
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_completion_tokens": request.max_output_tokens,
            "temperature": request.temperature,
        }
        if stream:
            body |= {"stream": True, "stream_options": {"include_usage": True}}
        return body

    async def complete(self, client: httpx.AsyncClient, request: ChatRequest) -> Completion:
        data = await self.post_json(
            client, f"{self.base_url}/v1/chat/completions", self._body(request, stream=False)
        )
        try:
            text = _said(data["choices"][0]["message"])
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise self.malformed("no choices[0].message") from exc
        return Completion(text, self.name, str(data.get("model", self.model)), _usage(data))

    def error_from(self, response: httpx.Response, body: bytes) -> ProviderError:
        error = super().error_from(response, body)
        envelope = error_envelope(body)
        if {envelope.get("type"), envelope.get("code")} & QUOTA_EXHAUSTED:
            error.retryable = False
        return error

    async def stream(
        self, client: httpx.AsyncClient, request: ChatRequest
    ) -> AsyncGenerator[StreamPiece]:
        url = f"{self.base_url}/v1/chat/completions"
        async with self.open_events(client, url, self._body(request, stream=True)) as events:
            usage, model = Usage(), self.model
            async for event in events:
                if event.data == "[DONE]":
                    yield StreamEnd(model, usage)
                    return
                chunk = self.parse_json(event.data)
                try:
                    model = str(chunk.get("model", model))
                    if chunk.get("usage"):
                        usage = _usage(chunk)
                    for choice in chunk.get("choices") or []:
                        text = _said(choice.get("delta") or {})
                        if text:
                            yield TextDelta(text)
                except (AttributeError, TypeError) as exc:
                    raise self.malformed("a stream chunk is not a chat.completion.chunk") from exc
        raise self.malformed("the stream ended without [DONE]")


def _said(message: dict[str, Any]) -> str:
    """The text of a message or delta: its content, or the model's refusal in its place."""
    return str(message.get("content") or message.get("refusal") or "")


def _usage(data: dict[str, Any]) -> Usage:
    usage = data.get("usage") or {}
    return Usage(
        input_tokens=int(usage.get("prompt_tokens", 0)),
        output_tokens=int(usage.get("completion_tokens", 0)),
    )
