"""Writing security events to the audit log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from atrium.core.accounts.models import AuditEvent, User


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
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
