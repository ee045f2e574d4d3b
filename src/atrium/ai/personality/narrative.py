"""A short narrative of the scores, when an LLM is configured (never required)."""

from __future__ import annotations

import structlog

from atrium.ai.llm import AllProvidersFailedError, ChatRequest, FallbackChain, Message
from atrium.ai.personality.analyzer import Analysis

log = structlog.get_logger(__name__)
PROMPT = (
    "Write three plain sentences for a learner about how they describe themselves, based on "
    "these Big Five scores (0-100, 50 neutral) with confidence (0-1). Mention only traits "
    "with confidence above 0.2, avoid clinical language, and suggest one way of learning "
    "that may suit them.\n{scores}"
)


async def narrate(analysis: Analysis, chain: FallbackChain) -> str | None:
    if not chain.providers:
        return None
    scores = "\n".join(f"{t.trait}: {t.score} (confidence {t.confidence})" for t in analysis.traits)
    request = ChatRequest([Message("user", PROMPT.format(scores=scores))], max_output_tokens=400)
    try:
        return (await chain.complete(request)).text
    except AllProvidersFailedError as exc:
        log.warning("personality_narrative_unavailable", reason=str(exc))
        return None
