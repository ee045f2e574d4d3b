"""`atrium seed`: a realistic demo catalog and learners with varied progress, idempotent."""

from __future__ import annotations

import pytest

from atrium.core.learning.models import Item, Progress, ProgressEvent, ProgressStatus, Track
from atrium.core.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_the_seed_loads_a_catalog_and_learners_once() -> None:
    list(seed_demo())
    assert Track.objects.filter(organization__isnull=True).count() >= 5
    assert Item.objects.count() >= 60
    assert set(Item.objects.values_list("kind", flat=True)) == {
        "lesson",
        "lab",
        "quiz",
        "video",
        "reading",
    }
    assert all(item.body.startswith("## ") for item in Item.objects.all())
    per_user = {
        user_id: Progress.objects.filter(user_id=user_id).count()
        for user_id in Progress.objects.values_list("user_id", flat=True).distinct()
    }
    assert len(set(per_user.values())) >= 4, "learners are at different places"
    statuses = set(Progress.objects.values_list("status", flat=True))
    assert {ProgressStatus.COMPLETED, ProgressStatus.IN_PROGRESS} <= statuses
    assert Progress.objects.filter(score__isnull=False).exists()
    before = (Item.objects.count(), Progress.objects.count(), ProgressEvent.objects.count())
    list(seed_demo())
    assert (Item.objects.count(), Progress.objects.count(), ProgressEvent.objects.count()) == before
