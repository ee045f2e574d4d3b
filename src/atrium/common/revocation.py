"""Membership changes that api honours before the caller's access token expires.

core marks a (user, organization) pair when the membership ends or its role changes; api
then refuses a token for that pair issued at or before the mark, and the client refreshes
(core answers with what the membership is now). The mark lives in Redis for one access-token
lifetime, after which every token it concerns has expired anyway. Without Redis it lives
in this process's memory, which the composed gateway's core and api share.

An unreachable Redis marks or refuses nothing: the token still expires within its lifetime.
"""

from __future__ import annotations

import time
from functools import lru_cache

import redis
import structlog
from redis import asyncio as aredis

from atrium.common.deadlines import redis_timeouts
from atrium.config import get_settings

log = structlog.get_logger(__name__)
_marks: dict[str, float] = {}


def _key(user_id: int, org_id: int) -> str:
    return f"atrium:membership-changed:{user_id}:{org_id}"


def mark_membership_changed(user_id: int, org_id: int) -> None:
    settings = get_settings()
    key, now = _key(user_id, org_id), time.time()
    if not settings.redis_url:
        _marks[key] = now
        return
    try:
        with redis.Redis.from_url(settings.redis_url, **redis_timeouts(settings)) as client:
            client.set(key, now, ex=settings.access_token_ttl_s + 60)
    except redis.RedisError as exc:
        log.warning("membership_mark_failed", key=key, error=str(exc))


@lru_cache
def _async_client(url: str) -> aredis.Redis:
    return aredis.Redis.from_url(url, **redis_timeouts(get_settings()))


async def changed_since(user_id: int, org_id: int, issued_at: float) -> bool:
    """Whether the membership changed after a token issued at ``issued_at`` was signed."""
    url, key = get_settings().redis_url, _key(user_id, org_id)
    if not url:
        mark = _marks.get(key)
    else:
        try:
            raw = await _async_client(url).get(key)
        except redis.RedisError as exc:
            log.warning("membership_mark_unreadable", key=key, error=str(exc))
            return False
        mark = float(raw) if raw is not None else None
    return mark is not None and issued_at <= mark
