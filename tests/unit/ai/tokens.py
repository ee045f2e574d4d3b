"""Real RS256 access tokens for api's AI routes, verified through api's own dependency.

The key set api verifies against is served by an in-memory transport standing in for
core's ``/.well-known/jwks.json``; the verification code itself is the production one.
"""

from __future__ import annotations

import time
import uuid

import httpx
from fastapi import FastAPI
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from atrium.api.deps import get_key_set
from atrium.common.tokens import RemoteKeySet
from atrium.config import get_settings

KEY = RSAKey.generate_key(2048, parameters={"kid": "ai-tests", "use": "sig", "alg": "RS256"})


def token(user_id: int, org_id: int | None = 1, role: str = "member") -> str:
    settings = get_settings()
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "org": org_id,
        "role": role,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode({"alg": "RS256", "kid": "ai-tests"}, claims, KEY)


def auth(user_id: int, org_id: int | None = 1, role: str = "member") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(user_id, org_id, role)}"}


def trust_test_keys(app: FastAPI) -> None:
    jwks = KeySet([KEY]).as_dict(private=False)
    transport = httpx.MockTransport(lambda _: httpx.Response(200, json=jwks))
    keys = RemoteKeySet("http://core.invalid/.well-known/jwks.json", transport=transport)
    app.dependency_overrides[get_key_set] = lambda: keys
