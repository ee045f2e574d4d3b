"""api trusts core's tokens through the JWKS alone, and refuses everything else."""

import time
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from atrium.api.deps import (
    ActiveOrg,
    CurrentUser,
    OrgContext,
    OrgInPath,
    get_key_set,
    key_set,
    require_role,
)
from atrium.common.tokens import RemoteKeySet, Role
from tests.support.auth import TokenIssuer, api_auth  # noqa: F401 (fixture)
from tests.unit.identity.bad_tokens import bad_tokens


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/me")
    async def me(user: CurrentUser) -> dict[str, Any]:
        return {"user": user.user_id, "org": user.org_id, "role": user.role}

    @app.get("/org")
    async def org(org: ActiveOrg) -> dict[str, Any]:
        return {"org": org.id}

    @app.post("/things")
    async def write(org: Annotated[OrgContext, Depends(require_role(Role.MEMBER))]) -> int:
        return org.id

    @app.get("/orgs/{org_id}/things")
    async def org_things(org: OrgInPath) -> int:
        return org.id

    return app


@pytest.fixture
def client(api_auth: TokenIssuer) -> TestClient:  # noqa: F811
    return TestClient(_app())


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_valid_token_is_accepted(client: TestClient, api_auth: TokenIssuer) -> None:  # noqa: F811
    response = client.get("/me", headers=api_auth.header(7, 3, "member"))
    assert response.status_code == 200
    assert response.json() == {"user": 7, "org": 3, "role": "member"}


def test_no_token_is_401_with_a_challenge(client: TestClient) -> None:
    response = client.get("/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_every_bad_token_is_refused(client: TestClient, api_auth: TokenIssuer) -> None:  # noqa: F811
    claims = api_auth.claims_for(7, 3, "owner")

    def sign(header: dict[str, Any], changes: dict[str, Any]) -> str:
        return api_auth.token_for(7, 3, "owner", headers=header, **changes)

    tokens = bad_tokens(api_auth.key, claims, sign)
    answers = {name: client.get("/me", headers=_bearer(tok)) for name, tok in tokens.items()}
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(tokens, 401)
    assert all("detail" in r.json() for r in answers.values())


def test_roles_and_organizations_are_enforced(
    client: TestClient,
    api_auth: TokenIssuer,  # noqa: F811
) -> None:
    viewer = api_auth.header(7, 3, "viewer")
    assert client.post("/things", headers=viewer).status_code == 403
    assert client.post("/things", headers=api_auth.header(7, 3, "member")).status_code == 200
    assert client.get("/org", headers=api_auth.header(7)).status_code == 403
    assert client.get("/orgs/3/things", headers=viewer).status_code == 200
    assert client.get("/orgs/4/things", headers=viewer).status_code == 403


def test_keys_are_cached_and_refetched_once_on_an_unknown_kid(
    client: TestClient,
    api_auth: TokenIssuer,  # noqa: F811
) -> None:
    old = api_auth.header(7, 3, "member")
    for _ in range(3):
        assert client.get("/me", headers=old).status_code == 200
    assert api_auth.jwks_requests == 1

    api_auth.rotate()  # core publishes a new key beside the old one
    new = api_auth.header(7, 3, "member")
    assert client.get("/me", headers=new).status_code == 200
    assert client.get("/me", headers=old).status_code == 200
    assert api_auth.jwks_requests == 2

    stranger = TokenIssuer()
    assert client.get("/me", headers=stranger.header(7)).status_code == 401
    assert api_auth.jwks_requests == 3  # one refetch for the unknown kid, no more


def test_refetches_on_unknown_kids_are_spaced_out(
    client: TestClient,
    api_auth: TokenIssuer,  # noqa: F811
) -> None:
    """Made-up key ids cost their senders a wait, and core at most one fetch per interval."""
    get_key_set().refetch_interval_s = 0.2
    assert client.get("/me", headers=api_auth.header(7)).status_code == 200
    stranger = TokenIssuer()
    started = time.monotonic()
    for _ in range(4):
        assert client.get("/me", headers=stranger.header(7)).status_code == 401
    assert time.monotonic() - started >= 4 * 0.2 * 0.9
    assert api_auth.jwks_requests == 5


def test_a_key_rotated_just_after_a_fetch_is_still_found(
    client: TestClient,
    api_auth: TokenIssuer,  # noqa: F811
) -> None:
    get_key_set().refetch_interval_s = 0.3
    assert client.get("/me", headers=api_auth.header(7)).status_code == 200
    api_auth.rotate()
    assert client.get("/me", headers=api_auth.header(7)).status_code == 200


def test_core_unreachable_is_503_not_401() -> None:
    from tests.support.services import free_port

    app = _app()
    nowhere = RemoteKeySet(f"http://127.0.0.1:{free_port()}/.well-known/jwks.json", ttl_s=60)
    app.dependency_overrides[key_set] = lambda: nowhere
    response = TestClient(app).get("/me", headers=TokenIssuer().header(1))
    assert response.status_code == 503
