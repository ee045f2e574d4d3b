"""The fake upstream on a loopback port, clients of it built with test policies, and api.

``client`` calls api in-process with a member's token, its hub on the fake (or on the
module's ``transport``) and on ``cache``: each test using it runs on the in-memory cache and
on Redis, the two the hub is built on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from cashews import Cache
from fastapi import FastAPI

from atrium.api import deps
from atrium.api.deps import get_key_set
from atrium.api.main import create_app
from atrium.config import Settings, get_settings
from atrium.integrations.base.ratelimit import MemoryBucket
from atrium.integrations.base.upstream import Policy, Upstream
from atrium.integrations.fake.app import FakeServer, settings_for
from atrium.integrations.hub import Hub
from atrium.store.migrate import upgrade
from tests.support.auth import JWKSServer, TokenIssuer
from tests.support.services import free_port

MakeUpstream = Callable[..., Upstream]


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeServer]:
    with FakeServer(free_port()) as server:
        yield server


@pytest.fixture(autouse=True)
def _clean_fake(fake: FakeServer) -> None:
    fake.control.clear()


@pytest.fixture
async def make_upstream(fake: FakeServer) -> AsyncIterator[MakeUpstream]:
    """Upstreams on the fake with a policy of the test's, each with a cache of its own."""
    built: list[Upstream] = []

    def make(name: str = "dogs", **policy: Any) -> Upstream:
        cache = Cache()
        cache.setup("mem://")
        defaults: dict[str, Any] = {"deadline_s": 2.0, "backoff_s": 0.01, "backoff_max_s": 0.05}
        upstream = Upstream(
            name,
            fake.base_url(name),
            Policy(**(defaults | policy)),
            bucket=MemoryBucket(),
            cache=cache,
        )
        built.append(upstream)
        return upstream

    yield make
    for upstream in built:
        await upstream.aclose()


@pytest.fixture(scope="session")
def _migrated() -> None:
    upgrade()


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    url = "mem://" if request.param == "memory" else request.getfixturevalue("redis_url")
    shared = Cache()
    shared.setup(url)
    await shared.clear()
    yield shared
    await shared.clear()
    await shared.close()


@pytest.fixture
def transport() -> httpx.AsyncBaseTransport | None:
    """How the hub reaches its upstreams: the network (the fake on loopback) by default."""
    return None


@pytest.fixture
async def hub(
    fake: FakeServer,
    cache: Cache,
    transport: httpx.AsyncBaseTransport | None,
    _migrated: None,
) -> AsyncIterator[Hub]:
    values: dict[str, Any] = {k.lower(): v for k, v in settings_for(fake.url).items()}
    built = Hub.build(Settings(**values), cache, transport=transport)
    yield built
    await built.aclose()


@pytest.fixture(scope="module")
def issuer() -> Iterator[TokenIssuer]:
    """One signing key for the module: api fetches its JWKS over HTTP, as it fetches core's."""
    settings = get_settings()
    issuer = TokenIssuer(issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    with JWKSServer(issuer) as server, pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "core_url", server.url)
        get_key_set.cache_clear()
        yield issuer
    get_key_set.cache_clear()


@pytest.fixture(scope="module")
def app(issuer: TokenIssuer) -> FastAPI:
    return create_app()


@pytest.fixture
async def client(app: FastAPI, hub: Hub, issuer: TokenIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async def test_hub() -> Hub:
        return hub

    app.dependency_overrides[deps.hub] = test_hub
    transport = httpx.ASGITransport(app=app)
    headers = issuer.header(user_id=1, org_id=1, role="member")
    async with httpx.AsyncClient(
        transport=transport, base_url="http://api.test", headers=headers
    ) as http:
        yield http
