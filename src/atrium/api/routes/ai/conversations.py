"""``/api/v1/chat/conversations``: the caller's chat conversations, to list, resume and delete."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field

from atrium.ai.conversations import (
    Conversation,
    ConversationSummary,
    SavedTurn,
    create_conversation,
    delete_conversation,
    get_conversation,
    list_conversations,
    replace_turns,
)
from atrium.api.deps import CurrentUser, StoreEngine
from atrium.common import routing

router = APIRouter(prefix=f"{routing.CHAT.prefix}/conversations", tags=["chat"])
NOT_FOUND = "No such conversation"


class TurnsBody(BaseModel):
    turns: list[SavedTurn] = Field(min_length=1, max_length=200)


@router.get("", operation_id="chat_conversations")
async def conversations(principal: CurrentUser, store: StoreEngine) -> list[ConversationSummary]:
    """The caller's conversations, the latest first."""
    return await list_conversations(store, principal.user_id)


@router.post("", status_code=201, operation_id="chat_conversation_create")
async def create(body: TurnsBody, principal: CurrentUser, store: StoreEngine) -> Conversation:
    return await create_conversation(store, principal.user_id, body.turns)


@router.get("/{conversation_id}", operation_id="chat_conversation")
async def read(conversation_id: str, principal: CurrentUser, store: StoreEngine) -> Conversation:
    found = await get_conversation(store, principal.user_id, conversation_id)
    if found is None:
        raise HTTPException(404, detail=NOT_FOUND)
    return found


@router.put("/{conversation_id}", operation_id="chat_conversation_save")
async def save(
    conversation_id: str, body: TurnsBody, principal: CurrentUser, store: StoreEngine
) -> Conversation:
    """Replace the conversation's turns with the ones shown (after each answer)."""
    saved = await replace_turns(store, principal.user_id, conversation_id, body.turns)
    if saved is None:
        raise HTTPException(404, detail=NOT_FOUND)
    return saved


@router.delete("/{conversation_id}", status_code=204, operation_id="chat_conversation_delete")
async def remove(conversation_id: str, principal: CurrentUser, store: StoreEngine) -> Response:
    if not await delete_conversation(store, principal.user_id, conversation_id):
        raise HTTPException(404, detail=NOT_FOUND)
    return Response(status_code=204)
