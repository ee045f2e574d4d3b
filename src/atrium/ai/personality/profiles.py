"""Stored results: kept per user only with consent, readable and deletable by that user."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from atrium.ai.models import PersonalityProfile
from atrium.ai.personality.analyzer import Analysis
from atrium.store.db import get_engine


async def save_profile(user_id: int, organization_id: int | None, analysis: Analysis) -> None:
    row = {
        "user_id": user_id,
        "organization_id": organization_id,
        "method": analysis.method,
        "result": asdict(analysis),
    }
    async with get_engine().begin() as connection:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = insert(PersonalityProfile).values(row)
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id"],
                set_={k: statement.excluded[k] for k in ("organization_id", "method", "result")},
            )
        )


async def load_profile(user_id: int) -> dict[str, Any] | None:
    query = select(PersonalityProfile).where(PersonalityProfile.user_id == user_id)
    async with get_engine().connect() as connection:
        row = (await connection.execute(query)).first()
    if row is None:
        return None
    return {**row.result, "stored_at": row.created_at.isoformat()}


async def delete_profile(user_id: int) -> bool:
    statement = delete(PersonalityProfile).where(PersonalityProfile.user_id == user_id)
    async with get_engine().begin() as connection:
        return bool((await connection.execute(statement)).rowcount)
