"""`atrium seed`: a realistic demo catalog and learners with varied progress, idempotent."""

from __future__ import annotations

from collections import Counter

import pytest
from typer.testing import CliRunner

from atrium.cli import app
from atrium.common.tokens import Role
from atrium.core.accounts.models import AuditEvent, User
from atrium.core.learning.demo import LEARNER_PASSWORD, LEARNERS, ORGANIZATION
from atrium.core.learning.models import Item, Progress, ProgressEvent, ProgressStatus, Track
from atrium.core.orgs.models import Membership
from atrium.core.seed import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, seed_demo

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


def test_atrium_seed_makes_accounts_and_memberships_through_the_audited_services() -> None:
    seeded = CliRunner().invoke(app, ["seed"])
    assert seeded.exit_code == 0, seeded.output
    events = AuditEvent.objects.filter(data__source="seed")
    kinds = Counter(events.values_list("kind", flat=True))
    learners = len(LEARNERS)
    assert kinds == {"registered": learners + 1, "org_created": 1, "member_joined": learners}
    assert {(e.ip_address, e.user_agent) for e in events} == {(None, "")}
    admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
    assert admin.is_superuser
    assert admin.check_password(DEMO_ADMIN_PASSWORD)
    for email, *_ in LEARNERS:
        learner = User.objects.get(email=email)
        assert learner.email_verified_at is not None
        assert learner.check_password(LEARNER_PASSWORD)
    owner = Membership.objects.get(organization__name=ORGANIZATION, role=Role.OWNER)
    assert owner.user == admin
    assert CliRunner().invoke(app, ["seed"]).exit_code == 0
    assert AuditEvent.objects.count() == events.count(), "a second seed changes nothing"
