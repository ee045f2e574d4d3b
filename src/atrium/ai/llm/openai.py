"""OpenAI Chat Completions (``/v1/chat/completions``), JSON or SSE ended by ``[DONE]``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from atrium.ai.llm.base import (
    ChatRequest,
    Completion,
    Provider,
    StreamEnd,
    StreamPiece,
    TextDelta,
    Usage,
)
from atrium.ai.llm.sse import server_events


class OpenAIProvider(Provider):
    name = "openai"

    def _headers(self) -> dict[str, str]:
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
        response = await client.post(
            f"{self.base_url}/v1/chat/completions",
            headers=self._headers(),
            json=self._body(request, stream=False),
        )
        if response.status_code != 200:
            raise self.error_from(response, response.content)
        data = self.parse_json(response.content)
        try:
            text = data["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise self.malformed("no choices[0].message") from exc
        return Completion(text, self.name, str(data.get("model", self.model)), _usage(data))

    async def stream(
        self, client: httpx.AsyncClient, request: ChatRequest
    ) -> AsyncIterator[StreamPiece]:
        async with client.stream(
            "POST",
            f"{self.base_url}/v1/chat/completions",
            headers=self._headers(),
            json=self._body(request, stream=True),
        ) as response:
            if response.status_code != 200:
                raise self.error_from(response, await response.aread())
            usage, model = Usage(), self.model
            async for event in server_events(response):
                if event.data == "[DONE]":
                    yield StreamEnd(model, usage)
                    return
                try:
                    chunk = json.loads(event.data)
                    model = str(chunk.get("model", model))
                    if chunk.get("usage"):
                        usage = _usage(chunk)
                    for choice in chunk.get("choices") or []:
                        text = (choice.get("delta") or {}).get("content")
                        if text:
                            yield TextDelta(text)
                except (ValueError, AttributeError, TypeError) as exc:
                    raise self.malformed("a stream chunk is not a chat.completion.chunk") from exc
        raise self.malformed("the stream ended without [DONE]")


def _usage(data: dict[str, Any]) -> Usage:
    usage = data.get("usage") or {}
    return Usage(
        input_tokens=int(usage.get("prompt_tokens", 0)),
        output_tokens=int(usage.get("completion_tokens", 0)),
    )
