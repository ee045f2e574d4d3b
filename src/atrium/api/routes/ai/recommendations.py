"""``POST /api/v1/recommendations``: what the caller should learn next, with reasons."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from atrium.ai.recommender.core_client import CoreError
from atrium.ai.recommender.data import Recommendation
from atrium.ai.recommender.service import recommendations_for
from atrium.api.deps import CoreClientDep, CurrentUser, VectorStoreDep
from atrium.common import routing

router = APIRouter(prefix=routing.RECOMMENDATIONS.prefix, tags=["recommendations"])


class RecommendationRequest(BaseModel):
    limit: int = Field(10, ge=1, le=50)
    kinds: list[str] | None = Field(None, max_length=5, description="Only these item kinds.")


class RecommendationList(BaseModel):
    strategy: str = Field(description='"profile", or "cold-start" for a learner with no progress')
    items: list[Recommendation]


@router.post("", response_model=RecommendationList)
async def recommend(
    body: RecommendationRequest,
    principal: CurrentUser,
    core: CoreClientDep,
    store: VectorStoreDep,
) -> RecommendationList:
    try:
        strategy, items = await recommendations_for(
            core, store, organization_id=principal.org_id, limit=body.limit, kinds=body.kinds
        )
    except CoreError as exc:
        raise HTTPException(exc.status, detail=exc.detail) from exc
    return RecommendationList(strategy=strategy, items=items)
