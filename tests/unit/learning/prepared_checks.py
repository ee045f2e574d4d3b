"""Checks of :class:`~atrium.core.prepared.PreparedRows` on whatever database Django is set up
with: SQLite in the unit tests, PostgreSQL in the integration tests
(``tests.integration.learning.pg_prepared``).

Every read is compared with the same queryset read the ordinary way.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from atrium.core.learning.models import Item, Progress, ProgressStatus
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from atrium.core.orgs.models import Membership
from atrium.core.prepared import PreparedRows
from tests.support.auth import make_user, member_of
from tests.unit.learning.conftest import make_track

NEWEST_FIRST = ("-updated_at", "-pk")


def _ordinary(rows: PreparedRows, where: Q, order_by: tuple[str, ...]) -> list[dict[str, Any]]:
    return list(rows.rows.filter(where).order_by(*order_by)[:50])


def _read(rows: PreparedRows, where: Q, order_by: tuple[str, ...] = NEWEST_FIRST) -> list[Any]:
    """The rows read through the statement, checked against the ordinary read, in one query."""
    with CaptureQueriesContext(connection) as queries:
        found = rows.fetch(where, order_by=order_by, limit=50)
    assert len(queries) == 1, queries.captured_queries
    assert found == _ordinary(rows, where, order_by)
    return found


def _kept(rows: PreparedRows) -> list[bool]:
    return [statement is not None for statement in rows._statements.values()]


def run_checks() -> dict[str, bool]:
    """Asserts what holds on every database; returns what depends on the backend."""
    # The database may hold other tests' rows (PostgreSQL's is shared): names of its own.
    owner = make_user("prepared-owner@example.com")
    learner = make_user("prepared-learner@example.com")
    org = member_of(owner, "owner")
    member_of(learner, "member", org)
    tracks = [make_track("prepared-public"), make_track("prepared-own", org=org)]
    studied = Item.objects.filter(module__track__in=tracks).order_by("pk")
    for user in (owner, learner):
        for n, item in enumerate(studied):
            status = ProgressStatus.COMPLETED if (n + user.pk) % 2 else ProgressStatus.IN_PROGRESS
            put_progress(user_id=user.pk, item=item, update=ProgressUpdate(status=status))

    progress = PreparedRows(Progress.objects.values("id", "user_id", "item_id", "updated_at"))
    for user in (owner, learner, owner):  # one statement, each caller's values bound into it
        found = _read(progress, Q(user_id=user.pk) & Q(item__module__track__state="published"))
        assert found
        assert {row["user_id"] for row in found} == {user.pk}
    assert _kept(progress) == [True]

    items = PreparedRows(Item.objects.values("id", "organization_id", "title"))
    by_position = ("position", "pk")
    for organization_id in (None, org.pk):
        found = _read(items, Q(organization_id=organization_id), by_position)
        assert {row["organization_id"] for row in found} == {organization_id}
    assert _kept(items) == [True, True]  # None shapes the SQL (IS NULL): a statement of its own

    # A lookup that transforms its value is turned down once, then read the ordinary way.
    for title in ("prepared-own item", "PREPARED-PUBLIC ITEM"):
        assert _read(items, Q(title__icontains=title), by_position)
    assert _kept(items) == [True, True, False]

    # A subquery is not a value: read the ordinary way, no statement kept.
    members = Membership.objects.filter(organization=org).values("user_id")
    assert len(_read(progress, Q(user_id__in=members))) == 2 * studied.count()
    assert len(progress._statements) == 1

    # A list's values are bound one by one: a statement per length of the list.
    ids = list(studied.values_list("pk", flat=True))
    by_item = ("item_id", "pk")
    links = PreparedRows(Progress.objects.values("id", "item_id"))
    for chosen in (ids[:2], ids[1:3], [ids[0], ids[0]], ids[:3]):
        found = _read(links, Q(item_id__in=chosen), by_item)
        assert {row["item_id"] for row in found} == set(chosen)
    assert _kept(links) == [True, True]
    assert links.fetch(Q(item_id__in=[]), order_by=by_item, limit=None) == []  # without SQL
    assert _read(links, Q(item_id__in=[ids[0], None]), by_item)  # None: the ordinary way
    assert _kept(links) == [True, True, False]

    # A value Django answers without SQL, bound into a kept statement, finds nothing; one
    # beyond 64 bits (a forged cursor's) is read the ordinary way.
    assert _read(progress, Q(user_id=2**62) & Q(item__module__track__state="published")) == []
    assert _read(progress, Q(item_id__gt=2**62) | Q(item_id=1, pk__gt=2**70), by_item) == []

    # A cursor's position: a datetime, kept where the driver takes it as it is.
    newest = Progress.objects.filter(user=learner).order_by(*NEWEST_FIRST)[0]
    for moment in (newest.updated_at, newest.updated_at + timedelta(days=1)):
        after = Q(updated_at__lt=moment) | Q(updated_at=moment, pk__lt=newest.pk)
        assert _read(progress, Q(user_id=learner.pk) & after)
    naive = newest.updated_at.replace(tzinfo=None)  # Django places it in its time zone
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert _read(progress, Q(user_id=learner.pk) & Q(updated_at__lte=naive))
    return {"datetime_kept": _kept(progress)[-1]}
