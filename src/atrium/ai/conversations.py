"""A user's chat conversations: kept as the dashboard sends them, read only by that user.

The dashboard saves a conversation after each answer (the answer may have streamed), so
the store keeps turns exactly as shown, citations included. Another user's conversation
does not exist for the caller: every query is scoped by ``user_id``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.models import ChatConversation

TITLE_CHARS = 80
LISTED = 50


class SavedCitation(BaseModel):
    number: int
    item_id: str = Field(max_length=64)
    title: str = Field(max_length=300)
    kind: str = Field(max_length=32)


class SavedTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=16000)
    citations: list[SavedCitation] = Field(default_factory=list, max_length=20)


class ConversationSummary(BaseModel):
    id: str
    title: str
    turns: int = Field(description="How many turns it holds.")
    updated_at: datetime


class Conversation(BaseModel):
    id: str
    title: str
    turns: list[SavedTurn]
    created_at: datetime
    updated_at: datetime


def title_of(turns: list[SavedTurn]) -> str:
    """The first question, shortened: what a person recognises a conversation by."""
    first = next((t.content for t in turns if t.role == "user"), "New conversation")
    first = " ".join(first.split())
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"


def _dump(turns: list[SavedTurn]) -> list[dict[str, object]]:
    return [turn.model_dump(mode="json") for turn in turns]


def _conversation(row: Row[Any]) -> Conversation:
    turns = [SavedTurn.model_validate(turn) for turn in row.turns]
    return Conversation(
        id=row.id,
        title=row.title,
        turns=turns,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_conversations(store: AsyncEngine, user_id: int) -> list[ConversationSummary]:
    query = (
        select(ChatConversation)
        .where(ChatConversation.user_id == user_id)
        .order_by(ChatConversation.updated_at.desc())
        .limit(LISTED)
    )
    async with store.connect() as connection:
        rows = (await connection.execute(query)).all()
    return [
        ConversationSummary(id=r.id, title=r.title, turns=len(r.turns), updated_at=r.updated_at)
        for r in rows
    ]


async def get_conversation(
    store: AsyncEngine, user_id: int, conversation_id: str
) -> Conversation | None:
    query = select(ChatConversation).where(
        ChatConversation.id == conversation_id, ChatConversation.user_id == user_id
    )
    async with store.connect() as connection:
        row = (await connection.execute(query)).first()
    return None if row is None else _conversation(row)


async def create_conversation(
    store: AsyncEngine, user_id: int, turns: list[SavedTurn]
) -> Conversation:
    conversation_id = uuid.uuid4().hex
    row = {"id": conversation_id, "user_id": user_id, "title": title_of(turns)}
    async with store.begin() as connection:
        await connection.execute(
            insert(ChatConversation).values(**row, turns=_dump(turns), updated_at=datetime.now(UTC))
        )
    found = await get_conversation(store, user_id, conversation_id)
    assert found is not None  # just written in this user's name
    return found


async def replace_turns(
    store: AsyncEngine, user_id: int, conversation_id: str, turns: list[SavedTurn]
) -> Conversation | None:
    """The conversation with its turns replaced, or None when the user has no such one."""
    statement = (
        update(ChatConversation)
        .where(ChatConversation.id == conversation_id, ChatConversation.user_id == user_id)
        .values(turns=_dump(turns), title=title_of(turns), updated_at=datetime.now(UTC))
    )
    async with store.begin() as connection:
        if not (await connection.execute(statement)).rowcount:
            return None
    return await get_conversation(store, user_id, conversation_id)


async def delete_conversation(store: AsyncEngine, user_id: int, conversation_id: str) -> bool:
    statement = delete(ChatConversation).where(
        ChatConversation.id == conversation_id, ChatConversation.user_id == user_id
    )
    async with store.begin() as connection:
        return bool((await connection.execute(statement)).rowcount)
