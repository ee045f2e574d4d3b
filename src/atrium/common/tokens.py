"""Access-token verification that every service shares (no Django here).

Core signs access tokens with RS256 and a ``kid`` in the header, and publishes the
public keys at ``/.well-known/jwks.json``. Anything that trusts those tokens verifies
them with :func:`verify_access_token`: the algorithm is pinned (so ``alg: none`` and
HS256 signed with the public key are refused before any key is used), the ``kid`` must
name a published key, and ``iss``, ``aud``, ``exp``, ``nbf``, ``iat``, ``sub`` and
``jti`` are all checked. :class:`RemoteKeySet` keeps a cached copy of core's JWKS for
services that reach core over HTTP only.

A client sends the same access token on every request until it expires, so a token that
passed is remembered (:class:`VerifiedTokens`): checking it again costs a dictionary
lookup instead of an RSA verification and the JOSE bookkeeping around it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from atrium.common.lru import Lru

ALGORITHM = "RS256"
LEEWAY_S = 5


class Role(StrEnum):
    """Organization roles, from most to least powerful."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANKS = {Role.OWNER: 3, Role.ADMIN: 2, Role.MEMBER: 1, Role.VIEWER: 0}


class TokenError(Exception):
    """The token is not one this service accepts; the message says why (safe to show)."""


