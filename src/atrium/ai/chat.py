"""Chat grounded in the catalog: retrieve items, ask the LLM chain, cite what it used.

With no provider key configured the answer is quoted from the retrieved items (their own
summaries, each cited), labelled ``retrieval-only``: nothing is generated, and nothing
pretends to be. When no item is about the question, the answer says so plainly.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.llm import ChatRequest, Completion, FallbackChain, Message, StreamInterruptedError
from atrium.ai.llm.base import AllProvidersFailedError, StreamEnd, TextDelta, Usage
from atrium.ai.retrieval import Citation, Retriever
from atrium.ai.usage import save_usage
from atrium.config import get_settings

RETRIEVAL_ONLY_NOTE = (
    "No language model is configured, so this is not a generated answer: "
    "it is quoted from the catalog items that match your question."
)
NOTHING_MATCHES = (
    "Nothing in the catalog matches this question, and no language model is configured to "
    "answer it otherwise. Try other words, or browse the catalog."
)
SYSTEM_PROMPT = (
    "You are Atrium's learning assistant. Answer the learner's question using the numbered "
    "catalog items below when they are relevant, and cite them as [n]. If they do not cover "
    "the question, say so briefly and answer from general knowledge without citations.\n\n"
    "Catalog items:\n{sources}"
)


@dataclass(frozen=True)
class Grounding:
    """What an answer is made with: the LLM chain, the catalog search, the store that
    records each answer's token usage."""

    chain: FallbackChain
    retriever: Retriever
    store: AsyncEngine


@dataclass
class ChatAnswer:
    mode: Literal["generated", "retrieval-only"]
    answer: str | None
    citations: list[Citation]
    provider: str | None = None
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    note: str | None = None


def extractive_answer(citations: list[Citation]) -> str:
    """The matched items' own summaries, each cited; or, plainly, that nothing matched."""
    if not citations:
        return NOTHING_MATCHES
    return "\n".join(f"{c.summary} [{c.number}]" for c in citations if c.summary)


def grounded_request(
    question: str, history: list[Message], citations: list[Citation]
) -> ChatRequest:
    settings = get_settings()
    sources = "\n".join(f"[{c.number}] {c.title} ({c.kind}): {c.summary}" for c in citations)
    return ChatRequest(
        messages=[*history, Message("user", question)],
        system=SYSTEM_PROMPT.format(sources=sources or "(none found)"),
        max_output_tokens=settings.llm_max_output_tokens,
        temperature=settings.llm_temperature,
    )


async def answer(
    grounding: Grounding,
    question: str,
    history: list[Message],
    *,
    user_id: int,
    organization_id: int | None,
) -> ChatAnswer:
    citations = await grounding.retriever.citations_for(question, organization_id)
    if not grounding.chain.providers:
        quoted = extractive_answer(citations)
        return ChatAnswer("retrieval-only", quoted, citations, note=RETRIEVAL_ONLY_NOTE)
    request = grounded_request(question, history, citations)
    completion: Completion = await grounding.chain.complete(request)
    await save_usage(
        grounding.store,
        completion.provider,
        completion.model,
        completion.usage,
        user_id=user_id,
        organization_id=organization_id,
    )
    return ChatAnswer(
        "generated",
        completion.text,
        citations,
        completion.provider,
        completion.model,
        completion.usage,
    )


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


async def answer_events(
    grounding: Grounding,
    question: str,
    history: list[Message],
    *,
    user_id: int,
    organization_id: int | None,
) -> AsyncIterator[str]:
    """SSE: ``citations``, then ``delta``s, then ``done`` - or ``error`` as the last event."""
    citations = await grounding.retriever.citations_for(question, organization_id)
    yield sse("citations", [asdict(c) for c in citations])
    if not grounding.chain.providers:
        yield sse("delta", {"text": extractive_answer(citations), "provider": None})
        yield sse("done", {"mode": "retrieval-only", "note": RETRIEVAL_ONLY_NOTE})
        return
    request = grounded_request(question, history, citations)
    try:
        async for provider, piece in grounding.chain.stream(request):
            if isinstance(piece, TextDelta):
                yield sse("delta", {"text": piece.text, "provider": provider})
            elif isinstance(piece, StreamEnd):
                await save_usage(
                    grounding.store,
                    provider,
                    piece.model,
                    piece.usage,
                    user_id=user_id,
                    organization_id=organization_id,
                )
                done = {"mode": "generated", "provider": provider, "model": piece.model}
                yield sse("done", {**done, "usage": asdict(piece.usage)})
    except StreamInterruptedError as exc:
        yield sse("error", {"detail": f"The answer was cut off: {exc}"})
    except AllProvidersFailedError as exc:
        yield sse("error", {"detail": f"No language model answered: {exc}"})
