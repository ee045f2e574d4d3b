"""What the numeric code learns from: progress events and the catalog, read as plain rows.

A progress record's events (each holds the whole state after its change) are diffed into
:class:`~atrium.ml.events.ActivityEvent` rows by :func:`atrium.ml.events.events_from_states`.
A learner's organization is the scope's, or their oldest membership's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from typing import Any

from atrium.core.learning.models import Item, ProgressEvent
from atrium.core.orgs.models import Membership
from atrium.ml.events import ActivityEvent, ItemInfo, events_from_states


def learners_in(organization_id: int | None) -> set[int] | None:
    """The learners of an organization, or None for everyone."""
    if organization_id is None:
        return None
    return set(
        Membership.objects.filter(organization_id=organization_id).values_list("user_id", flat=True)
    )


def with_peers(learner_ids: set[int]) -> set[int]:
    """The learners and everyone who shares an organization with them (their pace's peers)."""
    orgs = Membership.objects.filter(user_id__in=learner_ids).values("organization_id")
    peers = Membership.objects.filter(organization_id__in=orgs).values_list("user_id", flat=True)
    return learner_ids | set(peers)


def load_items() -> list[ItemInfo]:
    """Every item of the catalog with its prerequisites: two queries."""
    prerequisites: dict[int, list[int]] = {}
    through = Item.prerequisites.through.objects.values_list("from_item_id", "to_item_id")
    for item_id, required_id in through:
        prerequisites.setdefault(item_id, []).append(required_id)
    rows = Item.objects.values_list(
        "pk", "module__track_id", "kind", "difficulty", "estimated_minutes"
    )
    return [
        ItemInfo(
            item_id=pk,
            track_id=track_id,
            kind=kind,
            difficulty=difficulty,
            prerequisite_ids=tuple(sorted(prerequisites.get(pk, ()))),
            estimated_minutes=minutes,
        )
        for pk, track_id, kind, difficulty, minutes in rows
    ]


def load_events(
    *,
    organization_id: int | None = None,
    learner_ids: Iterable[int] | None = None,
    before: datetime | None = None,
) -> list[ActivityEvent]:
    """The activity of a scope (or of some learners), oldest first: two queries."""
    events = ProgressEvent.objects.order_by("progress_id", "version")
    scope = learners_in(organization_id)
    if learner_ids is not None:
        chosen = set(learner_ids)
        scope = chosen if scope is None else scope & chosen
    if scope is not None:
        events = events.filter(progress__user_id__in=scope)
    if before is not None:
        events = events.filter(at__lt=before)
    orgs = _organization_of(scope, organization_id)
    rows = events.values_list("progress__user_id", "progress__item_id", "at", "state")
    found: list[ActivityEvent] = []
    for (user_id, item_id), states in groupby(rows.iterator(chunk_size=5000), key=_record):
        found += events_from_states(
            learner_id=user_id,
            item_id=item_id,
            organization_id=orgs.get(user_id),
            states=((at, state) for _, _, at, state in states),
        )
    found.sort(key=lambda event: event.at)
    return found


def _record(row: tuple[int, int, datetime, dict[str, Any]]) -> tuple[int, int]:
    return row[0], row[1]


def _organization_of(scope: set[int] | None, organization_id: int | None) -> dict[int, int]:
    memberships = Membership.objects.order_by("-joined_at", "-pk")
    if scope is not None:
        memberships = memberships.filter(user_id__in=scope)
    # Newest first, so the dict keeps each learner's oldest membership.
    orgs = dict(memberships.values_list("user_id", "organization_id"))
    if organization_id is not None:
        return dict.fromkeys(orgs, organization_id)
    return orgs
