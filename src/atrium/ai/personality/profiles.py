"""Stored results: kept per user only with consent, readable and deletable by that user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.models import PersonalityProfile
from atrium.ai.personality.analyzer import Analysis


class StoredProfile(Analysis):
    stored_at: datetime


async def save_profile(
    store: AsyncEngine, user_id: int, organization_id: int | None, analysis: Analysis
) -> None:
    row = {
        "user_id": user_id,
        "organization_id": organization_id,
        "method": analysis.method,
        "result": analysis.model_dump(mode="json"),
    }
    async with store.begin() as connection:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = insert(PersonalityProfile).values(row)
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id"],
                set_={k: statement.excluded[k] for k in ("organization_id", "method", "result")},
            )
        )


async def load_profile(store: AsyncEngine, user_id: int) -> StoredProfile | None:
    query = select(PersonalityProfile).where(PersonalityProfile.user_id == user_id)
    async with store.connect() as connection:
        row = (await connection.execute(query)).first()
    if row is None:
        return None
    return StoredProfile.model_validate({**row.result, "stored_at": row.created_at})


async def delete_profile(store: AsyncEngine, user_id: int) -> bool:
    statement = delete(PersonalityProfile).where(PersonalityProfile.user_id == user_id)
    async with store.begin() as connection:
        return bool((await connection.execute(statement)).rowcount)
