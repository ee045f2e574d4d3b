"""Who caused a change, for the audit log: taken from the request at the API edge, or
named after the system transport (CLI, seeding, a task), and passed to services."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from atrium.common import forwarding
from atrium.config import get_settings

USER_AGENT_LENGTH = 256  # AuditEvent.user_agent's max_length


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: the peer's, or the one the trusted proxies say they saw."""
    return forwarding.client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        get_settings().trusted_proxy_count,
    )


@dataclass(frozen=True)
class AuditContext:
    address: str | None
    user_agent: str
    source: str = "api"

    @classmethod
    def from_request(cls, request: HttpRequest) -> AuditContext:
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
        return cls(address=client_address(request), user_agent=user_agent)

    @classmethod
    def system(cls, source: str) -> AuditContext:
        """A change no HTTP client asked for: ``source`` says which transport made it."""
        return cls(address=None, user_agent="", source=source)
