"""api's OpenAPI spec, fuzzed in-process over ASGI: no input gets a 5xx.

The caller is a member of an active organization, with a token api verifies against a
JWKS served on loopback (which also stands in for core: recommendations ask it for the
caller's context and get a 404). Every public API behind /api/v1/integrations/ points at
the local fake upstream, every LLM provider at a closed loopback port with no key, so
/api/v1/chat answers retrieval-only; nothing resolves a public host name (see conftest).

A 502/503/504 from an integration route is documented behaviour (an upstream that failed,
timed out or whose quota the hub protects is spent); a 500 anywhere is a bug.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
import schemathesis
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi

from atrium.ai.embeddings.loader import get_embedder
from atrium.api.main import create_app
from atrium.common.cache import get_cache
from atrium.config import Settings, get_settings
from atrium.integrations import hub
from atrium.integrations.base.ratelimit import Rate
from atrium.integrations.base.upstream import Policy
from atrium.integrations.fake.app import FakeServer, settings_for
from atrium.store.migrate import upgrade
from tests.contract.conftest import FUZZ
from tests.support.auth import TokenIssuer, api_auth  # noqa: F401  (pytest fixture)
from tests.support.services import free_port

app = create_app()
schema = schemathesis.openapi.from_asgi("/api/v1/api/openapi.json", app)
# Reading the schema started the app's lifespan, at collection. Left running, it would end
# at whichever test's teardown comes first, closing the hub, cache and engine that test
# opened on its own event loop. Each fuzzed operation starts it again.
asgi.shutdown_lifespans()
CLOSED_PORT = "http://127.0.0.1:9"
INTEGRATIONS = "/api/v1/integrations/"
POLICIES = hub.policies
# The hub's documented answers for an upstream that failed, timed out or is out of quota
# (the per-upstream rate limit, shared by every example, is reached within the run).
UPSTREAM_FAILED = {502, 503, 504}


def without_geo_pacing(settings: Settings) -> dict[str, tuple[str, Policy]]:
    """Nominatim's one request a second is a courtesy to OSMF the fake does not need; at
    that pace the geo routes alone would take half a minute."""
    found = POLICIES(settings)
    url, policy = found["nominatim"]
    return found | {"nominatim": (url, replace(policy, rate=Rate(1000, 1, burst=1000)))}


@pytest.fixture(scope="module")
def upstreams_on_loopback() -> Iterator[None]:
    """The fake upstream for every connector, closed loopback ports for every LLM provider."""
    settings = get_settings()
    with FakeServer(free_port()) as fake, pytest.MonkeyPatch.context() as patch:
        for name, value in settings_for(fake.url).items():
            secret = name.endswith("_API_KEY")
            patch.setattr(settings, name.lower(), SecretStr(value) if secret else value)
        for provider in ("gemini", "openai", "anthropic"):
            patch.setattr(settings, f"{provider}_base_url", CLOSED_PORT)
            patch.setattr(settings, f"{provider}_api_key", None)
        # The fuzz is about the routes, not the per-user limiter (a 429 would pass anyway).
        patch.setattr(settings, "integrations_user_requests_per_minute", 100_000)
        patch.setattr(hub, "policies", without_geo_pacing)
        patch.setattr(hub, "_hub", None)  # built on first use, from the settings above
        # The lifespan closes the cache the fuzz used: one an earlier test made on its own
        # event loop cannot be closed from the fuzz's (cashews cancels a task of that loop).
        get_cache.cache_clear()
        upgrade()
        # Load (and on a fresh clone, export) the embedding model before the fuzz: its
        # first use takes longer than a request's timeout.
        get_embedder().embed(["warm-up"])
        yield
        # The app's lifespan closes the hub, cache and engine on the loop that used them.
        asgi.shutdown_lifespans()


@pytest.fixture
def member_headers(upstreams_on_loopback: None, api_auth: TokenIssuer) -> dict[str, str]:  # noqa: F811
    return api_auth.header(user_id=1, org_id=1, role="member")


@schema.parametrize()
@FUZZ
def test_api_answers_no_server_error(
    case: schemathesis.Case, member_headers: dict[str, str]
) -> None:
    response = case.call(headers=member_headers)
    if case.operation.path.startswith(INTEGRATIONS) and response.status_code in UPSTREAM_FAILED:
        return
    case.validate_response(response, checks=[not_a_server_error])
