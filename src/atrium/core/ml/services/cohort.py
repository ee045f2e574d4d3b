"""A simulated cohort written through the learning services, so every change is an event.

The numeric simulator (:mod:`atrium.ml.simulate`, which states its generative process)
returns activity on its own catalog, learners and organizations, numbered from 0 or 1.
This module makes them real: a published public track per simulated track, one user per
learner, one organization per simulated organization, and replays each activity as the
progress write it stands for (``put_progress``, dated at the activity's time).

Idempotent per ``prefix``: objects are found by slug or email, and a learner who already
has progress is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from atrium.common.tokens import Role
from atrium.core.accounts.models import User
from atrium.core.learning import events as change_events
from atrium.core.learning.models import SCORED_KINDS, Item, Module, Progress, Publication, Track
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from atrium.core.orgs.models import Membership, Organization
from atrium.ml.events import ActivityEvent, EventKind, ItemInfo
from atrium.ml.simulate import simulate_cohort, simulated_catalog

EMAIL_DOMAIN = "cohort.atrium.localhost"


@dataclass(frozen=True)
class CohortReport:
    learners: int
    written: int  # learners whose history was written now
    activities: int
    organizations: list[int]


@dataclass
class _Record:
    """One learner's progress on one item, as the replay has built it so far."""

    status: str = "not_started"
    score: int | None = None
    attempts: int = 0
    time_spent_s: int = 0
    scored: bool = False

    def apply(self, event: ActivityEvent) -> ProgressUpdate:
        if event.kind == EventKind.STARTED and self.status == "not_started":
            self.status = "in_progress"
        elif event.kind == EventKind.PROGRESS:
            self.time_spent_s += round(event.seconds_spent or 0)
        elif event.kind == EventKind.ATTEMPT:
            self.attempts += 1
            if self.scored and event.score is not None:
                self.score = max(0, min(100, round(event.score)))
        elif event.kind == EventKind.COMPLETED:
            self.status = "completed"
        return ProgressUpdate(
            status=self.status,
            score=self.score,
            attempts=self.attempts,
            time_spent_s=self.time_spent_s,
        )


@dataclass
class _Cohort:
    prefix: str
    items: dict[int, Item] = field(default_factory=dict)
    organizations: dict[int, Organization] = field(default_factory=dict)


def write_cohort(
    *,
    learners: int,
    days: int,
    items: int = 24,
    seed: int = 0,
    prefix: str = "sim",
    shift: Mapping[str, float] | None = None,
    on_learner: Callable[[int], None] | None = None,
) -> CohortReport:
    """Simulate ``learners`` over the ``days`` ending now and write their histories."""
    catalog = simulated_catalog(items, seed=seed)
    start = timezone.now() - timedelta(days=days)
    activity = simulate_cohort(learners, days, catalog, seed=seed, shift=shift, start=start)
    cohort = _Cohort(prefix)
    with transaction.atomic():
        cohort.items = _catalog(catalog, prefix)
    written = 0
    by_learner = groupby(
        sorted(activity, key=lambda a: (a.learner_id, a.at)), lambda a: a.learner_id
    )
    for learner, history in by_learner:
        written += _write_learner(cohort, learner, list(history))
        if on_learner is not None:
            on_learner(learner)
    orgs = sorted(org.pk for org in cohort.organizations.values())
    return CohortReport(learners, written, len(activity), orgs)


def _catalog(catalog: Sequence[ItemInfo], prefix: str) -> dict[int, Item]:
    tracks: dict[int, Module] = {}
    found: dict[int, Item] = {}
    for info in catalog:
        if info.track_id not in tracks:
            tracks[info.track_id] = _module(prefix, info.track_id)
        found[info.item_id], _ = Item.objects.get_or_create(
            organization=None,
            slug=f"{prefix}-item-{info.item_id}",
            defaults={
                "module": tracks[info.track_id],
                "kind": info.kind,
                "title": f"Simulated item {info.item_id}",
                "body": f"## Simulated item {info.item_id}\n\nA {info.kind} of difficulty "
                f"{info.difficulty} in a simulated cohort's catalog.",
                "difficulty": info.difficulty,
                "estimated_minutes": info.estimated_minutes or 10,
                "state": Publication.PUBLISHED,
                "position": info.item_id,
            },
        )
    for info in catalog:
        found[info.item_id].prerequisites.set([found[p] for p in info.prerequisite_ids])
    return found


def _module(prefix: str, track_id: int) -> Module:
    track, _ = Track.objects.get_or_create(
        organization=None,
        slug=f"{prefix}-track-{track_id}",
        defaults={
            "title": f"Simulated track {track_id}",
            "state": Publication.PUBLISHED,
            "position": 100 + track_id,
        },
    )
    module, _ = Module.objects.get_or_create(track=track, slug="all", defaults={"title": "All"})
    return module


def _write_learner(cohort: _Cohort, learner: int, history: list[ActivityEvent]) -> int:
    organization = _organization(cohort, history[0].organization_id or 0)
    user, _ = User.objects.get_or_create(
        email=f"{cohort.prefix}-{learner}@{EMAIL_DOMAIN}",
        defaults={"full_name": f"Simulated learner {learner}", "email_verified_at": timezone.now()},
    )
    Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": Role.MEMBER}
    )
    if Progress.objects.filter(user=user).exists():
        return 0
    records: dict[int, _Record] = {}
    with transaction.atomic(), change_events.batched():
        for event in history:
            item = cohort.items[event.item_id]
            record = records.setdefault(event.item_id, _Record(scored=item.kind in SCORED_KINDS))
            update = record.apply(event)
            put_progress(user_id=user.pk, item=item, update=update, actor_id=user.pk, at=event.at)
    return 1


def _organization(cohort: _Cohort, index: int) -> Organization:
    if index not in cohort.organizations:
        name = f"Simulated cohort {cohort.prefix} {index + 1}"
        cohort.organizations[index], _ = Organization.objects.get_or_create(name=name)
    return cohort.organizations[index]
