"""Every committed change to an item, however it was made (API, admin, import, shell),
becomes a change event; so does the deletion of an item or an account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from atrium.core.learning import events
from atrium.core.learning.models import Item, Track


@receiver(post_save, sender=Item, dispatch_uid="learning_item_saved")
def _item_saved(sender: type[Item], instance: Item, **_: Any) -> None:
    events.item_changed(instance)


@receiver(post_delete, sender=Item, dispatch_uid="learning_item_deleted")
def _item_deleted(sender: type[Item], instance: Item, **_: Any) -> None:
    events.item_removed(instance.pk)


@receiver(pre_save, sender=Track, dispatch_uid="learning_track_saving")
def _track_saving(sender: type[Track], instance: Track, **_: Any) -> None:
    stored = Track.objects.filter(pk=instance.pk).values_list("state", flat=True)
    instance.state_before_save = stored.first() if instance.pk else None


@receiver(post_save, sender=Track, dispatch_uid="learning_track_saved")
def _track_saved(sender: type[Track], instance: Track, created: bool, **_: Any) -> None:
    """A track's publication decides whether its items are indexed."""
    if created or instance.state_before_save == instance.state:
        return
    for item in Item.objects.filter(module__track=instance).select_related("module__track"):
        events.item_changed(item)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="learning_user_deleted")
def _user_deleted(sender: type, instance: Any, **_: Any) -> None:
    events.user_removed(instance.pk)
