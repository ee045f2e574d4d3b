"""Change events for the AI side, sent by task name on the ``ai`` queue after commit.

Each event is written to the outbox (``atrium.core.outbox``) in the transaction of its
change, so a broker outage delays events and loses none.

Core never imports the AI code: each event is a model of ``atrium.common.events`` (its
task name and shape, read by the worker with the same model), sent as one JSON object.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction

from atrium.common.events import (
    QUEUE,
    ChangeEvent,
    ItemChanged,
    ItemRemoved,
    ProgressChanged,
    UserRemoved,
)
from atrium.core.learning.models import Item, Progress, Publication
from atrium.core.outbox import services as outbox
from atrium.core.outbox.services import Message

_batch: ContextVar[list[ChangeEvent] | None] = ContextVar("learning_event_batch", default=None)


def _record(events: list[ChangeEvent]) -> None:
    """Write the events to the outbox in the current transaction: they are sent after it
    commits, or later by beat's drain while the broker is down (never dropped)."""
    outbox.add([Message(event.task, QUEUE, event.model_dump(mode="json")) for event in events])


def enqueue(event: ChangeEvent) -> None:
    """Record ``event`` with the current transaction's change (at once outside one)."""
    batch = _batch.get()
    if batch is not None:
        batch.append(event)
    else:
        _record([event])


@contextmanager
def batched() -> Iterator[None]:
    """Collect a bulk change's events and record them together at the end of the block.

    Use it inside the one transaction that makes the whole change (``atomic`` around
    it): the events are written when the block ends without an error, so a rollback
    keeps and sends nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("batched() belongs inside the transaction that makes the change")
    events: list[ChangeEvent] = []
    token = _batch.set(events)
    try:
        yield
    finally:
        _batch.reset(token)
    _record(events)


def is_indexable(item: Item) -> bool:
    return item.state == Publication.PUBLISHED and item.module.track.state == Publication.PUBLISHED


def item_event(item: Item) -> ItemChanged | ItemRemoved:
    if not is_indexable(item):
        return ItemRemoved(item_id=str(item.pk))
    return ItemChanged(
        item_id=str(item.pk),
        organization_id=item.organization_id,
        kind=item.kind,
        tags=list(item.tags),
        title=item.title,
        summary=item.summary,
        body=item.body,
        updated_at=item.updated_at,
    )


def progress_event(progress: Progress, changes: dict[str, list[Any]]) -> ProgressChanged:
    return ProgressChanged(
        user_id=progress.user_id,
        item_id=str(progress.item_id),
        organization_id=progress.item.organization_id,
        status=progress.status,
        score=progress.score,
        attempts=progress.attempts,
        time_spent_s=progress.time_spent_s,
        version=progress.version,
        changes=changes,
        updated_at=progress.updated_at,
    )


def item_changed(item: Item) -> None:
    enqueue(item_event(item))


def item_removed(item_id: int) -> None:
    enqueue(ItemRemoved(item_id=str(item_id)))


def progress_changed(progress: Progress, changes: dict[str, list[Any]]) -> None:
    enqueue(progress_event(progress, changes))


def user_removed(user_id: int) -> None:
    enqueue(UserRemoved(user_id=user_id))
