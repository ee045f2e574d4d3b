"""The LLM usage ledger (``ai_chat_usage``): every call's tokens, recorded after it and read
as a monthly budget per organization before the next one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from atrium.ai.llm.base import Usage
from atrium.ai.llm.metrics import record_usage
from atrium.ai.models import ChatUsage


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now: datetime) -> datetime:
    start = month_start(now)
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


async def tokens_used_this_month(store: AsyncEngine, organization_id: int) -> int:
    since = month_start(datetime.now(UTC))
    total = func.coalesce(func.sum(ChatUsage.input_tokens + ChatUsage.output_tokens), 0)
    query = select(total).where(
        ChatUsage.organization_id == organization_id, ChatUsage.created_at >= since
    )
    async with store.connect() as connection:
        return int((await connection.execute(query)).scalar_one())


async def over_budget(store: AsyncEngine, organization_id: int | None, budget: int) -> bool:
    """Whether the organization has used its monthly ``budget`` (0: none) of LLM tokens."""
    if not budget or organization_id is None:
        return False
    return await tokens_used_this_month(store, organization_id) >= budget


async def save_usage(
    store: AsyncEngine,
    provider: str,
    model: str,
    usage: Usage,
    *,
    user_id: int,
    organization_id: int | None,
) -> None:
    """Record a call's tokens against the user and their active organization."""
    record_usage(provider, model, usage.input_tokens, usage.output_tokens)
    async with AsyncSession(store) as session:
        session.add(
            ChatUsage(
                user_id=user_id,
                organization_id=organization_id,
                provider=provider,
                model=model[:100],
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
            )
        )
        await session.commit()
