"""The LLM chain on the shared outbound HTTP policy, against the fake vendors on loopback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest

from atrium.ai.llm import ChatRequest, FallbackChain, Message
from atrium.ai.llm.anthropic import AnthropicProvider
from atrium.ai.llm.base import Provider, TextDelta
from atrium.ai.llm.gemini import GeminiProvider
from atrium.ai.llm.openai import OpenAIProvider
from tests.support.fake_llm import ANSWER, FakeLLM, running_fake_llm

pytestmark = pytest.mark.asyncio(loop_scope="session")
REQUEST = ChatRequest([Message("user", "What should I learn first?")])


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with running_fake_llm() as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(fake: FakeLLM) -> Iterator[None]:
    fake.reset()
    yield
    fake.answer = list(ANSWER)


def provider(fake: FakeLLM, name: str) -> Provider:
    kinds: dict[str, Callable[..., Provider]] = {
        "gemini": GeminiProvider,
        "openai": OpenAIProvider,
        "anthropic": AnthropicProvider,
    }
    return kinds[name](base_url=fake.url, api_key=f"key-{name}", model="m")


def chain(fake: FakeLLM, *names: str, retries: int = 2) -> FallbackChain:
    """A chain built anew, as every request builds one from settings."""
    providers = [provider(fake, n) for n in names]
    return FallbackChain(providers, timeout_s=2, retries=retries, backoff_s=0.01, deadline_s=10)


@pytest.mark.parametrize("vendor", ["gemini", "openai", "anthropic"])
async def test_calls_of_separately_built_chains_share_one_connection(
    fake: FakeLLM, vendor: str
) -> None:
    await chain(fake, vendor).complete(REQUEST)
    await chain(fake, vendor).complete(REQUEST)
    pieces = [piece async for _, piece in chain(fake, vendor).stream(REQUEST)]
    assert pieces
    clients = [sent["client"] for sent in fake.requests[vendor]]
    assert len(clients) == 3
    assert len(set(clients)) == 1, f"one TCP connection per vendor, saw {clients}"


async def test_a_retry_after_given_as_an_http_date_is_waited_for(fake: FakeLLM) -> None:
    fake.script("openai", "429-at-2s")  # the date has whole seconds: 1 to 2 s from now
    started = time.monotonic()
    completion = await chain(fake, "openai").complete(REQUEST)
    assert completion.provider == "openai"
    assert len(fake.requests["openai"]) == 2
    assert time.monotonic() - started >= 1.0


async def test_a_stream_the_consumer_stops_is_closed_at_the_vendor(fake: FakeLLM) -> None:
    fake.answer = [f"word{i} " for i in range(100)]  # about a second of events
    pieces = chain(fake, "anthropic").stream(REQUEST)
    name, first = await anext(pieces)
    assert (name, first) == ("anthropic", TextDelta("word0 "))
    await pieces.aclose()
    for _ in range(100):
        if fake.streams:
            break
        await asyncio.sleep(0.01)
    assert fake.streams == ["abandoned"]


@pytest.mark.parametrize("vendor", ["gemini", "openai", "anthropic"])
async def test_a_stream_dropped_before_its_first_piece_is_retried(
    fake: FakeLLM, vendor: str
) -> None:
    fake.script(vendor, "drop")
    pieces = [piece async for _, piece in chain(fake, vendor).stream(REQUEST)]
    assert "".join(p.text for p in pieces if isinstance(p, TextDelta)) == "".join(ANSWER)
    assert fake.streams == ["drop", "sent"]


async def test_a_provider_whose_breaker_opened_is_skipped_without_a_request(
    fake: FakeLLM,
) -> None:
    fake.script("gemini", *["500"] * 5)  # the breaker's threshold
    for _ in range(5):
        assert (await chain(fake, "gemini", "openai", retries=0).complete(REQUEST)).provider == (
            "openai"
        )
    failed_over = chain(fake, "gemini", "openai", retries=0)
    assert (await failed_over.complete(REQUEST)).provider == "openai"
    assert len(fake.requests["gemini"]) == 5
    pieces = [name async for name, _ in failed_over.stream(REQUEST)]
    assert set(pieces) == {"openai"}
    assert len(fake.requests["gemini"]) == 5
