"""Writing security events to the audit log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from atrium.config import get_settings
from atrium.core.accounts.models import AuditEvent, User


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address: the peer's, or the one the trusted proxies say they saw.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the entry
    ``TRUSTED_PROXY_COUNT`` places from the end is the client's; entries before it are
    whatever the client claimed and are ignored.
    """
    if request is None:
        return None
    hops = get_settings().trusted_proxy_count
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: AuditEvent.Kind,
    *,
    request: HttpRequest | None = None,
    actor: User | None = None,
    email: str = "",
    organization_id: int | None = None,
    **data: Any,
) -> AuditEvent:
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:256] if request is not None else ""
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_email=actor.email if actor is not None else email,
        organization_id=organization_id,
        ip_address=client_address(request),
        user_agent=user_agent,
        data=data,
    )
