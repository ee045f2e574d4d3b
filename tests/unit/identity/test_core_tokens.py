"""Core's access tokens: what they carry, who can verify them, and what core refuses."""

import time
from typing import Any

import jwt as pyjwt
import pytest
from django.test import Client
from joserfc import jwt

from atrium.config import get_settings
from atrium.core.accounts.keys import key_ring
from tests.support.auth import bearer_for, make_user, member_of
from tests.unit.identity.bad_tokens import bad_tokens

pytestmark = pytest.mark.django_db


def _claims(token: str) -> dict[str, Any]:
    return dict(pyjwt.decode(token, options={"verify_signature": False}))


def test_claims_and_header(client: Client) -> None:
    user = make_user("ann@example.com")
    org = member_of(user, role="admin")
    token = bearer_for(user, org)["HTTP_AUTHORIZATION"].split()[1]
    header, claims = pyjwt.get_unverified_header(token), _claims(token)
    assert header["alg"] == "RS256"
    assert header["kid"] == key_ring().signing_key.kid
    assert claims["sub"] == str(user.pk)
    assert (claims["org"], claims["role"]) == (org.pk, "admin")
    assert {"iat", "exp", "nbf", "iss", "aud", "jti"} <= claims.keys()
    assert claims["exp"] - claims["iat"] == get_settings().access_token_ttl_s


def test_a_second_jose_library_verifies_with_the_jwks_alone(client: Client) -> None:
    """PyJWT, given only /.well-known/jwks.json, verifies core's token."""
    user = make_user("ann@example.com")
    token = bearer_for(user)["HTTP_AUTHORIZATION"].split()[1]
    jwks = client.get("/.well-known/jwks.json").json()
    assert all("d" not in key and "p" not in key for key in jwks["keys"])  # public parts only
    key = pyjwt.PyJWKSet.from_dict(jwks)[pyjwt.get_unverified_header(token)["kid"]]
    settings = get_settings()
    claims = pyjwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
    )
    assert claims["sub"] == str(user.pk)


def test_core_refuses_every_bad_token(client: Client) -> None:
    user = make_user("ann@example.com")
    settings = get_settings()
    signing = key_ring().signing_key
    now = int(time.time())
    claims = {
        "sub": str(user.pk),
        "org": None,
        "role": None,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": "j",
    }

    def sign(header: dict[str, Any], changes: dict[str, Any]) -> str:
        head = {"alg": "RS256", "kid": signing.kid, **header}
        return jwt.encode(head, {**claims, **changes}, signing.key, algorithms=["RS256"])

    valid = client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {sign({}, {})}")
    assert valid.status_code == 200
    for name, token in bad_tokens(signing.key, claims, sign).items():
        response = client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401, name
        assert response.json()["detail"], name


def test_a_deactivated_account_token_is_refused(client: Client) -> None:
    user = make_user("ann@example.com")
    header = bearer_for(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/users/me", **header).status_code == 401
