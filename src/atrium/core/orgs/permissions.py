"""Organization-scoped authorization that every domain reuses.

A route under ``/organizations/{org_id}/...`` (or any route acting on an organization's
objects) calls :func:`require_org_role` first::

    access = require_org_role(request, org_id, Role.MEMBER)
    objects = Thing.objects.filter(organization_id=access.org_id)

It refuses a token issued for another organization (403), a caller with no membership
(404: the organization's existence is not revealed) and a role below ``minimum`` (403).
The role comes from the membership row, so a demotion takes effect at once. API keys act
as ``member`` with the ``write`` scope and ``viewer`` with ``read``.

Name the path parameter ``org_id``: the tenancy tests find organization-scoped routes by
walking the route table for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from atrium.common.tokens import Role
from atrium.core.accounts.auth import principal_of
from atrium.core.domain import NotFound, PermissionDenied
from atrium.core.orgs.models import Membership
from atrium.core.orgs.services import membership_for


@dataclass(frozen=True)
class OrgAccess:
    org_id: int
    role: Role
    membership: Membership | None  # None for API keys


def _key_role(scopes: frozenset[str]) -> Role | None:
    if "write" in scopes:
        return Role.MEMBER
    if "read" in scopes:
        return Role.VIEWER
    return None


def require_org_role(request: HttpRequest, org_id: int, minimum: Role) -> OrgAccess:
    principal = principal_of(request)
    if principal.org_id != org_id:
        raise PermissionDenied("The credential is for another organization")
    if principal.user is None:
        role = _key_role(principal.scopes)
        membership = None
    else:
        membership = principal.membership or membership_for(principal.user, org_id)
        if membership is None:
            raise NotFound("No such organization")
        role = Role(membership.role)
    if role is None or not role.at_least(minimum):
        raise PermissionDenied(f"This needs the {minimum.value} role or higher")
    return OrgAccess(org_id=org_id, role=role, membership=membership)


def require_membership(request: HttpRequest, org_id: int, minimum: Role) -> Membership:
    """As :func:`require_org_role`, for actions only people take (membership management)."""
    access = require_org_role(request, org_id, minimum)
    if access.membership is None:
        raise PermissionDenied("This needs a user's access token, not an API key")
    return access.membership
