"""api's copy of core's public keys when core does not answer: loaded at start-up, kept
for a while when a refresh fails, and never past twice their lifetime."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from atrium.common.tokens import KeySetUnavailableError, RemoteKeySet
from tests.support.auth import TokenIssuer

URL = "http://core.test/.well-known/jwks.json"


class Core:
    """core's JWKS endpoint, answering or failing on demand."""

    def __init__(self, issuer: TokenIssuer, *, answering: bool = True, silent_for: int = 0) -> None:
        self.issuer = issuer
        self.answering = answering
        self.silent_for = silent_for  # the first requests that time out
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if not self.answering or self.requests <= self.silent_for:
            raise httpx.ReadTimeout("core is busy", request=request)
        return httpx.Response(200, json=self.issuer.jwks())


def key_set(core: Core, ttl_s: float) -> RemoteKeySet:
    return RemoteKeySet(
        URL, ttl_s=ttl_s, refetch_interval_s=0.05, transport=httpx.MockTransport(core)
    )


async def verify(keys: RemoteKeySet, issuer: TokenIssuer) -> int:
    claims = await keys.verify(issuer.token_for(7), issuer=issuer.issuer, audience=issuer.audience)
    return claims.user_id


async def test_keys_in_hand_verify_while_a_refresh_fails_then_are_given_up() -> None:
    issuer = TokenIssuer()
    core = Core(issuer)
    keys = key_set(core, ttl_s=0.2)
    assert await verify(keys, issuer) == 7
    core.answering = False
    await asyncio.sleep(0.25)  # past the lifetime: the refresh fails
    assert await verify(keys, issuer) == 7
    tried = core.requests
    assert await verify(keys, issuer) == 7
    assert core.requests == tried, "a failed refresh is not retried by every request"
    await asyncio.sleep(0.2)  # past twice the lifetime
    with pytest.raises(KeySetUnavailableError):
        await verify(keys, issuer)


async def test_no_keys_yet_and_core_silent_is_unavailable() -> None:
    issuer = TokenIssuer()
    with pytest.raises(KeySetUnavailableError):
        await verify(key_set(Core(issuer, answering=False), ttl_s=60), issuer)


async def test_load_tries_until_core_answers() -> None:
    issuer = TokenIssuer()
    core = Core(issuer, silent_for=3)
    keys = key_set(core, ttl_s=60)
    await asyncio.wait_for(keys.load(retry_s=0.01), 5)
    assert core.requests == 4
    assert await verify(keys, issuer) == 7
    assert core.requests == 4, "the keys were already in hand"
