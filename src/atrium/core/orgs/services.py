"""Organization rules: tenancy, roles, invitations. Every later domain asks
:func:`membership_for` before touching an organization's objects."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from atrium.common.tokens import Role
from atrium.config import get_settings
from atrium.core.accounts import emails
from atrium.core.accounts.audit import record
from atrium.core.accounts.models import AuditEvent, User
from atrium.core.accounts.tokens import sha256
from atrium.core.audit_context import AuditContext
from atrium.core.domain import Conflict, InvalidInput, NotFound, PermissionDenied
from atrium.core.orgs.models import Invitation, Membership, Organization


def membership_for(user: User | int, org_id: int) -> Membership | None:
    """The user's membership of the organization, or None: the one tenancy check."""
    user_id = user if isinstance(user, int) else user.pk
    return (
        Membership.objects.select_related("organization")
        .filter(user_id=user_id, organization_id=org_id)
        .first()
    )


def default_membership(user: User) -> Membership | None:
    """The organization a fresh login acts for: the one joined first."""
    return user.memberships.select_related("organization").order_by("joined_at", "pk").first()


def memberships_of(user: User) -> list[Membership]:
    return list(user.memberships.select_related("organization").order_by("organization__name"))


def sole_owned_organizations(user: User) -> list[Organization]:
    return list(
        Organization.objects.filter(memberships__user=user, memberships__role=Role.OWNER)
        .annotate(owners=Count("memberships", filter=Q(memberships__role=Role.OWNER)))
        .filter(owners=1)
    )


def create_organization(user: User, name: str, *, audit: AuditContext) -> Membership:
    with transaction.atomic():
        org = Organization.objects.create(name=name)
        membership = Membership.objects.create(user=user, organization=org, role=Role.OWNER)
    record(AuditEvent.Kind.ORG_CREATED, audit=audit, actor=user, organization_id=org.pk)
    return membership


def rename_organization(actor: User, org: Organization, name: str, *, audit: AuditContext) -> None:
    old, org.name = org.name, name
    org.save(update_fields=["name"])
    record(
        AuditEvent.Kind.ORG_RENAMED,
        audit=audit,
        actor=actor,
        organization_id=org.pk,
        old=old,
        new=name,
    )


def delete_organization(actor: User, org: Organization, *, audit: AuditContext) -> None:
    record(
        AuditEvent.Kind.ORG_DELETED,
        audit=audit,
        actor=actor,
        organization_id=org.pk,
        name=org.name,
    )
    org.delete()


def _owner_count(org_id: int) -> int:
    """Counted under row locks (inside a transaction), so two owners cannot both leave."""
    owners = Membership.objects.select_for_update().filter(organization_id=org_id, role=Role.OWNER)
    return len(list(owners))


def change_role(
    actor: Membership, target: Membership, role: Role, *, audit: AuditContext
) -> Membership:
    """Admins manage members and admins; only owners grant or take away ownership."""
    touches_owner = Role.OWNER in (role, Role(target.role))
    if touches_owner and actor.role != Role.OWNER:
        raise PermissionDenied("Only an owner can grant or remove the owner role")
    if Role(target.role).rank > Role(actor.role).rank:
        raise PermissionDenied("You cannot change the role of someone above you")
    with transaction.atomic():
        if (
            target.role == Role.OWNER
            and role != Role.OWNER
            and _owner_count(target.organization_id) <= 1
        ):
            raise Conflict("An organization needs at least one owner")
        old, target.role = target.role, role
        target.save(update_fields=["role"])
    record(
        AuditEvent.Kind.ROLE_CHANGED,
        audit=audit,
        actor=actor.user,
        organization_id=target.organization_id,
        member=target.user.email,
        old=old,
        new=role.value,
    )
    return target


def remove_member(actor: Membership, target: Membership, *, audit: AuditContext) -> None:
    """Leave (actor is target) or remove someone at or below the actor's role."""
    if actor.pk != target.pk:
        if not Role(actor.role).at_least(Role.ADMIN):
            raise PermissionDenied("Only admins and owners remove members")
        if Role(target.role).rank > Role(actor.role).rank:
            raise PermissionDenied("You cannot remove someone above you")
    with transaction.atomic():
        if target.role == Role.OWNER and _owner_count(target.organization_id) <= 1:
            raise Conflict("The last owner cannot leave: make someone else owner first")
        target.delete()
    record(
        AuditEvent.Kind.MEMBER_REMOVED,
        audit=audit,
        actor=actor.user,
        organization_id=target.organization_id,
        member=target.user.email,
    )


def invite(
    actor: Membership, email: str, role: Role, *, audit: AuditContext
) -> tuple[Invitation, str]:
    """The invitation and its token (emailed, and returned once so the inviter can pass it on)."""
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise PermissionDenied("Only an owner can invite another owner")
    email = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("Enter a valid email address") from exc
    if Membership.objects.filter(
        organization_id=actor.organization_id, user__email__iexact=email
    ).exists():
        raise Conflict("This person is already a member")
    # A new invitation replaces a pending one: only the latest email's token works.
    Invitation.objects.filter(
        organization_id=actor.organization_id, email=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=actor.organization,
        email=email,
        role=role,
        token_hash=sha256(token),
        invited_by=actor.user,
        expires_at=timezone.now() + timedelta(seconds=get_settings().invitation_ttl_s),
    )
    emails.send_invitation(email, actor.organization.name, actor.user.email, token)
    record(
        AuditEvent.Kind.MEMBER_INVITED,
        audit=audit,
        actor=actor.user,
        organization_id=actor.organization_id,
        email_invited=email,
        role=role.value,
    )
    return invitation, token


def accept_invitation(user: User, token: str, *, audit: AuditContext) -> Membership:
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=sha256(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        raise NotFound("The invitation is invalid, expired or already used")
    if user.email_verified_at is None:
        raise PermissionDenied("Verify your email address before accepting an invitation")
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied("This invitation was sent to another email address")
    with transaction.atomic():
        membership = add_member(invitation.organization, user, Role(invitation.role), audit=audit)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def add_member(
    organization: Organization, user: User, role: Role, *, audit: AuditContext
) -> Membership:
    """``user`` joins at ``role``: at the end of an invitation, or by the system's own doing
    (demo data), which needs none."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organization=organization, role=role)
    except IntegrityError as exc:
        raise Conflict("You are already a member of this organization") from exc
    record(
        AuditEvent.Kind.MEMBER_JOINED,
        audit=audit,
        actor=user,
        organization_id=organization.pk,
        role=role.value,
    )
    return membership
