"""Summaries of progress: per user (tracks, streak, time) and per organization."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from atrium.core.learning.access import Viewer, visible_items
from atrium.core.learning.models import Item, Progress, ProgressEvent, ProgressStatus
from atrium.core.learning.schemas import (
    ItemCount,
    MemberCompletion,
    OrganizationSummary,
    TrackCompletion,
    UserSummary,
)
from atrium.core.orgs.models import Membership

ABANDONED_AFTER_DAYS = 14
TOP = 5
STREAK_WINDOW_DAYS = 366


def streak(active_days: set[date], today: date) -> int:
    """Consecutive active days ending today, or yesterday when today has no activity yet."""
    day = today if today in active_days else today - timedelta(days=1)
    count = 0
    while day in active_days:
        count, day = count + 1, day - timedelta(days=1)
    return count


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def user_summary(*, viewer: Viewer, user_id: int) -> UserSummary:
    items = visible_items(viewer)
    progress = Progress.objects.filter(user_id=user_id, item__in=items.values("pk"))
    totals = progress.aggregate(
        time=Sum("time_spent_s"),
        completed=Count("pk", filter=Q(status=ProgressStatus.COMPLETED)),
        in_progress=Count("pk", filter=Q(status=ProgressStatus.IN_PROGRESS)),
    )
    tracks = (
        items.values("module__track_id", "module__track__slug", "module__track__title")
        .annotate(total=Count("pk"))
        .order_by("module__track__position", "module__track_id")
    )
    completed_per_track = dict(
        progress.filter(status=ProgressStatus.COMPLETED)
        .values("item__module__track_id")
        .annotate(count=Count("pk"))
        .values_list("item__module__track_id", "count")
    )
    since = timezone.now() - timedelta(days=STREAK_WINDOW_DAYS)
    days = set(
        ProgressEvent.objects.filter(progress__in=progress, at__gte=since)
        .annotate(day=TruncDate("at"))
        .values_list("day", flat=True)
        .distinct()
    )
    return UserSummary(
        user_id=user_id,
        tracks=[
            TrackCompletion(
                track_id=row["module__track_id"],
                track_slug=row["module__track__slug"],
                title=row["module__track__title"],
                completed=(done := completed_per_track.get(row["module__track_id"], 0)),
                total=row["total"],
                percent=_percent(done, row["total"]),
            )
            for row in tracks
        ],
        completed_items=totals["completed"],
        in_progress_items=totals["in_progress"],
        time_spent_s=totals["time"] or 0,
        streak_days=streak(days, timezone.localdate()),
    )


def _top(progress: QuerySet[Progress]) -> list[ItemCount]:
    rows = (
        progress.values("item_id", "item__slug", "item__title")
        .annotate(count=Count("pk"))
        .order_by("-count", "item_id")[:TOP]
    )
    return [
        ItemCount(
            item_id=r["item_id"], slug=r["item__slug"], title=r["item__title"], count=r["count"]
        )
        for r in rows
    ]


def organization_summary(*, viewer: Viewer, organization_id: int) -> OrganizationSummary:
    items = visible_items(viewer).values("pk")
    total = Item.objects.filter(pk__in=items).count()
    members = Membership.objects.filter(organization_id=organization_id)
    progress = Progress.objects.filter(user_id__in=members.values("user_id"), item__in=items)
    per_member = members.select_related("user").annotate(
        completed=Count(
            "user__learning_progress",
            filter=Q(
                user__learning_progress__in=progress,
                user__learning_progress__status=ProgressStatus.COMPLETED,
            ),
        ),
        in_progress=Count(
            "user__learning_progress",
            filter=Q(
                user__learning_progress__in=progress,
                user__learning_progress__status=ProgressStatus.IN_PROGRESS,
            ),
        ),
    )
    stale = timezone.now() - timedelta(days=ABANDONED_AFTER_DAYS)
    return OrganizationSummary(
        organization_id=organization_id,
        items=total,
        members=[
            MemberCompletion(
                user_id=m.user_id,
                email=m.user.email,
                completed=m.completed,
                in_progress=m.in_progress,
                percent=_percent(m.completed, total),
            )
            for m in per_member.order_by("user__email")
        ],
        most_started=_top(progress.exclude(status=ProgressStatus.NOT_STARTED)),
        most_abandoned=_top(
            progress.filter(status=ProgressStatus.IN_PROGRESS, updated_at__lt=stale)
        ),
    )
