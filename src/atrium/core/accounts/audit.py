"""Writing security events to the audit log."""

from __future__ import annotations

from typing import Any

from atrium.core.accounts.models import AuditEvent, User
from atrium.core.audit_context import AuditContext


def record(
    kind: AuditEvent.Kind,
    *,
    audit: AuditContext,
    actor: User | None = None,
    email: str = "",
    organization_id: int | None = None,
    **data: Any,
) -> AuditEvent:
    """Write one event; ``data["source"]`` says which transport the change came through."""
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_email=actor.email if actor is not None else email,
        organization_id=organization_id,
        ip_address=audit.address,
        user_agent=audit.user_agent,
        data={"source": audit.source, **data},
    )
