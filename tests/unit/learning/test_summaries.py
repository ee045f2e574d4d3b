"""Summaries: per user (tracks, streak, time) and per organization (members, trouble spots)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from atrium.core.learning.models import Item, ItemKind
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from atrium.core.learning.services.summaries import ABANDONED_AFTER_DAYS, streak
from tests.unit.learning.conftest import Team, make_track


def test_a_streak_counts_consecutive_days_ending_today_or_yesterday() -> None:
    today = date(2026, 3, 10)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert streak(days, today) == 3
    assert streak({today - timedelta(days=1), today - timedelta(days=2)}, today) == 2
    assert streak({today - timedelta(days=2)}, today) == 0
    assert streak(set(), today) == 0


def write(user_id: int, item: Item, status: str, *, days_ago: int = 0, seconds: int = 60) -> None:
    update = ProgressUpdate(status=status, time_spent_s=seconds)
    at = timezone.now() - timedelta(days=days_ago)
    put_progress(user_id=user_id, item=item, update=update, at=at)


@pytest.mark.django_db
def test_the_user_summary(client: Client, team: Team) -> None:
    track = make_track("one", items=4)
    make_track("two", items=2, kind=ItemKind.QUIZ)
    a, b, c, _ = Item.objects.filter(module__track=track).order_by("position")
    write(team.member.pk, a, "completed", days_ago=2, seconds=100)
    write(team.member.pk, b, "completed", days_ago=1, seconds=200)
    write(team.member.pk, c, "in_progress", days_ago=0, seconds=50)
    summary = client.get(
        f"/api/v1/progress/summary/users/{team.member.pk}", **team.auth(team.member)
    ).json()
    assert summary["time_spent_s"] == 350
    assert summary["completed_items"] == 2
    assert summary["in_progress_items"] == 1
    assert summary["streak_days"] == 3
    by_track = {t["track_slug"]: t for t in summary["tracks"]}
    assert (by_track["one"]["completed"], by_track["one"]["total"]) == (2, 4)
    assert by_track["one"]["percent"] == 50.0
    assert (by_track["two"]["completed"], by_track["two"]["total"]) == (0, 2)
    other = f"/api/v1/progress/summary/users/{team.member.pk}"
    assert client.get(other, **team.auth(team.viewer)).status_code == 403
    assert client.get(other, **team.auth(team.admin)).status_code == 200


@pytest.mark.django_db
def test_the_organization_summary(client: Client, team: Team) -> None:
    track = make_track("org", items=3)
    a, b, c = Item.objects.filter(module__track=track).order_by("position")
    stale = ABANDONED_AFTER_DAYS + 1
    write(team.member.pk, a, "completed")
    write(team.member.pk, b, "in_progress", days_ago=stale)
    write(team.viewer.pk, b, "in_progress", days_ago=stale)
    write(team.viewer.pk, a, "in_progress")
    write(team.admin.pk, c, "in_progress")
    write(team.other.pk, c, "completed")  # not a member: not counted
    url = f"/api/v1/progress/summary/organizations/{team.org.pk}"
    assert client.get(url, **team.auth(team.member)).status_code == 403
    summary = client.get(url, **team.auth(team.admin)).json()
    assert summary["items"] == 3
    members = {m["email"]: m for m in summary["members"]}
    assert set(members) == {
        "owner@example.com",
        "admin@example.com",
        "member@example.com",
        "viewer@example.com",
    }
    assert (
        members["member@example.com"]["completed"],
        members["member@example.com"]["in_progress"],
    ) == (1, 1)
    assert members["member@example.com"]["percent"] == pytest.approx(33.3)
    started = [(row["slug"], row["count"]) for row in summary["most_started"]]
    assert started == [(a.slug, 2), (b.slug, 2), (c.slug, 1)]
    assert [(row["slug"], row["count"]) for row in summary["most_abandoned"]] == [(b.slug, 2)]
    elsewhere = f"/api/v1/progress/summary/organizations/{team.other_org.pk}"
    assert client.get(elsewhere, **team.auth(team.admin)).status_code == 403
