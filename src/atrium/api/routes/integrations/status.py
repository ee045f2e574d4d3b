"""The state of every upstream as this process sees it: a breaker per endpoint family."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from atrium.api.deps import HubDep

router = APIRouter(tags=["integrations"])


class UpstreamStatus(BaseModel):
    name: str
    family: str  # the endpoints one breaker guards (APOD and NeoWs apart on NASA's host)
    breaker: Literal["closed", "half_open", "open"]
    retry_after_s: float


@router.get("/status")
async def upstream_status(hub: HubDep) -> list[UpstreamStatus]:
    return [
        UpstreamStatus(
            name=name,
            family=family,
            breaker=breaker.state.name.lower(),
            retry_after_s=round(breaker.retry_after(), 3),
        )
        for name, upstream in hub.upstreams.items()
        for family, breaker in upstream.breakers.items()
    ]
