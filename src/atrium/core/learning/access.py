"""Who may see and change what in the learning domain: every check lives here.

The credential's active organization decides (as everywhere in core): a caller sees the
public catalog and its active organization's private catalog, never another
organization's, even one it also belongs to. Everyone reads their own progress; admins and
owners may also read their members' progress on the items the organization can see. The
service credential (api's) reads everything published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from atrium.common.tokens import Role
from atrium.core.accounts.auth import principal_of
from atrium.core.domain import NotFound, PermissionDenied
from atrium.core.learning.models import Item, Module, Publication, Track
from atrium.core.orgs.models import Membership
from atrium.core.orgs.permissions import require_org_role


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    org_id: int | None
    role: Role | None
    is_staff: bool = False
    is_service: bool = False

    @property
    def is_org_admin(self) -> bool:
        return self.role is not None and self.role.at_least(Role.ADMIN)

    def can_edit(self, organization_id: int | None) -> bool:
        """Org admins edit their organization's catalog; staff edit the public one."""
        if organization_id is None:
            return self.is_staff
        return organization_id == self.org_id and self.is_org_admin

    def catalog_scope(self, prefix: str = "") -> Q:
        """The catalogs this caller sees: the public one and the active organization's."""
        if self.is_service:
            return Q()
        public = Q(**{f"{prefix}organization__isnull": True})
        if self.org_id is None:
            return public
        return public | Q(**{f"{prefix}organization_id": self.org_id})

    def sees_drafts(self, organization_id: int | None) -> bool:
        return self.can_edit(organization_id)


def viewer_of(request: HttpRequest) -> Viewer:
    principal = principal_of(request)
    if principal.is_service:
        return Viewer(user_id=None, org_id=None, role=None, is_service=True)
    role = None
    if principal.org_id is not None:
        role = require_org_role(request, principal.org_id, Role.VIEWER).role
    user = principal.user
    return Viewer(
        user_id=user.pk if user else None,
        org_id=principal.org_id,
        role=role,
        is_staff=bool(user and user.is_staff),
    )


def _published_or_editable(viewer: Viewer, prefix: str = "") -> Q:
    published = Q(**{f"{prefix}state": Publication.PUBLISHED})
    if viewer.is_staff:
        published |= Q(**{f"{prefix}organization__isnull": True})
    if viewer.is_org_admin:
        published |= Q(**{f"{prefix}organization_id": viewer.org_id})
    return published


def visible_tracks(viewer: Viewer) -> QuerySet[Track]:
    return Track.objects.filter(viewer.catalog_scope() & _published_or_editable(viewer))


def visible_modules(viewer: Viewer) -> QuerySet[Module]:
    return Module.objects.filter(track__in=visible_tracks(viewer))


def visible_item(viewer: Viewer, prefix: str = "") -> Q:
    """The item at ``prefix`` is one the caller may see: published, of a published track
    (editors see drafts). On the joins a query already has, unlike a subquery of items."""
    track_ok = _published_or_editable(viewer, f"{prefix}module__track__")
    return viewer.catalog_scope(prefix) & _published_or_editable(viewer, prefix) & track_ok


def visible_items(viewer: Viewer) -> QuerySet[Item]:
    """Items the caller may see: published ones of published tracks (editors see drafts)."""
    return Item.objects.filter(visible_item(viewer))


def require_editor(viewer: Viewer, organization_id: int | None) -> None:
    if not viewer.can_edit(organization_id):
        if organization_id is None:
            raise PermissionDenied("Only staff edit the public catalog")
        raise PermissionDenied("This needs the admin role in the catalog's organization")


def progress_scope(viewer: Viewer, user_id: int | None, *, everyone: bool = False) -> Q:
    """Which progress records the caller reads: its own by default, one member's
    (``user_id``, admins) or every member's (``everyone``, admins).

    Raises 403/404 when the caller asks for someone it may not see.
    """
    if viewer.is_service:
        return Q(user_id=user_id) if user_id is not None else Q()
    if viewer.user_id is None:
        raise PermissionDenied("Progress is read with a user's access token")
    items = visible_item(viewer, "item__")
    if everyone:
        if viewer.org_id is None or not viewer.is_org_admin:
            raise PermissionDenied("Only admins of the organization see everyone's progress")
        members = Membership.objects.filter(organization_id=viewer.org_id).values("user_id")
        return Q(user_id__in=members) & items
    if user_id is not None and user_id != viewer.user_id:
        require_admin_over(viewer, user_id)
        return Q(user_id=user_id) & items
    return Q(user_id=viewer.user_id) & items


def require_learner(viewer: Viewer) -> int:
    """The user who records progress: a person, at least a member of the active
    organization (viewers only read). Without an organization, on the public catalog."""
    if viewer.user_id is None:
        raise PermissionDenied("Progress is written with a user's access token")
    if viewer.role is not None and not viewer.role.at_least(Role.MEMBER):
        raise PermissionDenied("Viewers read; recording progress needs the member role")
    return viewer.user_id


def require_admin_over(viewer: Viewer, user_id: int) -> None:
    """The caller administers the active organization and ``user_id`` is a member of it."""
    if viewer.org_id is None or not viewer.is_org_admin:
        raise PermissionDenied("Only admins of the organization see or reset others' progress")
    if not Membership.objects.filter(organization_id=viewer.org_id, user_id=user_id).exists():
        raise NotFound("No such member")
