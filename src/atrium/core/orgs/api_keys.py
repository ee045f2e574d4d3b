"""API keys: ``atr_<prefix>_<secret>``. The prefix finds the row and stays visible; the
whole key is shown once and kept only as a SHA-256 (a random 256-bit secret needs no slow
hash)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from atrium.core.accounts.audit import record
from atrium.core.accounts.models import AuditEvent, User
from atrium.core.accounts.tokens import sha256
from atrium.core.audit_context import AuditContext
from atrium.core.orgs.models import ApiKey, Organization

SCOPES = ("read", "write")
SERVICE_SCOPE = "service"
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str


def issue_key(
    *,
    audit: AuditContext,
    organization: Organization | None,
    name: str,
    scopes: list[str],
    created_by: User | None,
) -> IssuedKey:
    prefix = secrets.token_hex(4)
    secret = f"atr_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        organization=organization,
        name=name,
        prefix=prefix,
        key_hash=sha256(secret),
        scopes=sorted(set(scopes)),
        created_by=created_by,
    )
    record(
        AuditEvent.Kind.KEY_CREATED,
        audit=audit,
        actor=created_by,
        organization_id=organization.pk if organization else None,
        prefix=prefix,
        scopes=scopes,
    )
    return IssuedKey(key, secret)


def revoke_key(key: ApiKey, actor: User | None, *, audit: AuditContext) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record(
            AuditEvent.Kind.KEY_REVOKED,
            audit=audit,
            actor=actor,
            organization_id=key.organization_id,
            prefix=key.prefix,
        )


def key_for_secret(secret: str) -> ApiKey | None:
    """The live key this secret belongs to, marking it used; None if unknown or revoked."""
    parts = secret.split("_", 2)
    if len(parts) < 3 or parts[0] != "atr":
        return None
    key = (
        ApiKey.objects.select_related("organization")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.key_hash, sha256(secret)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
