"""``POST /api/v1/recommendations``: what the caller should learn next, with reasons."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from atrium.ai.recommender.core_client import CoreClient, CoreError
from atrium.ai.recommender.data import Recommendation
from atrium.ai.recommender.service import recommendations_for
from atrium.api.deps import CurrentUser, bearer_scheme
from atrium.common import routing
from atrium.config import get_settings

router = APIRouter(prefix=routing.RECOMMENDATIONS.prefix, tags=["recommendations"])


class RecommendationRequest(BaseModel):
    limit: int = Field(10, ge=1, le=50)
    kinds: list[str] | None = Field(None, max_length=5, description="Only these item kinds.")


class RecommendationList(BaseModel):
    strategy: str = Field(description='"profile", or "cold-start" for a learner with no progress')
    items: list[Recommendation]


def get_core_transport() -> httpx.AsyncBaseTransport | None:
    """How api reaches core: the network by default (replaceable, e.g. in-process)."""
    return None


def get_core_client(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    transport: Annotated[httpx.AsyncBaseTransport | None, Depends(get_core_transport)],
) -> CoreClient:
    token = credentials.credentials if credentials else ""
    return CoreClient(get_settings().core_url, token, transport=transport)


@router.post("", response_model=RecommendationList)
async def recommend(
    body: RecommendationRequest,
    principal: CurrentUser,
    core: Annotated[CoreClient, Depends(get_core_client)],
) -> RecommendationList:
    try:
        strategy, items = await recommendations_for(
            core, organization_id=principal.org_id, limit=body.limit, kinds=body.kinds
        )
    except CoreError as exc:
        raise HTTPException(exc.status, detail=exc.detail) from exc
    return RecommendationList(strategy=strategy, items=items)
