"""Who may do what with the ML pipeline.

Staff act on every scope. An organization's admins (and owners), with a token for that
organization, train and manage that organization's models, read the global models, and
ask for predictions about their own organization's learners.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from atrium.core.domain import NotFound, PermissionDenied
from atrium.core.learning.models import Item
from atrium.core.ml.models import ModelVersion
from atrium.core.orgs.models import Membership


@dataclass(frozen=True)
class MlCaller:
    user_id: int | None
    is_staff: bool
    org_id: int | None  # the organization the caller administers (None for staff)


def check_scope(caller: MlCaller, organization_id: int | None) -> None:
    if caller.is_staff:
        return
    if organization_id is None:
        raise PermissionDenied("Models trained on every organization's data are staff's")
    if organization_id != caller.org_id:
        raise PermissionDenied("Organization admins manage their own organization's models")


def scope_of(caller: MlCaller, asked: int | None) -> int | None:
    """The scope a request acts on: the one asked for, or an admin's own organization."""
    organization_id = asked if asked is not None or caller.is_staff else caller.org_id
    check_scope(caller, organization_id)
    return organization_id


def visible_versions(caller: MlCaller) -> QuerySet[ModelVersion]:
    versions = ModelVersion.objects.all()
    if caller.is_staff:
        return versions
    return versions.filter(Q(organization__isnull=True) | Q(organization_id=caller.org_id))


def check_pairs(caller: MlCaller, pairs: Iterable[tuple[int, int]]) -> None:
    """Every item exists, and every learner is the caller's to ask about: two queries."""
    learners = {learner for learner, _ in pairs}
    items = {item for _, item in pairs}
    unknown_items = items - set(Item.objects.filter(pk__in=items).values_list("pk", flat=True))
    if unknown_items:
        raise NotFound(f"No items {sorted(unknown_items)}")
    members = Membership.objects.filter(user_id__in=learners)
    if not caller.is_staff:
        members = members.filter(Q(organization_id=caller.org_id))
    unknown = learners - set(members.values_list("user_id", flat=True))
    if unknown:
        raise NotFound(f"No learners {sorted(unknown)} in the organization")
