"""Valid (and deliberately invalid) tokens for any test that needs an identity.

api tests (FastAPI): the ``api_auth`` fixture generates an RS256 key pair, serves its
JWKS over HTTP on a free loopback port and points api's verifier at it (``CORE_URL``),
exactly as core does in production. Import the fixture into a test module or conftest::

    from tests.support.auth import api_auth  # noqa: F401  (pytest fixture)

    def test_thing(api_auth):
        client = TestClient(create_app())
        headers = api_auth.header(user_id=1, org_id=7, role="member")
        assert client.get("/api/v1/things", headers=headers).status_code == 200

``api_auth.token_for(user_id, org_id, role, **claims)`` returns the bare token; any claim
or header can be overridden to build a bad token (``exp=0``, ``headers={"kid": "x"}``).
``api_auth.rotate()`` publishes a new key beside the old one; ``api_auth.jwks_requests``
counts the JWKS fetches api made.

core tests (Django, pytest-django with ``db``): sign with core's own key, no password
round trip needed::

    from tests.support.auth import bearer_for, make_user, member_of

    user = make_user("ann@example.com")
    org = member_of(user, role="admin")          # a new organization, or pass org=
    client.get(f"/api/v1/organizations/{org.pk}", **bearer_for(user, org))

``register_and_login(client, email)`` goes through the real HTTP endpoints instead and
returns the token response.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

if TYPE_CHECKING:
    from django.test import Client

    from atrium.core.accounts.models import User
    from atrium.core.orgs.models import Organization

PASSWORD = "a long enough test password 42"


def new_key(kid: str | None = None) -> RSAKey:
    return RSAKey.generate_key(
        2048,
        parameters={"kid": kid or uuid.uuid4().hex, "alg": "RS256", "use": "sig"},
        private=True,
    )


@dataclass
class TokenIssuer:
    """Signs access tokens the way core does, with keys of its own."""

    issuer: str = "atrium-core"
    audience: str = "atrium"
    keys: list[RSAKey] = field(default_factory=lambda: [new_key()])
    jwks_requests: int = 0

    @property
    def key(self) -> RSAKey:
        return self.keys[-1]

    def jwks(self) -> dict[str, Any]:
        return dict(KeySet(self.keys).as_dict(private=False))

    def rotate(self) -> RSAKey:
        self.keys.append(new_key())
        return self.key

    def claims_for(
        self, user_id: int, org_id: int | None = None, role: str | None = None, ttl: int = 300
    ) -> dict[str, Any]:
        now = int(time.time())
        return {
            "sub": str(user_id),
            "org": org_id,
            "role": role,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "iss": self.issuer,
            "aud": self.audience,
            "jti": uuid.uuid4().hex,
        }

    def token_for(
        self,
        user_id: int,
        org_id: int | None = None,
        role: str | None = None,
        *,
        headers: dict[str, Any] | None = None,
        key: RSAKey | None = None,
        **claims: Any,
    ) -> str:
        key = key or self.key
        header = {"alg": "RS256", "kid": key.kid, "typ": "JWT", **(headers or {})}
        payload = {**self.claims_for(user_id, org_id, role), **claims}
        return jwt.encode(header, payload, key, algorithms=["RS256"])

    def header(
        self, user_id: int, org_id: int | None = None, role: str | None = None, **claims: Any
    ) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token_for(user_id, org_id, role, **claims)}"}


class JWKSServer:
    """Serves an issuer's JWKS at /.well-known/jwks.json on a free loopback port."""

    def __init__(self, issuer: TokenIssuer) -> None:
        self.issuer = issuer
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/.well-known/jwks.json":
                    self.send_error(404)
                    return
                outer.issuer.jwks_requests += 1
                body = json.dumps(outer.issuer.jwks()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> JWKSServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api_auth(monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenIssuer]:
    """An issuer whose JWKS api fetches over HTTP, as it fetches core's."""
    from atrium.api.deps import get_key_set
    from atrium.config import get_settings

    issuer = TokenIssuer()
    settings = get_settings()
    issuer.issuer, issuer.audience = settings.jwt_issuer, settings.jwt_audience
    with JWKSServer(issuer) as server:
        monkeypatch.setattr(settings, "core_url", server.url)
        get_key_set.cache_clear()
        get_key_set().refetch_interval_s = 0
        yield issuer
    get_key_set.cache_clear()


# --- core (Django) ---------------------------------------------------------------------


def make_user(email: str, *, verified: bool = True, password: str = PASSWORD) -> User:
    from django.utils import timezone

    from atrium.core.accounts.models import User

    return User.objects.create_user(
        email, password, email_verified_at=timezone.now() if verified else None
    )


def member_of(user: User, role: str = "owner", org: Organization | None = None) -> Organization:
    from atrium.core.orgs.models import Membership, Organization

    org = org or Organization.objects.create(name=f"Org of {user.email}")
    Membership.objects.create(user=user, organization=org, role=role)
    return org


def bearer_for(user: User, org: Organization | None = None) -> dict[str, str]:
    """Django test-client kwargs carrying an access token core signed for ``user``."""
    from atrium.common.tokens import Role
    from atrium.core.accounts.tokens import sign_access_token
    from atrium.core.orgs.services import membership_for

    role = None
    if org is not None:
        membership = membership_for(user, org.pk)
        role = Role(membership.role) if membership else None
    token = sign_access_token(user.pk, org.pk if org else None, role)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def register_and_login(client: Client, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Register through the API and log in: the token response."""
    body = {"email": email, "password": password}
    created = client.post("/api/v1/auth/register", body, content_type="application/json")
    assert created.status_code == 201, created.content
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return dict(response.json())
