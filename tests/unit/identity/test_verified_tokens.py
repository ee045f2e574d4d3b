"""A token verified once is remembered, and still refused when it should be."""

import time
from collections.abc import Iterator

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from atrium.common import tokens
from atrium.common.tokens import (
    LEEWAY_S,
    TokenError,
    UnknownKeyError,
    VerifiedTokens,
    verify_access_token,
)
from tests.support.auth import TokenIssuer, new_key
from tests.unit.identity import forge


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    tokens.verified_tokens.clear()
    yield
    tokens.verified_tokens.clear()


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer()


def _verify(issuer: TokenIssuer, token: str, keys: KeySet, now: int | None = None) -> int:
    claims = verify_access_token(
        token, keys, issuer=issuer.issuer, audience=issuer.audience, now=now
    )
    return claims.user_id


def _no_more_rsa(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("verified again instead of answering from the cache")

    monkeypatch.setattr(jwt, "decode", refuse)


def test_the_same_token_again_is_answered_without_verifying(
    issuer: TokenIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = KeySet(list(issuer.keys))
    token = issuer.token_for(7, 3, "member")
    assert _verify(issuer, token, keys) == 7
    _no_more_rsa(monkeypatch)
    assert _verify(issuer, token, keys) == 7


def test_a_remembered_token_expires(issuer: TokenIssuer) -> None:
    keys = KeySet(list(issuer.keys))
    now = int(time.time())
    token = issuer.token_for(7, 3, "member", iat=now, nbf=now, exp=now + 60)
    assert _verify(issuer, token, keys, now=now) == 7
    with pytest.raises(TokenError, match="expired"):
        _verify(issuer, token, keys, now=now + 60 + LEEWAY_S)


def test_a_remembered_token_is_refused_once_its_key_is_withdrawn(issuer: TokenIssuer) -> None:
    token = issuer.token_for(7, 3, "member")
    assert _verify(issuer, token, KeySet(list(issuer.keys))) == 7
    with pytest.raises(UnknownKeyError):
        _verify(issuer, token, KeySet([new_key()]))


def test_a_new_key_under_the_same_kid_verifies_again(issuer: TokenIssuer) -> None:
    token = issuer.token_for(7, 3, "member")
    assert _verify(issuer, token, KeySet(list(issuer.keys))) == 7
    impostor = KeySet([new_key(issuer.key.kid)])
    with pytest.raises(TokenError):
        _verify(issuer, token, impostor)


def test_a_tampered_copy_of_a_remembered_token_is_refused(issuer: TokenIssuer) -> None:
    keys = KeySet(list(issuer.keys))
    token = issuer.token_for(7, 3, "member")
    assert _verify(issuer, token, keys) == 7
    with pytest.raises(TokenError):
        _verify(issuer, forge.tampered(token, sub="8", role="owner"), keys)


def test_a_token_for_another_audience_is_not_answered_from_the_cache(
    issuer: TokenIssuer,
) -> None:
    keys = KeySet(list(issuer.keys))
    token = issuer.token_for(7, 3, "member")
    assert _verify(issuer, token, keys) == 7
    with pytest.raises(TokenError):
        verify_access_token(token, keys, issuer=issuer.issuer, audience="someone-else")


def test_the_cache_keeps_only_the_most_recently_used(
    issuer: TokenIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = KeySet(list(issuer.keys))
    cache = VerifiedTokens(size=2)
    monkeypatch.setattr(tokens, "verified_tokens", cache)
    first, second, third = (issuer.token_for(n, 3, "member") for n in (1, 2, 3))
    for token in (first, second, first, third):
        _verify(issuer, token, keys)
    now = time.time()
    held = {
        name
        for name, token in {"first": first, "second": second, "third": third}.items()
        if cache.get((token, issuer.issuer, issuer.audience), keys, now) is not None
    }
    assert held == {"first", "third"}
