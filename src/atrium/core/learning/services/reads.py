"""Progress and items as the API shows them, read as plain rows.

A page of progress or of items is the hottest read in the domain: selecting the columns
it shows, with the parent's columns joined in, and validating plain dicts costs a
fraction of building model instances (three per progress row, an item and its module and
every prerequisite per item row).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F, Q

from atrium.core.learning.models import Item, Progress
from atrium.core.prepared import PreparedRows

OWN_COLUMNS = (
    "id",
    "user_id",
    "item_id",
    "status",
    "score",
    "attempts",
    "time_spent_s",
    "checklist",
    "started_at",
    "completed_at",
    "version",
    "created_at",
    "updated_at",
)
JOINED = {
    "item_slug": F("item__slug"),
    "item_title": F("item__title"),
    "item_kind": F("item__kind"),
    "track_id": F("item__module__track_id"),
}


# Pages are read through statements compiled once per shape of their filter.
PROGRESS_ROWS = PreparedRows(Progress.objects.values(*OWN_COLUMNS, **JOINED))


def progress_row(progress: Progress) -> dict[str, Any]:
    """The same shape for one record already in hand (its item loaded)."""
    row = {name: getattr(progress, name) for name in OWN_COLUMNS}
    item = progress.item
    row.update(
        item_slug=item.slug,
        item_title=item.title,
        item_kind=item.kind,
        track_id=item.module.track_id,
    )
    return row


ITEM_COLUMNS = (
    "id",
    "slug",
    "kind",
    "title",
    "summary",
    "body",
    "tags",
    "difficulty",
    "estimated_minutes",
    "state",
    "position",
    "module_id",
    "organization_id",
    "created_at",
    "updated_at",
)


ITEM_ROWS = PreparedRows(Item.objects.values(*ITEM_COLUMNS, track_id=F("module__track_id")))


PREREQUISITE_ROWS = PreparedRows(
    Item.prerequisites.through.objects.values("from_item_id", "to_item_id")
)


def with_prerequisites(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's ``prerequisite_ids``, sorted: one query on the link table for the page."""
    ids: dict[int, list[int]] = defaultdict(list)
    if rows:
        page = Q(from_item_id__in=[row["id"] for row in rows])
        for link in PREREQUISITE_ROWS.fetch(page, order_by=("to_item_id",), limit=None):
            ids[link["from_item_id"]].append(link["to_item_id"])
    for row in rows:
        row["prerequisite_ids"] = ids[row["id"]]
    return rows


def item_row(item: Item) -> dict[str, Any]:
    """The same shape for one item already in hand."""
    row = {name: getattr(item, name) for name in ITEM_COLUMNS}
    row["track_id"] = item.module.track_id
    row["prerequisite_ids"] = sorted(p.pk for p in item.prerequisites.all())
    return row
