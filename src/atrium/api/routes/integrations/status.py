"""The state of every upstream as this process sees it: breaker and retry delay."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from atrium.api.deps import HubDep

router = APIRouter(tags=["integrations"])


class UpstreamStatus(BaseModel):
    name: str
    breaker: Literal["closed", "half_open", "open"]
    retry_after_s: float


@router.get("/status")
async def upstream_status(hub: HubDep) -> list[UpstreamStatus]:
    return [
        UpstreamStatus(
            name=name,
            breaker=upstream.breaker.state.name.lower(),
            retry_after_s=round(upstream.breaker.retry_after(), 3),
        )
        for name, upstream in hub.upstreams.items()
    ]
