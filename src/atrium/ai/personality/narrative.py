"""A short narrative of the scores, when an LLM is configured (never required).

The call counts against the organization's monthly LLM budget like a chat answer: it is
skipped once the budget is spent (the scores still come back) and its tokens go to the
usage ledger."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.llm import AllProvidersFailedError, ChatRequest, FallbackChain, Message
from atrium.ai.personality.analyzer import Analysis
from atrium.ai.usage import over_budget, save_usage
from atrium.config import get_settings

log = structlog.get_logger(__name__)
PROMPT = (
    "Write three plain sentences for a learner about how they describe themselves, based on "
    "these Big Five scores (0-100, 50 neutral) with confidence (0-1). Mention only traits "
    "with confidence above 0.2, avoid clinical language, and suggest one way of learning "
    "that may suit them.\n{scores}"
)


async def narrate(
    analysis: Analysis,
    chain: FallbackChain,
    store: AsyncEngine,
    *,
    user_id: int,
    organization_id: int | None,
) -> str | None:
    if not chain.providers:
        return None
    budget = get_settings().llm_monthly_tokens_per_org
    if await over_budget(store, organization_id, budget):
        log.info("personality_narrative_over_budget", organization_id=organization_id)
        return None
    scores = "\n".join(f"{t.trait}: {t.score} (confidence {t.confidence})" for t in analysis.traits)
    request = ChatRequest([Message("user", PROMPT.format(scores=scores))], max_output_tokens=400)
    try:
        completion = await chain.complete(request)
    except AllProvidersFailedError as exc:
        log.warning("personality_narrative_unavailable", reason=str(exc))
        return None
    await save_usage(
        store,
        completion.provider,
        completion.model,
        completion.usage,
        user_id=user_id,
        organization_id=organization_id,
    )
    return completion.text
