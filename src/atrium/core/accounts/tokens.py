"""Issuing tokens: signed access tokens and rotating, single-use refresh tokens.

Refresh tokens are opaque random strings; only their SHA-256 is stored. Each belongs to
a family that starts at login. Rotation spends the presented token and issues the next
of the family; a spent token presented again means it was stolen or replayed, so the
whole family is revoked and the event audited.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from joserfc import jwt

from atrium.common.tokens import ALGORITHM, Role
from atrium.config import get_settings
from atrium.core.accounts.audit import record
from atrium.core.accounts.keys import key_ring
from atrium.core.accounts.models import AuditEvent, RefreshToken, User
from atrium.core.audit_context import AuditContext

T = TypeVar("T")


class RefreshRejected(Exception):
    """The refresh token is unknown, expired, revoked or already spent."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def sign_access_token(user_id: int, org_id: int | None, role: Role | None) -> str:
    settings = get_settings()
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "org": org_id,
        "role": role.value if role is not None else None,
        "iat": now,
        "nbf": now,
        "exp": now + settings.access_token_ttl_s,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": uuid.uuid4().hex,
    }
    signing = key_ring(settings).signing_key
    header = {"alg": ALGORITHM, "kid": signing.kid, "typ": "JWT"}
    return jwt.encode(header, claims, signing.key, algorithms=[ALGORITHM])


def _new_refresh(user: User, family: uuid.UUID, org_id: int | None) -> str:
    raw = secrets.token_urlsafe(48)
    RefreshToken.objects.create(
        user=user,
        family=family,
        token_hash=sha256(raw),
        organization_id=org_id,
        expires_at=timezone.now() + timedelta(seconds=get_settings().refresh_token_ttl_s),
    )
    return raw


def issue_pair(user: User, org_id: int | None, role: Role | None) -> TokenPair:
    """Tokens for a fresh login: a new refresh family."""
    return TokenPair(
        access_token=sign_access_token(user.pk, org_id, role),
        refresh_token=_new_refresh(user, uuid.uuid4(), org_id),
        expires_in=get_settings().access_token_ttl_s,
    )


def spend_refresh(
    raw: str, decide: Callable[[RefreshToken], T], *, audit: AuditContext
) -> tuple[RefreshToken, T]:
    """Spend a live refresh token, or revoke its family if it was already spent.

    ``decide`` runs while the token is still unspent: what it returns comes back with
    the token, and if it raises, the token stays unspent.
    """
    with transaction.atomic():
        token = (
            RefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=sha256(raw))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise RefreshRejected("Refresh token is not valid")
        if token.spent_at is not None:
            revoke_family(token.family)
            reuse = token
        elif token.expires_at <= timezone.now() or not token.user.is_active:
            raise RefreshRejected("Refresh token has expired")
        else:
            decision = decide(token)
            token.spent_at = timezone.now()
            token.save(update_fields=["spent_at"])
            return token, decision
    record(AuditEvent.Kind.REFRESH_REUSED, audit=audit, actor=reuse.user, family=str(reuse.family))
    raise RefreshRejected("Refresh token was already used; its whole family is revoked")


def continue_family(spent: RefreshToken, org_id: int | None, role: Role | None) -> TokenPair:
    return TokenPair(
        access_token=sign_access_token(spent.user_id, org_id, role),
        refresh_token=_new_refresh(spent.user, spent.family, org_id),
        expires_in=get_settings().access_token_ttl_s,
    )


def revoke_family(family: uuid.UUID) -> int:
    return RefreshToken.objects.filter(family=family, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_refresh(raw: str) -> RefreshToken | None:
    """Logout: revoke the family of this token (whatever its state)."""
    token = RefreshToken.objects.filter(token_hash=sha256(raw)).select_related("user").first()
    if token is not None:
        revoke_family(token.family)
    return token


def revoke_all(user: User) -> int:
    return RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
