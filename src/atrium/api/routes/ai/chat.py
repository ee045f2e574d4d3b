"""``POST /api/v1/chat``: an answer grounded in the catalog, as JSON or Server-Sent Events."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from atrium.ai.chat import ChatAnswer, answer, answer_events
from atrium.ai.llm import AllProvidersFailedError, Message
from atrium.api.deps import CurrentUser, GroundingDep, chat_limits, llm_quota
from atrium.common import routing

router = APIRouter(prefix=routing.CHAT.prefix, tags=["chat"])


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=8000)


class ChatBody(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    history: list[Turn] = Field(default_factory=list, max_length=20)
    stream: bool = Field(False, description="Answer as Server-Sent Events.")


@router.post(
    "",
    response_model=ChatAnswer,
    responses={
        200: {"content": {"text/event-stream": {}}},
        429: {"description": "A per-user limit, or the organization's monthly token budget"},
        503: {"description": "No provider answered"},
    },
    dependencies=[Depends(chat_limits), Depends(llm_quota)],
)
async def chat(
    body: ChatBody, principal: CurrentUser, grounding: GroundingDep
) -> ChatAnswer | StreamingResponse:
    history = [Message(turn.role, turn.content) for turn in body.history]
    if body.stream:
        events = answer_events(
            grounding,
            body.message,
            history,
            user_id=principal.user_id,
            organization_id=principal.org_id,
        )
        return StreamingResponse(
            events,
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
        )
    try:
        return await answer(
            grounding,
            body.message,
            history,
            user_id=principal.user_id,
            organization_id=principal.org_id,
        )
    except AllProvidersFailedError as exc:
        raise HTTPException(503, detail=f"No language model answered: {exc}") from exc
