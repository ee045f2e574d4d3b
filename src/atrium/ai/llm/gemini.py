"""Google Gemini ``generateContent`` / ``streamGenerateContent?alt=sse`` (v1beta REST)."""

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

ROLES = {"user": "user", "assistant": "model"}


class GeminiProvider(Provider):
    name = "gemini"

    def _url(self, method: str) -> str:
        return f"{self.base_url}/v1beta/models/{self.model}:{method}"

    def headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.api_key, "content-type": "application/json"}

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        body: dict[str, Any] = {
            "contents": [
                {"role": ROLES[m.role], "parts": [{"text": m.content}]} for m in request.messages
            ],
            "generationConfig": {
                "temperature": request.temperature,
                "maxOutputTokens": request.max_output_tokens,
            },
        }
        if request.system:
            body["systemInstruction"] = {"parts": [{"text": request.system}]}
        return body

    async def complete(self, client: httpx.AsyncClient, request: ChatRequest) -> Completion:
        data = await self.post_json(client, self._url("generateContent"), self._body(request))
        text, _ = self._text(data)
        return Completion(text, self.name, str(data.get("modelVersion", self.model)), _usage(data))

    async def stream(
        self, client: httpx.AsyncClient, request: ChatRequest
    ) -> AsyncGenerator[StreamPiece]:
        url = self._url("streamGenerateContent") + "?alt=sse"
        async with self.open_events(client, url, self._body(request)) as events:
            usage, model = Usage(), self.model
            async for event in events:
                chunk = self.parse_json(event.data)
                text, finished = self._text(chunk)
                if text:
                    yield TextDelta(text)
                if "usageMetadata" in chunk:
                    usage = _usage(chunk)
                model = str(chunk.get("modelVersion", model))
                if finished:
                    yield StreamEnd(model, usage)
                    return
        raise self.malformed("the stream ended without a finishReason")

    def error_from(self, response: httpx.Response, body: bytes) -> ProviderError:
        """Google RPC errors carry their retry hint in the body (``RetryInfo.retryDelay``)."""
        error = super().error_from(response, body)
        if error.retry_after is None:
            error.retry_after = _retry_delay(body)
        return error

    def _text(self, data: dict[str, Any]) -> tuple[str, bool]:
        if "error" in data:
            raise ProviderError(self.name, str(data["error"].get("message", "error")))
        candidates = data.get("candidates")
        if not isinstance(candidates, list) or not candidates:
            blocked = data.get("promptFeedback", {}).get("blockReason")
            raise self.malformed(
                f"no candidates (blocked: {blocked})" if blocked else "no candidates"
            )
        first = candidates[0]
        parts = first.get("content", {}).get("parts", [])
        # Thinking models add parts without text (only a thoughtSignature) and, when asked,
        # thought summaries (``"thought": true``): neither is part of the answer.
        text = "".join(
            part.get("text", "")
            for part in parts
            if isinstance(part, dict) and not part.get("thought")
        )
        return text, bool(first.get("finishReason"))


def _retry_delay(body: bytes) -> float | None:
    try:
        for detail in error_envelope(body).get("details", []):
            if detail.get("@type", "").endswith("google.rpc.RetryInfo"):
                return float(str(detail["retryDelay"]).removesuffix("s"))
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _usage(data: dict[str, Any]) -> Usage:
    meta = data.get("usageMetadata", {})
    output = int(meta.get("candidatesTokenCount", 0)) + int(meta.get("thoughtsTokenCount", 0))
    return Usage(input_tokens=int(meta.get("promptTokenCount", 0)), output_tokens=output)
