"""Try providers in order: retry what may pass on a retry, then fall back to the next.

Every provider is a ``Destination`` of the shared outbound HTTP policy (pooled client,
backoff honouring ``Retry-After`` or Gemini's ``RetryInfo``, breaker). What the chain adds:
which failures are retried (a 429, 5xx, 529 or dropped connection is; a quota-exhausted
429, a timeout, a refusal or a malformed answer moves on to the next provider at once, as
does a provider asking for a longer pause than ``MAX_WAIT_S``), and one deadline for the
whole chain. A stream may be retried or fall back only before its first piece: after
that, a failure ends it with an error.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Awaitable, Callable
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
    StreamInterruptedError,
    StreamPiece,
)
from atrium.ai.llm.gemini import GeminiProvider
from atrium.ai.llm.metrics import record_outcome
from atrium.ai.llm.openai import OpenAIProvider
from atrium.common.http_client import BreakerOpen, shared_destination
from atrium.common.http_policy import AttemptFailed, HttpPolicy
from atrium.config import Settings, get_settings

log = structlog.get_logger(__name__)
T = TypeVar("T")
MAX_WAIT_S = 5.0  # a provider asking for a longer pause is skipped, not waited for
CONNECT_TIMEOUT_S = 5.0
Opened = tuple[StreamPiece, AsyncGenerator[StreamPiece]]


@dataclass
class FallbackChain:
    providers: list[Provider]
    timeout_s: float = 40.0
    retries: int = 2
    backoff_s: float = 0.5
    deadline_s: float = 120.0

    @property
    def policy(self) -> HttpPolicy:
        return HttpPolicy(
            connect_timeout_s=min(CONNECT_TIMEOUT_S, self.timeout_s),
            read_timeout_s=self.timeout_s,
            deadline_s=self.deadline_s,
            attempts=self.retries + 1,
            backoff_s=self.backoff_s,
            backoff_max_s=MAX_WAIT_S,
            retry_after_max_s=MAX_WAIT_S,
            retry_timeouts=False,
        )

    async def complete(self, request: ChatRequest) -> Completion:
        deadline = time.monotonic() + self.deadline_s
        failures: list[str] = []
        for provider in self.providers:

            async def attempt(client: httpx.AsyncClient, p: Provider = provider) -> Completion:
                return await p.complete(client, request)

            try:
                completion = await self._call(provider, attempt, deadline)
            except ProviderError as error:
                failures.append(str(error))
                continue
            record_outcome(provider.name, "ok")
            return completion
        raise AllProvidersFailedError(failures)

    async def stream(self, request: ChatRequest) -> AsyncGenerator[tuple[str, StreamPiece]]:
        """``(provider name, piece)`` pairs; raises StreamInterruptedError after partial text."""
        deadline = time.monotonic() + self.deadline_s
        failures: list[str] = []
        for provider in self.providers:

            async def attempt(client: httpx.AsyncClient, p: Provider = provider) -> Opened:
                return await _first_piece(p.stream(client, request))

            try:
                first, pieces = await self._call(provider, attempt, deadline)
            except ProviderError as error:
                failures.append(str(error))
                continue
            async with aclosing(pieces):
                yield provider.name, first
                try:
                    async for piece in pieces:
                        yield provider.name, piece
                except (ProviderError, httpx.HTTPError) as exc:
                    record_outcome(provider.name, "error")
                    raise StreamInterruptedError(str(_as_provider_error(provider, exc))) from exc
            record_outcome(provider.name, "ok")
            return
        raise AllProvidersFailedError(failures)

    async def _call(
        self,
        provider: Provider,
        attempt: Callable[[httpx.AsyncClient], Awaitable[T]],
        deadline: float,
    ) -> T:
        """One provider's answer through its destination; any failure as a ``ProviderError``."""
        destination = shared_destination(provider.name, provider.base_url, self.policy)
        try:
            return await destination.call(attempt, deadline=deadline)
        except (AttemptFailed, BreakerOpen, TimeoutError, httpx.HTTPError) as exc:
            error = _as_provider_error(provider, exc)
            record_outcome(provider.name, "error")
            log.warning("llm_provider_failed", provider=provider.name, reason=error.reason)
            if error is exc:
                raise
            raise error from exc


async def _first_piece(pieces: AsyncGenerator[StreamPiece]) -> Opened:
    """Read a stream up to its first piece: until then, a failure may be retried or fall back."""
    try:
        return await anext(pieces), pieces
    except BaseException:
        await pieces.aclose()
        raise


def _as_provider_error(provider: Provider, exc: Exception) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, BreakerOpen):
        return ProviderError(provider.name, "circuit breaker is open")
    cause = exc.__cause__ if isinstance(exc, AttemptFailed) else exc
    if isinstance(exc, TimeoutError) or isinstance(cause, httpx.TimeoutException):
        return ProviderError(provider.name, "timed out")
    return ProviderError(provider.name, f"connection failed: {type(cause).__name__}")


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
