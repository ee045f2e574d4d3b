"""Tell api at once when a membership ends or its role changes (see
:mod:`atrium.common.revocation`): tokens carrying the old membership stop working there."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from atrium.common.revocation import mark_membership_changed


def _ended(sender: type, instance: Any, **_: Any) -> None:
    mark_membership_changed(instance.user_id, instance.organization_id)


def _saved(sender: type, instance: Any, created: bool, **_: Any) -> None:
    if not created:  # a new membership has no tokens yet to outdate
        mark_membership_changed(instance.user_id, instance.organization_id)


def connect() -> None:
    from atrium.core.orgs.models import Membership

    post_delete.connect(_ended, sender=Membership, dispatch_uid="membership-ended")
    post_save.connect(_saved, sender=Membership, dispatch_uid="membership-changed")
