"""Dependencies of the integration routes: the hub, the AI store, the per-user rate limit."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from atrium.api.deps import CurrentUser
from atrium.config import get_settings
from atrium.integrations.base.ratelimit import Rate
from atrium.integrations.hub import Hub, get_hub
from atrium.store.db import get_sessionmaker


async def hub() -> Hub:
    """The process's hub (an ``async`` dependency: a plain one would cost a thread hop)."""
    return get_hub()


HubDep = Annotated[Hub, Depends(hub)]


async def store_session() -> AsyncIterator[AsyncSession]:
    async with get_sessionmaker()() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(store_session)]


async def user_rate_limit(principal: CurrentUser, hub: HubDep) -> None:
    """Each user's share of the hub: a token bucket per user, refused with 429 + Retry-After."""
    per_minute = get_settings().integrations_user_requests_per_minute
    rate = Rate(per_minute, 60, burst=per_minute)
    reservation = await hub.bucket.reserve(f"user:{principal.user_id}", rate, max_wait_s=0)
    if not reservation.granted:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"Rate limit of {per_minute} requests per minute reached",
            headers={"Retry-After": str(max(1, math.ceil(reservation.wait_s)))},
        )
