"""What every provider speaks in: requests, completions, stream pieces and failures."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from atrium.ai.llm.sse import ServerEvent, server_events
from atrium.common.http_policy import AttemptFailed, retry_after

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 529})


@dataclass(frozen=True)
class Message:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class ChatRequest:
    messages: list[Message]
    system: str = ""
    max_output_tokens: int = 6000
    temperature: float = 0.7


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass
class Completion:
    text: str
    provider: str
    model: str
    usage: Usage = field(default_factory=Usage)


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class StreamEnd:
    model: str
    usage: Usage


StreamPiece = TextDelta | StreamEnd


class ProviderError(AttemptFailed):
    """One provider could not answer. ``retryable`` says whether the same call may succeed.

    Its answer counts against the provider's breaker unless it was a 4xx: a refusal or a
    429 says the provider is up.
    """

    def __init__(
        self,
        provider: str,
        reason: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            f"http_{status}" if status else "error",
            f"{provider}: {reason}",
            retryable=retryable,
            server_fault=status is None or status >= 500,
            retry_after=retry_after,
        )
        self.provider = provider
        self.reason = reason
        self.status = status


class StreamInterruptedError(Exception):
    """A stream broke after text was already sent: it cannot move to another provider."""


class AllProvidersFailedError(Exception):
    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures) or "no provider is configured")
        self.failures = failures


class Provider(ABC):
    """One vendor's REST API, spoken with httpx."""

    name: str

    def __init__(self, *, base_url: str, api_key: str, model: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.model = model

    @abstractmethod
    def headers(self) -> dict[str, str]: ...

    @abstractmethod
    async def complete(self, client: httpx.AsyncClient, request: ChatRequest) -> Completion: ...

    @abstractmethod
    def stream(
        self, client: httpx.AsyncClient, request: ChatRequest
    ) -> AsyncGenerator[StreamPiece]:
        """Text deltas, then exactly one ``StreamEnd``; a stream without its end raises."""

    async def post_json(
        self, client: httpx.AsyncClient, url: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        response = await client.post(url, headers=self.headers(), json=body)
        if response.status_code != 200:
            raise self.error_from(response, response.content)
        return self.parse_json(response.content)

    @asynccontextmanager
    async def open_events(
        self, client: httpx.AsyncClient, url: str, body: dict[str, Any]
    ) -> AsyncIterator[AsyncGenerator[ServerEvent]]:
        """The answer's server-sent events, or its ``ProviderError`` when it is not a 200.

        The response is closed when the block exits, also when a provider stops reading
        at its end event or its caller stops early.
        """
        async with client.stream("POST", url, headers=self.headers(), json=body) as response:
            if response.status_code != 200:
                raise self.error_from(response, await response.aread())
            async with aclosing(server_events(response)) as events:
                yield events

    def error_from(self, response: httpx.Response, body: bytes) -> ProviderError:
        reason = f"HTTP {response.status_code}"
        message = error_envelope(body).get("message")
        if isinstance(message, str) and message:
            reason += f" {message[:200]}"
        return ProviderError(
            self.name,
            reason,
            status=response.status_code,
            retryable=response.status_code in RETRYABLE_STATUSES,
            retry_after=retry_after(response.headers),
        )

    def malformed(self, what: str) -> ProviderError:
        return ProviderError(self.name, f"malformed response: {what}")

    def parse_json(self, body: bytes | str) -> dict[str, Any]:
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise self.malformed("not JSON") from exc
        if not isinstance(data, dict):
            raise self.malformed("not a JSON object")
        return data


def error_envelope(body: bytes) -> dict[str, Any]:
    """The ``error`` object all three vendors wrap their failures in, or ``{}``."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}
