"""Chat against fake Gemini, OpenAI and Anthropic servers speaking their wire formats."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from httpx import ASGITransport, AsyncClient
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from atrium.ai.embeddings import content_hash, get_embedder
from atrium.ai.llm import AllProvidersFailedError, ChatRequest, FallbackChain, Message
from atrium.ai.llm.anthropic import AnthropicProvider
from atrium.ai.llm.base import TextDelta
from atrium.ai.llm.gemini import GeminiProvider
from atrium.ai.llm.openai import OpenAIProvider
from atrium.ai.models import ChatUsage
from atrium.ai.vectors import VectorItem, vector_store_for
from atrium.api import deps
from atrium.api.main import create_app
from atrium.config import get_settings
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade
from tests.support.auth import TokenIssuer
from tests.support.fake_llm import ANSWER, FakeLLM, running_fake_llm

pytestmark = pytest.mark.asyncio(loop_scope="session")
TEXT = "".join(ANSWER)
USER = random.randrange(10**6, 10**9)  # the default store outlives a run
CATALOG = {
    "phishing-101": "Recognising phishing emails: check the sender, links and urgency.",
    "passwords-101": "Password managers and passphrases keep every account distinct.",
    "firewalls-101": "Network firewalls filter traffic between zones.",
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with running_fake_llm() as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(fake: FakeLLM) -> None:
    fake.reset()


def chain(
    fake: FakeLLM, *names: str, timeout_s: float = 0.5, deadline_s: float = 10
) -> FallbackChain:
    kinds = {"gemini": GeminiProvider, "openai": OpenAIProvider, "anthropic": AnthropicProvider}
    models = {
        "gemini": "gemini-2.5-flash",
        "openai": "gpt-4o-mini",
        "anthropic": "claude-sonnet-4-20250514",
    }
    providers = [
        kinds[n](base_url=fake.url, api_key=f"key-{n}", model=models[n])
        for n in names or ("gemini", "openai", "anthropic")
    ]
    return FallbackChain(
        providers, timeout_s=timeout_s, retries=2, backoff_s=0.01, deadline_s=deadline_s
    )


REQUEST = ChatRequest([Message("user", "What should I learn first?")], system="Be brief.")


async def test_gemini_answers_in_its_own_format(fake: FakeLLM) -> None:
    completion = await chain(fake).complete(REQUEST)
    assert (completion.provider, completion.text) == ("gemini", TEXT)
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (8, 30)
    sent = fake.requests["gemini"][0]
    assert sent["path"] == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert sent["headers"]["x-goog-api-key"] == "key-gemini"
    assert sent["json"]["generationConfig"] == {"temperature": 0.7, "maxOutputTokens": 6000}
    assert sent["json"]["systemInstruction"] == {"parts": [{"text": "Be brief."}]}


async def test_gemini_429_then_timeout_falls_back_to_openai(fake: FakeLLM) -> None:
    fake.script("gemini", "429", "timeout")
    completion = await chain(fake).complete(REQUEST)
    assert (completion.provider, completion.text) == ("openai", TEXT)
    assert len(fake.requests["gemini"]) == 2
    sent = fake.requests["openai"][0]
    assert sent["headers"]["authorization"] == "Bearer key-openai"
    assert sent["json"]["messages"][0] == {"role": "system", "content": "Be brief."}
    assert sent["json"]["max_completion_tokens"] == 6000


async def test_with_gemini_and_openai_failing_anthropic_answers(fake: FakeLLM) -> None:
    fake.script("gemini", "429", "timeout")
    fake.script("openai", "500", "500", "500")
    completion = await chain(fake).complete(REQUEST)
    assert (completion.provider, completion.text) == ("anthropic", TEXT)
    assert len(fake.requests["openai"]) == 3  # one call and two retries
    sent = fake.requests["anthropic"][0]
    assert sent["headers"]["x-api-key"] == "key-anthropic"
    assert sent["headers"]["anthropic-version"] == "2023-06-01"
    assert sent["json"]["system"] == "Be brief."
    assert sent["json"]["max_tokens"] == 6000


async def test_a_long_gemini_retry_delay_falls_back_at_once(fake: FakeLLM) -> None:
    fake.script("gemini", "429-retry-40s")
    start = time.monotonic()
    completion = await chain(fake).complete(REQUEST)
    assert completion.provider == "openai"
    assert len(fake.requests["gemini"]) == 1  # waiting 40 s would not be worth it
    assert time.monotonic() - start < 2


async def test_a_short_gemini_retry_delay_is_waited_for(fake: FakeLLM) -> None:
    fake.script("gemini", "429-retry-0.2s")
    completion = await chain(fake).complete(REQUEST)
    assert completion.provider == "gemini"
    assert len(fake.requests["gemini"]) == 2


async def test_anthropic_overloaded_529_is_retried(fake: FakeLLM) -> None:
    fake.script("anthropic", "529")
    completion = await chain(fake, "anthropic").complete(REQUEST)
    assert completion.text == TEXT
    assert len(fake.requests["anthropic"]) == 2


async def test_openai_out_of_quota_falls_back_without_retrying(fake: FakeLLM) -> None:
    fake.script("openai", "429-quota")
    completion = await chain(fake, "openai", "anthropic").complete(REQUEST)
    assert completion.provider == "anthropic"
    assert len(fake.requests["openai"]) == 1  # a retry cannot buy quota


@pytest.mark.parametrize(
    ("vendor", "variant"),
    [("gemini", "thoughts"), ("openai", "refusal")],
    ids=["gemini-thought-summaries-left-out", "openai-refusal-is-the-answer"],
)
async def test_an_answer_variant_gives_the_words_meant_for_the_user(
    fake: FakeLLM, vendor: str, variant: str
) -> None:
    fake.script(vendor, variant, variant)
    completion = await chain(fake, vendor).complete(REQUEST)
    assert completion.text == TEXT
    pieces = [piece async for _, piece in chain(fake, vendor).stream(REQUEST)]
    assert "".join(p.text for p in pieces if isinstance(p, TextDelta)) == TEXT


async def test_a_malformed_answer_moves_on(fake: FakeLLM) -> None:
    fake.script("gemini", "malformed")
    completion = await chain(fake, "gemini", "openai").complete(REQUEST)
    assert completion.provider == "openai"


async def test_all_failing_gives_up_within_the_deadline(fake: FakeLLM) -> None:
    fake.script("gemini", "timeout")
    fake.script("openai", "timeout")
    fake.script("anthropic", "529", "529", "529")
    start = time.monotonic()
    with pytest.raises(AllProvidersFailedError) as failed:
        await chain(fake, timeout_s=0.5, deadline_s=5).complete(REQUEST)
    assert time.monotonic() - start < 3
    assert [f.split(":")[0] for f in failed.value.failures] == ["gemini", "openai", "anthropic"]


# --- through the endpoint -------------------------------------------------------------


@pytest.fixture(scope="module")
async def store() -> AsyncIterator[AsyncEngine]:
    """The default AI store (SQLite under the test run's var dir), migrated."""
    await asyncio.to_thread(upgrade)
    engine = build_engine(get_settings().ai_store_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
async def catalog(store: AsyncEngine) -> None:
    embedder = get_embedder()
    texts = list(CATALOG.values())
    vectors = embedder.embed(texts)
    await vector_store_for(store).upsert(
        [
            VectorItem(
                item_id=item_id,
                vector=vector,
                kind="lesson",
                title=text.split(":")[0],
                text=text,
                text_hash=content_hash(text),
                summary=text,
            )
            for (item_id, text), vector in zip(CATALOG.items(), vectors, strict=True)
        ]
    )


@pytest.fixture
async def client(catalog: None, store: AsyncEngine) -> AsyncIterator[AsyncClient]:
    app = create_app()
    app.dependency_overrides[deps.store_engine] = lambda: store
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://api") as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


def use_chain(client: AsyncClient, value: FallbackChain) -> None:
    client.app.dependency_overrides[deps.chain] = lambda: value  # type: ignore[attr-defined]


def events(body: str) -> list[tuple[str, dict]]:
    found = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((lines["event"], json.loads(lines["data"])))
    return found


QUESTION = {"message": "How do I spot a phishing email?"}


def tokens_counted(provider: str) -> float:
    value = REGISTRY.get_sample_value(
        "atrium_llm_tokens_total",
        {"provider": provider, "model": "gpt-4o-mini-2024-07-18", "direction": "output"},
    )
    return value or 0.0


async def test_a_json_answer_is_grounded_cited_and_its_usage_recorded(
    client: AsyncClient, store: AsyncEngine, fake: FakeLLM, api_auth: TokenIssuer
) -> None:
    fake.script("gemini", "429", "timeout")
    use_chain(client, chain(fake))
    before = tokens_counted("openai")
    response = await client.post(
        "/api/v1/chat", json=QUESTION, headers=api_auth.header(USER, 1, "member")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["mode"], body["provider"], body["answer"]) == ("generated", "openai", TEXT)
    assert body["citations"][0]["item_id"] == "phishing-101"
    assert body["citations"][0]["number"] == 1
    system = fake.requests["openai"][0]["json"]["messages"][0]["content"]
    assert "[1] Recognising phishing emails" in system
    assert tokens_counted("openai") == before + 9
    async with AsyncSession(store) as session:
        rows = (await session.scalars(select(ChatUsage).where(ChatUsage.user_id == USER))).all()
    assert [(r.provider, r.input_tokens, r.output_tokens) for r in rows] == [("openai", 9, 9)]


async def test_all_providers_failing_is_a_503_with_a_detail(
    client: AsyncClient, fake: FakeLLM, api_auth: TokenIssuer
) -> None:
    fake.script("gemini", "timeout")
    fake.script("openai", "429", "429", "429")
    fake.script("anthropic", "timeout")
    use_chain(client, chain(fake, deadline_s=4))
    start = time.monotonic()
    response = await client.post(
        "/api/v1/chat", json=QUESTION, headers=api_auth.header(USER, 1, "member")
    )
    assert time.monotonic() - start < 4
    assert response.status_code == 503
    assert "gemini: timed out" in response.json()["detail"]


async def test_without_a_key_the_answer_is_labelled_retrieval_only(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    use_chain(client, FallbackChain([]))
    response = await client.post(
        "/api/v1/chat", json=QUESTION, headers=api_auth.header(USER, 1, "member")
    )
    body = response.json()
    assert body["mode"] == "retrieval-only"
    assert "not a generated answer" in body["note"]
    assert [c["item_id"] for c in body["citations"]] == ["phishing-101"]
    assert body["answer"] == f"{CATALOG['phishing-101']} [1]"  # quoted, and cited


async def test_without_a_key_an_unrelated_question_is_told_nothing_matches(
    client: AsyncClient, api_auth: TokenIssuer
) -> None:
    use_chain(client, FallbackChain([]))
    unrelated = {"message": "How do I write a Python function?", "stream": True}
    response = await client.post(
        "/api/v1/chat", json=unrelated, headers=api_auth.header(USER, 1, "member")
    )
    found = events(response.text)
    assert found[0] == ("citations", [])
    assert found[1][0] == "delta"
    assert found[1][1]["text"].startswith("Nothing in the catalog matches this question")
    assert found[-1][0] == "done"


@pytest.mark.parametrize("vendor", ["gemini", "openai", "anthropic"])
async def test_each_vendor_streams(
    client: AsyncClient, fake: FakeLLM, vendor: str, api_auth: TokenIssuer
) -> None:
    use_chain(client, chain(fake, vendor))
    response = await client.post(
        "/api/v1/chat",
        json={**QUESTION, "stream": True},
        headers=api_auth.header(USER, 1, "member"),
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    found = events(response.text)
    assert found[0][0] == "citations"
    assert "".join(d["text"] for e, d in found if e == "delta") == TEXT
    assert found[-1][0] == "done"
    assert found[-1][1]["provider"] == vendor
    if vendor == "gemini":
        assert fake.requests["gemini"][0]["query"] == "alt=sse"


async def test_a_stream_falls_back_before_its_first_word(
    client: AsyncClient, fake: FakeLLM, api_auth: TokenIssuer
) -> None:
    fake.script("gemini", "429", "429", "429")
    use_chain(client, chain(fake))
    response = await client.post(
        "/api/v1/chat",
        json={**QUESTION, "stream": True},
        headers=api_auth.header(USER, 1, "member"),
    )
    found = events(response.text)
    assert {d["provider"] for e, d in found if e == "delta"} == {"openai"}
    assert found[-1][0] == "done"


@pytest.mark.parametrize("fault", ["cut", "malformed"])
@pytest.mark.parametrize("vendor", ["gemini", "openai", "anthropic"])
async def test_a_broken_stream_ends_with_an_error_event(
    client: AsyncClient, fake: FakeLLM, vendor: str, fault: str, api_auth: TokenIssuer
) -> None:
    fake.script(vendor, fault)
    use_chain(client, chain(fake, vendor))
    start = time.monotonic()
    response = await client.post(
        "/api/v1/chat",
        json={**QUESTION, "stream": True},
        headers=api_auth.header(USER, 1, "member"),
    )
    assert time.monotonic() - start < 5
    found = events(response.text)
    kinds = [e for e, _ in found]
    assert kinds[-1] == "error", kinds
    assert "done" not in kinds
    assert found[-1][1]["detail"]


async def test_a_stalled_stream_ends_with_an_error_event(
    client: AsyncClient, fake: FakeLLM, api_auth: TokenIssuer
) -> None:
    fake.script("openai", "timeout")
    use_chain(client, chain(fake, "openai", timeout_s=0.3, deadline_s=2))
    response = await client.post(
        "/api/v1/chat",
        json={**QUESTION, "stream": True},
        headers=api_auth.header(USER, 1, "member"),
    )
    found = events(response.text)
    assert found[-1][0] == "error"
    assert "timed out" in found[-1][1]["detail"]


async def test_chat_refuses_bad_input(client: AsyncClient, api_auth: TokenIssuer) -> None:
    use_chain(client, FallbackChain([]))
    for body in (
        {"message": ""},
        {"message": "x" * 4001},
        {"history": []},
        {"message": "hi", "history": [{"role": "system", "content": "x"}]},
    ):
        response = await client.post(
            "/api/v1/chat", json=body, headers=api_auth.header(USER, 1, "member")
        )
        assert response.status_code == 422, body
    assert (await client.post("/api/v1/chat", json=QUESTION)).status_code == 401
