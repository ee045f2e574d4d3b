"""The demo catalog and learners for a laptop (``atrium seed``; ``make dev`` loads it).

Idempotent: the catalog is imported by slug, learners are created once, and a learner
who already has progress is left alone. Accounts, the organization and its memberships are
made by the same services the API calls, so each is in the audit log.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from atrium.common.tokens import Role
from atrium.core.accounts.models import User
from atrium.core.accounts.services import create_account
from atrium.core.audit_context import AuditContext
from atrium.core.learning import events
from atrium.core.learning.models import SCORED_KINDS, Item, Progress, ProgressStatus, Publication
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.importer import import_catalog
from atrium.core.learning.services.progress import put_progress
from atrium.core.orgs.models import Organization
from atrium.core.orgs.services import add_member, create_organization, membership_for

CATALOG = Path(__file__).parent / "data" / "demo_catalog.json"
ORGANIZATION = "Northwind Security Team"
LEARNER_PASSWORD = "atrium-demo-learner"  # noqa: S105 - demo data, refused when ATRIUM_ENV=prod
# (email, name, how far through the catalog they got, how many days they have been active)
LEARNERS = (
    ("ada@atrium.localhost", "Ada Park", 0.8, 21),
    ("grace@atrium.localhost", "Grace Obi", 0.5, 12),
    ("linus@atrium.localhost", "Linus Berg", 0.3, 30),
    ("margaret@atrium.localhost", "Margaret Ruiz", 0.15, 5),
    ("ken@atrium.localhost", "Ken Ito", 0.05, 2),
    ("new@atrium.localhost", "Noor Haddad", 0.0, 0),
)


def _learner(email: str, name: str, org: Organization, audit: AuditContext) -> User:
    user = User.objects.filter(email=email).first() or create_account(
        audit=audit, email=email, password=LEARNER_PASSWORD, full_name=name, verified=True
    )
    _join(org, user, Role.MEMBER, audit)
    return user


def _join(org: Organization, user: User, role: Role, audit: AuditContext) -> None:
    if membership_for(user, org.pk) is None:
        add_member(org, user, role, audit=audit)


def _organization(owner: User, audit: AuditContext) -> Organization:
    org = Organization.objects.filter(name=ORGANIZATION).order_by("pk").first()
    if org is None:
        return create_organization(owner, ORGANIZATION, audit=audit).organization
    _join(org, owner, Role.OWNER, audit)
    return org


def _walk(user: User, items: list[Item], share: float, days: int) -> None:
    """Work through the first ``share`` of ``items`` over ``days`` days, ending today."""
    rng = random.Random(user.email)  # noqa: S311 - the same demo every time
    count = int(len(items) * share)
    start = timezone.now() - timedelta(days=days)
    for n, item in enumerate(items[:count]):
        day = start + timedelta(days=days * n / max(count, 1), minutes=rng.randint(0, 600))
        minutes = max(1, int(item.estimated_minutes * rng.uniform(0.6, 1.6)))
        unfinished = n == count - 1 or rng.random() < 0.12
        status = ProgressStatus.IN_PROGRESS if unfinished else ProgressStatus.COMPLETED
        score = rng.randint(55, 100) if item.kind in SCORED_KINDS and not unfinished else None
        update = ProgressUpdate(
            status=status, score=score, attempts=rng.randint(1, 3), time_spent_s=minutes * 60
        )
        put_progress(user_id=user.pk, item=item, update=update, actor_id=user.pk, at=day)


def seed_learning(owner: User, *, audit: AuditContext) -> Iterator[str]:
    report = import_catalog(path=CATALOG)
    slugs = [track["slug"] for track in json.loads(CATALOG.read_text())["tracks"]]
    catalog = list(
        Item.objects.filter(organization__isnull=True, module__track__slug__in=slugs)
        .filter(state=Publication.PUBLISHED)
        .select_related("module__track")
        .order_by("module__track__position", "module__position", "position")
    )
    state = "imported" if report.changed else "unchanged"
    items, tracks = report.in_file("item"), report.in_file("track")
    yield f"demo catalog: {items} items in {tracks} tracks ({state})"
    org = _organization(owner, audit)
    with transaction.atomic(), events.batched():
        for email, name, share, days in LEARNERS:
            user = _learner(email, name, org, audit)
            if not Progress.objects.filter(user=user).exists():
                _walk(user, catalog, share, days)
    yield f"demo learners in {ORGANIZATION!r}: {', '.join(e for e, *_ in LEARNERS)}"
    yield f"  password for each: {LEARNER_PASSWORD}"
