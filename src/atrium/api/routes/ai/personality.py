"""``/api/v1/personality/``: analyse free text; read and delete the stored result."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from atrium.ai.personality import Analysis, analyze
from atrium.ai.personality.narrative import narrate
from atrium.ai.personality.profiles import (
    StoredProfile,
    delete_profile,
    load_profile,
    save_profile,
)
from atrium.api.deps import ChainDep, CurrentUser, EmbedderDep, StoreEngine, personality_limits
from atrium.common import routing

router = APIRouter(prefix=routing.PERSONALITY.prefix, tags=["personality"])


class AnalyzeBody(BaseModel):
    answers: list[Annotated[str, StringConstraints(min_length=1, max_length=5000)]] = Field(
        min_length=1, max_length=20, description="The user's free-text answers."
    )
    consent: bool = Field(False, description="Store the result for this user.")


class AnalysisResult(Analysis):
    stored: bool = Field(description="Whether the result was kept for this user.")


@router.post("/analyze", dependencies=[Depends(personality_limits)])
async def analyze_text(
    body: AnalyzeBody,
    principal: CurrentUser,
    chain: ChainDep,
    embedder: EmbedderDep,
    store: StoreEngine,
) -> AnalysisResult:
    analysis = await run_in_threadpool(analyze, body.answers, embedder)
    analysis.narrative = await narrate(
        analysis, chain, store, user_id=principal.user_id, organization_id=principal.org_id
    )
    if body.consent:
        await save_profile(store, principal.user_id, principal.org_id, analysis)
    return AnalysisResult(**analysis.model_dump(), stored=body.consent)


@router.get("/me")
async def my_profile(principal: CurrentUser, store: StoreEngine) -> StoredProfile:
    profile = await load_profile(store, principal.user_id)
    if profile is None:
        raise HTTPException(404, detail="No stored personality profile")
    return profile


@router.delete("/me", status_code=204)
async def delete_my_profile(principal: CurrentUser, store: StoreEngine) -> Response:
    if not await delete_profile(store, principal.user_id):
        raise HTTPException(404, detail="No stored personality profile")
    return Response(status_code=204)
