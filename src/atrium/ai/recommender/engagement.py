"""Who is taking which item, from core's ``progress_changed`` events: the popularity signal.

One row per (user, item) with its latest status and time; an event older than the row is
ignored. Only ``in_progress`` and ``completed`` rows count as learners.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.models import ItemEngagement
from atrium.common.events import ProgressChanged

ACTIVE = ("in_progress", "completed")


async def record_progress(engine: AsyncEngine, change: ProgressChanged) -> None:
    item_id, when = change.item_id, _aware(change.updated_at)
    key = (ItemEngagement.user_id == change.user_id) & (ItemEngagement.item_id == item_id)
    async with engine.begin() as connection:
        stored = (await connection.execute(select(ItemEngagement.updated_at).where(key))).scalar()
        if stored is not None and _aware(stored) > when:
            return
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = insert(ItemEngagement).values(
            user_id=change.user_id,
            item_id=item_id,
            organization_id=change.organization_id,
            status=change.status,
            updated_at=when,
        )
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id", "item_id"],
                set_={"status": statement.excluded.status, "updated_at": when},
            )
        )


async def learners_per_item(engine: AsyncEngine, item_ids: Sequence[str]) -> dict[str, int]:
    query = (
        select(ItemEngagement.item_id, func.count())
        .where(ItemEngagement.item_id.in_(list(item_ids)), ItemEngagement.status.in_(ACTIVE))
        .group_by(ItemEngagement.item_id)
    )
    async with engine.connect() as connection:
        return {row[0]: int(row[1]) for row in await connection.execute(query)}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
