"""Try providers in order: retry what may pass on a retry, then fall back to the next.

A 429, 5xx or 529 is retried with exponential backoff (or the provider's own
``Retry-After`` when it is short); a timeout, a refusal (4xx) or a malformed answer moves
on to the next provider at once. The whole chain runs within one deadline. A stream may
fall back only before its first text: after that, a failure ends it with an error.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import TypeVar

import httpx
import structlog

from atrium.ai.llm.anthropic import AnthropicProvider
from atrium.ai.llm.base import (
    AllProvidersFailedError,
    ChatRequest,
    Completion,
    Provider,
    ProviderError,
    StreamEnd,
    StreamInterruptedError,
    StreamPiece,
)
from atrium.ai.llm.gemini import GeminiProvider
from atrium.ai.llm.metrics import record_outcome
from atrium.ai.llm.openai import OpenAIProvider
from atrium.config import Settings, get_settings

log = structlog.get_logger(__name__)
T = TypeVar("T")
MAX_WAIT_S = 5.0  # a provider asking for a longer pause is skipped, not waited for


@dataclass
class FallbackChain:
    providers: list[Provider]
    timeout_s: float = 40.0
    retries: int = 2
    backoff_s: float = 0.5
    deadline_s: float = 120.0

    async def complete(self, request: ChatRequest) -> Completion:
        deadline = time.monotonic() + self.deadline_s
        failures: list[str] = []
        for provider in self.providers:

            async def call(client: httpx.AsyncClient, p: Provider = provider) -> Completion:
                return await p.complete(client, request)

            try:
                return await self._with_retries(provider, call, deadline, failures)
            except ProviderError:
                continue
        raise AllProvidersFailedError(failures)

    async def stream(self, request: ChatRequest) -> AsyncIterator[tuple[str, StreamPiece]]:
        """``(provider name, piece)`` pairs; raises StreamInterruptedError after partial text."""
        deadline = time.monotonic() + self.deadline_s
        failures: list[str] = []
        for provider in self.providers:
            started = False
            attempt = 0
            while True:
                try:
                    async with (
                        self._client(deadline) as client,
                        aclosing(provider.stream(client, request)) as pieces,
                    ):
                        async for piece in pieces:
                            started = True
                            yield provider.name, piece
                            if isinstance(piece, StreamEnd):
                                record_outcome(provider.name, "ok")
                                return
                except (ProviderError, httpx.HTTPError) as exc:
                    error = _as_provider_error(provider, exc)
                    record_outcome(provider.name, "error")
                    if started:
                        raise StreamInterruptedError(str(error)) from exc
                    wait = self._wait_before_retry(error, attempt, deadline)
                    if wait is None:
                        failures.append(str(error))
                        break
                    attempt += 1
                    await asyncio.sleep(wait)
        raise AllProvidersFailedError(failures)

    async def _with_retries(
        self,
        provider: Provider,
        call: Callable[[httpx.AsyncClient], Awaitable[T]],
        deadline: float,
        failures: list[str],
    ) -> T:
        attempt = 0
        while True:
            try:
                async with self._client(deadline) as client:
                    result = await call(client)
                record_outcome(provider.name, "ok")
                return result
            except (ProviderError, httpx.HTTPError) as exc:
                error = _as_provider_error(provider, exc)
                record_outcome(provider.name, "error")
                log.warning("llm_provider_failed", provider=provider.name, reason=error.reason)
                wait = self._wait_before_retry(error, attempt, deadline)
                if wait is None:
                    failures.append(str(error))
                    raise error from exc
                attempt += 1
                await asyncio.sleep(wait)

    def _wait_before_retry(
        self, error: ProviderError, attempt: int, deadline: float
    ) -> float | None:
        if not error.retryable or attempt >= self.retries:
            return None
        wait = (
            error.retry_after_s if error.retry_after_s is not None else self.backoff_s * 2**attempt
        )
        if wait > MAX_WAIT_S or time.monotonic() + wait >= deadline:
            return None
        return wait

    def _client(self, deadline: float) -> httpx.AsyncClient:
        remaining = max(0.05, deadline - time.monotonic())
        return httpx.AsyncClient(timeout=min(self.timeout_s, remaining), follow_redirects=False)


def _as_provider_error(provider: Provider, exc: Exception) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, httpx.TimeoutException):
        return ProviderError(provider.name, "timed out")
    return ProviderError(provider.name, f"connection failed: {type(exc).__name__}")


def providers_from(settings: Settings) -> list[Provider]:
    """The providers that have a key, in the configured fallback order."""
    available = {
        "gemini": (
            GeminiProvider,
            settings.gemini_api_key,
            settings.gemini_base_url,
            settings.gemini_model,
        ),
        "openai": (
            OpenAIProvider,
            settings.openai_api_key,
            settings.openai_base_url,
            settings.openai_model,
        ),
        "anthropic": (
            AnthropicProvider,
            settings.anthropic_api_key,
            settings.anthropic_base_url,
            settings.anthropic_model,
        ),
    }
    chosen: list[Provider] = []
    for name in (n.strip() for n in settings.llm_providers.split(",")):
        if name not in available:
            continue
        cls, key, base_url, model = available[name]
        if key is not None and key.get_secret_value():
            chosen.append(cls(base_url=base_url, api_key=key.get_secret_value(), model=model))
    return chosen


def configured_chain(settings: Settings | None = None) -> FallbackChain:
    settings = settings or get_settings()
    return FallbackChain(
        providers=providers_from(settings),
        timeout_s=settings.llm_timeout_s,
        retries=settings.llm_retries,
        backoff_s=settings.llm_backoff_s,
        deadline_s=settings.llm_deadline_s,
    )