class UnknownKeyError(TokenError):
    """The token names a ``kid`` that the key set does not hold."""


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says about its bearer."""

    user_id: int
    org_id: int | None
    role: Role | None
    jti: str
    issued_at: int
    expires_at: int

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> AccessClaims:
        try:
            org = claims.get("org")
            role = claims.get("role")
            return cls(
                user_id=int(claims["sub"]),
                org_id=int(org) if org is not None else None,
                role=Role(role) if role is not None else None,
                jti=str(claims["jti"]),
                issued_at=int(claims["iat"]),
                expires_at=int(claims["exp"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise TokenError("Malformed token claims") from exc


def token_header(token: str) -> dict[str, Any]:
    """The protected header of a compact JWS, unverified: only to choose the key."""
    try:
        return dict(jws.extract_compact(token.encode()).protected)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise TokenError("Malformed token") from exc


@dataclass(frozen=True)
class _Verified:
    claims: AccessClaims
    key: Key
    valid_from: float
    valid_until: float

    def holds(self, keys: KeySet, now: float) -> bool:
        """Still in its time window, and its key is still the one published under its kid."""
        if not self.valid_from <= now < self.valid_until:
            return False
        try:
            return keys.get_by_kid(self.key.kid) is self.key
        except (JoseError, ValueError):
            return False


class VerifiedTokens:
    """The last ``size`` tokens that passed verification, least recently used out first.

    An entry answers only while the token's ``nbf``/``iat`` .. ``exp`` window (with the same
    leeway) holds and its kid still names the very key object that verified it: an expired
    token, a key dropped from the set, or a refetched key set all fall through to a full
    verification. Any other token (a tampered one is another string) is simply not found.
    """

    def __init__(self, size: int = 4096) -> None:
        self._entries: Lru[tuple[str, str, str], _Verified] = Lru(size)  # core serves from threads

    def get(self, entry_key: tuple[str, str, str], keys: KeySet, now: float) -> AccessClaims | None:
        entry = self._entries.get(entry_key)
        if entry is None or not entry.holds(keys, now):
            return None
        return entry.claims

    def put(self, entry_key: tuple[str, str, str], entry: _Verified) -> None:
        self._entries.put(entry_key, entry)

    def clear(self) -> None:
        self._entries.clear()


verified_tokens = VerifiedTokens()


def verify_access_token(
    token: str, keys: KeySet, *, issuer: str, audience: str, now: int | None = None
) -> AccessClaims:
    """Verify signature and claims; raise :class:`TokenError` for anything less than valid."""
    entry_key = (token, issuer, audience)
    checked_at = time.time() if now is None else now
    known = verified_tokens.get(entry_key, keys, checked_at)
    if known is not None:
        return known
    raw, key = _verify(token, keys, issuer=issuer, audience=audience, now=now)
    claims = AccessClaims.from_claims(raw)
    verified_tokens.put(
        entry_key,
        # The window joserfc checked: nbf and iat not after now + leeway, exp after now - leeway.
        _Verified(
            claims,
            key,
            valid_from=max(raw["nbf"], raw["iat"]) - LEEWAY_S,
            valid_until=raw["exp"] + LEEWAY_S,
        ),
    )
    return claims


def _verify(
    token: str, keys: KeySet, *, issuer: str, audience: str, now: int | None
) -> tuple[dict[str, Any], Key]:
    header = token_header(token)
    if header.get("alg") != ALGORITHM:
        raise TokenError(f"Only {ALGORITHM} tokens are accepted")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenError("Token has no key id")
    try:
        key = keys.get_by_kid(kid)
    except (JoseError, ValueError) as exc:
        raise UnknownKeyError("Token signed by an unknown key") from exc
    try:
        decoded = jwt.decode(token, key, algorithms=[ALGORITHM])
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=LEEWAY_S,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            sub={"essential": True},
            exp={"essential": True},
            nbf={"essential": True},
            iat={"essential": True},
            jti={"essential": True},
        )
        registry.validate(decoded.claims)
    except JoseError as exc:
        raise TokenError(_reason(exc)) from exc
    except ValueError as exc:
        raise TokenError("Malformed token") from exc
    return dict(decoded.claims), key


def _reason(exc: JoseError) -> str:
    if type(exc).__name__ == "ExpiredTokenError":
        return "Token has expired"
    return f"Token rejected: {exc.description or exc.error}"


class RemoteKeySet:
    """Core's public keys, fetched over HTTP and kept for ``ttl_s`` seconds.

    A token whose ``kid`` is not in the cached set triggers one refetch (core may have
    rotated its key). Refetches are at least ``refetch_interval_s`` apart: a caller that
    comes sooner waits for the interval instead of being refused, so a freshly rotated
    key is always found, while tokens with made-up key ids cannot make api flood core.

    When a fetch at the end of ``ttl_s`` fails (core busy or down), the keys in hand keep
    verifying for up to another ``ttl_s``, fetched again at most every
    ``refetch_interval_s``: a core too busy to answer in ``timeout_s`` does not turn every
    request into a 503. api loads the keys at start-up (:meth:`load`), so its first
    requests do not all wait on core at once.
    """

    def __init__(
        self,
        url: str,
        *,
        ttl_s: float = 300,
        refetch_interval_s: float = 1,
        timeout_s: float = 3,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.url = url
        self.ttl_s = ttl_s
        self.refetch_interval_s = refetch_interval_s
        self.timeout_s = timeout_s
        self.transport = transport
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")
        self._retried_at = float("-inf")  # the last failed fetch's stand-in for _fetched_at
        self._lock = asyncio.Lock()

    def _expired(self) -> bool:
        return (
            self._keys is None
            or time.monotonic() - max(self._fetched_at, self._retried_at) > self.ttl_s
        )

    async def _current(self) -> tuple[KeySet, float]:
        if self._expired():
            async with self._lock:
                if self._expired():
                    await self._fetch_or_keep()
        assert self._keys is not None
        return self._keys, self._fetched_at

    async def _fetch_or_keep(self) -> None:
        try:
            await self._fetch()
        except KeySetUnavailableError:
            now = time.monotonic()
            if self._keys is None or now - self._fetched_at > 2 * self.ttl_s:
                raise
            # Counted as fresh until the next attempt, refetch_interval_s from now.
            self._retried_at = now - self.ttl_s + self.refetch_interval_s

    async def load(self, retry_s: float = 1.0) -> None:
        """Fetch the keys, trying again every ``retry_s`` until core answers."""
        while True:
            try:
                await self._current()
                return
            except KeySetUnavailableError:
                await asyncio.sleep(retry_s)

    async def _refetch(self, seen_at: float) -> KeySet:
        async with self._lock:
            if self._fetched_at == seen_at:  # nobody refetched while this caller waited
                wait = self._fetched_at + self.refetch_interval_s - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._fetch()
        assert self._keys is not None
        return self._keys

    async def _fetch(self) -> None:
        try:
            async with httpx.AsyncClient(
                timeout=self.timeout_s, transport=self.transport, follow_redirects=False
            ) as client:
                response = await client.get(self.url)
                response.raise_for_status()
                self._keys = KeySet.import_key_set(response.json())
        except (httpx.HTTPError, ValueError, JoseError) as exc:
            raise KeySetUnavailableError(f"Cannot load signing keys: {exc}") from exc
        self._fetched_at = time.monotonic()

    async def verify(self, token: str, *, issuer: str, audience: str) -> AccessClaims:
        keys, seen_at = await self._current()
        try:
            return verify_access_token(token, keys, issuer=issuer, audience=audience)
        except UnknownKeyError:
            keys = await self._refetch(seen_at)
            return verify_access_token(token, keys, issuer=issuer, audience=audience)


class KeySetUnavailableError(Exception):
    """Core's JWKS could not be fetched: a 503, not the caller's fault."""
