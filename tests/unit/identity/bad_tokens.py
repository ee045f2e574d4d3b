"""The tokens both services must refuse, built from a valid issuer's key."""

import time
from collections.abc import Callable
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.support.auth import new_key
from tests.unit.identity import forge

Sign = Callable[..., str]


def bad_tokens(
    key: RSAKey, claims: dict[str, Any], sign: Callable[[dict[str, Any], dict[str, Any]], str]
) -> dict[str, str]:
    """``sign(header_overrides, claim_overrides)`` signs with the trusted key."""
    now = int(time.time())
    header = {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
    public_pem = key.as_pem(private=False)
    stranger = new_key()
    return {
        "alg none": forge.unsigned({**header, "alg": "none"}, claims),
        "HS256 with the public key": forge.hs256({**header, "alg": "HS256"}, claims, public_pem),
        "unknown kid": jwt.encode(
            {**header, "kid": stranger.kid}, claims, stranger, algorithms=["RS256"]
        ),
        "known kid, other key": jwt.encode(header, claims, stranger, algorithms=["RS256"]),
        "expired": sign({}, {"exp": now - 60, "iat": now - 1000, "nbf": now - 1000}),
        "not yet valid": sign({}, {"nbf": now + 600}),
        "wrong aud": sign({}, {"aud": "someone-else"}),
        "wrong iss": sign({}, {"iss": "https://evil.example"}),
        "no jti": sign({}, {"jti": None}),
        "tampered payload": forge.tampered(sign({}, {}), sub="999999", role="owner"),
        "garbage": "not.a.token",
    }
