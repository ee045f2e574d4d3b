"""The shapes the recommender reads from core (``ItemRead`` and ``ProgressRead``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class CatalogItem(BaseModel):
    id: int
    title: str
    kind: str
    track_id: int
    module_id: int
    organization_id: int | None = None
    position: int = 0
    tags: list[str] = Field(default_factory=list)
    prerequisite_ids: list[int] = Field(default_factory=list)
    summary: str = ""


class ProgressRecord(BaseModel):
    item_id: int
    status: str  # not_started | in_progress | completed
    score: int | None = None
    updated_at: datetime
    completed_at: datetime | None = None


class Recommendation(BaseModel):
    item_id: int
    title: str
    kind: str
    track_id: int
    score: float
    reason: str
