"""The LLM usage ledger (``ai_chat_usage``) read as a monthly budget per organization."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

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
