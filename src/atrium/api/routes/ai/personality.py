"""``/api/v1/personality/``: analyse free text; read and delete the stored result."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from atrium.ai.embeddings import get_embedder
from atrium.ai.personality import analyze
from atrium.ai.personality.narrative import narrate
from atrium.ai.personality.profiles import delete_profile, load_profile, save_profile
from atrium.api.deps import CurrentUser
from atrium.api.routes.ai.chat import Chain
from atrium.common import routing

router = APIRouter(prefix=routing.PERSONALITY.prefix, tags=["personality"])


class AnalyzeBody(BaseModel):
    answers: list[Annotated[str, StringConstraints(min_length=1, max_length=5000)]] = Field(
        min_length=1, max_length=20, description="The user's free-text answers."
    )
    consent: bool = Field(False, description="Store the result for this user.")


@router.post("/analyze")
async def analyze_text(body: AnalyzeBody, principal: CurrentUser, chain: Chain) -> dict[str, Any]:
    embedder = await run_in_threadpool(get_embedder)
    analysis = await run_in_threadpool(analyze, body.answers, embedder)
    analysis.narrative = await narrate(analysis, chain)
    if body.consent:
        await save_profile(principal.user_id, principal.org_id, analysis)
    return {**asdict(analysis), "stored": body.consent}


@router.get("/me")
async def my_profile(principal: CurrentUser) -> dict[str, Any]:
    profile = await load_profile(principal.user_id)
    if profile is None:
        raise HTTPException(404, detail="No stored personality profile")
    return profile


@router.delete("/me", status_code=204)
async def delete_my_profile(principal: CurrentUser) -> Response:
    if not await delete_profile(principal.user_id):
        raise HTTPException(404, detail="No stored personality profile")
    return Response(status_code=204)
