"""/api/v1/organizations/: tenancy, members and roles, invitations, API keys.

Every route under ``/{org_id}/`` passes :func:`require_org_role` (or
:func:`require_membership`) before it reads or writes anything.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from atrium.common.tokens import Role
from atrium.core.accounts.auth import authenticated, user_of, user_only
from atrium.core.accounts.schemas import Id
from atrium.core.audit_context import AuditContext
from atrium.core.domain import NotFound
from atrium.core.orgs import api_keys, services
from atrium.core.orgs.models import ApiKey, Invitation, Membership, Organization
from atrium.core.orgs.permissions import require_membership, require_org_role
from atrium.core.orgs.schemas import (
    AcceptIn,
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    InvitationCreatedOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    OrganizationIn,
    OrganizationOut,
    RoleIn,
)

router = Router(tags=["organizations"], auth=authenticated)


def _org_out(membership: Membership) -> OrganizationOut:
    org = membership.organization
    return OrganizationOut(
        id=org.pk, name=org.name, created_at=org.created_at, role=Role(membership.role)
    )


def _member_out(membership: Membership) -> MemberOut:
    user = membership.user
    return MemberOut(
        user_id=user.pk,
        email=user.email,
        full_name=user.full_name,
        role=Role(membership.role),
        joined_at=membership.joined_at,
    )


def _member(org_id: Id, user_id: Id) -> Membership:
    found = (
        Membership.objects.select_related("user", "organization")
        .filter(organization_id=org_id, user_id=user_id)
        .first()
    )
    if found is None:
        raise NotFound("No such member")
    return found


@router.get("/", response=list[OrganizationOut], auth=user_only, operation_id="orgs_list")
def list_organizations(request: HttpRequest) -> list[OrganizationOut]:
    """The caller's organizations, with the caller's role in each."""
    return [_org_out(m) for m in services.memberships_of(user_of(request))]


@router.post("/", response={201: OrganizationOut}, auth=user_only, operation_id="orgs_create")
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Status[OrganizationOut]:
    """Create an organization; the caller owns it. Refresh with its id to act in it."""
    membership = services.create_organization(
        user_of(request), payload.name, audit=AuditContext.from_request(request)
    )
    return Status(201, _org_out(membership))


@router.post(
    "/invitations/accept",
    response=OrganizationOut,
    auth=user_only,
    operation_id="orgs_accept_invitation",
)
def accept_invitation(request: HttpRequest, payload: AcceptIn) -> OrganizationOut:
    """Join with the token from the invitation email (the account's email must be verified)."""
    return _org_out(
        services.accept_invitation(
            user_of(request), payload.token, audit=AuditContext.from_request(request)
        )
    )


@router.get("/{org_id}", response=OrganizationOut, operation_id="orgs_get")
def get_organization(request: HttpRequest, org_id: Id) -> OrganizationOut:
    access = require_org_role(request, org_id, Role.VIEWER)
    org = Organization.objects.get(pk=org_id)
    return OrganizationOut(id=org.pk, name=org.name, created_at=org.created_at, role=access.role)


@router.patch("/{org_id}", response=OrganizationOut, operation_id="orgs_rename")
def rename_organization(
    request: HttpRequest, org_id: Id, payload: OrganizationIn
) -> OrganizationOut:
    membership = require_membership(request, org_id, Role.OWNER)
    services.rename_organization(
        membership.user,
        membership.organization,
        payload.name,
        audit=AuditContext.from_request(request),
    )
    return _org_out(membership)


@router.delete("/{org_id}", response={204: None}, operation_id="orgs_delete")
def delete_organization(request: HttpRequest, org_id: Id) -> Status[None]:
    membership = require_membership(request, org_id, Role.OWNER)
    services.delete_organization(
        membership.user, membership.organization, audit=AuditContext.from_request(request)
    )
    return Status(204, None)


@router.get("/{org_id}/members", response=list[MemberOut], operation_id="orgs_members")
def list_members(request: HttpRequest, org_id: Id) -> list[MemberOut]:
    require_org_role(request, org_id, Role.VIEWER)
    members = Membership.objects.filter(organization_id=org_id).select_related("user")
    return [_member_out(m) for m in members.order_by("user__email")]


@router.put("/{org_id}/members/{user_id}/role", response=MemberOut, operation_id="orgs_change_role")
def change_role(request: HttpRequest, org_id: Id, user_id: Id, payload: RoleIn) -> MemberOut:
    actor = require_membership(request, org_id, Role.ADMIN)
    target = _member(org_id, user_id)
    return _member_out(
        services.change_role(actor, target, payload.role, audit=AuditContext.from_request(request))
    )


@router.delete(
    "/{org_id}/members/{user_id}", response={204: None}, operation_id="orgs_remove_member"
)
def remove_member(request: HttpRequest, org_id: Id, user_id: Id) -> Status[None]:
    """Remove a member, or leave when ``user_id`` is the caller's own."""
    actor = require_membership(request, org_id, Role.VIEWER)
    services.remove_member(
        actor, _member(org_id, user_id), audit=AuditContext.from_request(request)
    )
    return Status(204, None)


@router.post("/{org_id}/leave", response={204: None}, operation_id="orgs_leave")
def leave(request: HttpRequest, org_id: Id) -> Status[None]:
    """Leave the organization (refused for its last owner)."""
    actor = require_membership(request, org_id, Role.VIEWER)
    services.remove_member(actor, actor, audit=AuditContext.from_request(request))
    return Status(204, None)


@router.get("/{org_id}/invitations", response=list[InvitationOut], operation_id="orgs_invitations")
def list_invitations(request: HttpRequest, org_id: Id) -> list[Invitation]:
    require_membership(request, org_id, Role.ADMIN)
    return list(Invitation.objects.filter(organization_id=org_id).order_by("-created_at"))


@router.post(
    "/{org_id}/invitations", response={201: InvitationCreatedOut}, operation_id="orgs_invite"
)
def invite(request: HttpRequest, org_id: Id, payload: InvitationIn) -> Status[InvitationCreatedOut]:
    """Email an invitation; the answer carries its token this once, for the inviter to pass on."""
    actor = require_membership(request, org_id, Role.ADMIN)
    invitation, token = services.invite(
        actor, payload.email, payload.role, audit=AuditContext.from_request(request)
    )
    out = InvitationOut.from_orm(invitation).dict()
    return Status(201, InvitationCreatedOut(**out, token=token))


@router.delete(
    "/{org_id}/invitations/{invitation_id}",
    response={204: None},
    operation_id="orgs_cancel_invitation",
)
def cancel_invitation(request: HttpRequest, org_id: Id, invitation_id: Id) -> Status[None]:
    require_membership(request, org_id, Role.ADMIN)
    deleted, _ = Invitation.objects.filter(
        organization_id=org_id, pk=invitation_id, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise NotFound("No such pending invitation")
    return Status(204, None)


@router.get("/{org_id}/api-keys", response=list[ApiKeyOut], operation_id="orgs_api_keys")
def list_api_keys(request: HttpRequest, org_id: Id) -> list[ApiKey]:
    require_membership(request, org_id, Role.ADMIN)
    return list(ApiKey.objects.filter(organization_id=org_id).order_by("-created_at"))


@router.post(
    "/{org_id}/api-keys", response={201: ApiKeyCreatedOut}, operation_id="orgs_create_api_key"
)
def create_api_key(request: HttpRequest, org_id: Id, payload: ApiKeyIn) -> Status[ApiKeyCreatedOut]:
    """Create a key; the response is the only time the whole key is shown."""
    actor = require_membership(request, org_id, Role.ADMIN)
    issued = api_keys.issue_key(
        audit=AuditContext.from_request(request),
        organization=actor.organization,
        name=payload.name,
        scopes=list(payload.scopes),
        created_by=actor.user,
    )
    out = ApiKeyOut.from_orm(issued.key).dict()
    return Status(201, ApiKeyCreatedOut(**out, key=issued.secret))


@router.delete(
    "/{org_id}/api-keys/{key_id}", response={204: None}, operation_id="orgs_revoke_api_key"
)
def revoke_api_key(request: HttpRequest, org_id: Id, key_id: Id) -> Status[None]:
    actor = require_membership(request, org_id, Role.ADMIN)
    key = ApiKey.objects.filter(organization_id=org_id, pk=key_id).first()
    if key is None:
        raise NotFound("No such API key")
    api_keys.revoke_key(key, actor.user, audit=AuditContext.from_request(request))
    return Status(204, None)
