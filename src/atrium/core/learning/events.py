"""Change events for the AI side, sent by task name on the ``ai`` queue after commit.

Core never imports the AI code: each event is a model of ``atrium.common.events`` (its
task name and shape, read by the worker with the same model), sent as one JSON object.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

import structlog
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

log = structlog.get_logger(__name__)


_batch: ContextVar[list[ChangeEvent] | None] = ContextVar("learning_event_batch", default=None)


def _send(events: list[ChangeEvent]) -> None:
    """Publish over one broker connection. The changes are committed already: an event
    that cannot be sent is logged, never raised into the request that made it."""
    from atrium.tasks import celery_app

    with celery_app.producer_or_acquire() as producer:
        for event in events:
            payload = event.model_dump(mode="json")
            try:
                celery_app.send_task(
                    event.task,
                    args=[payload],
                    queue=QUEUE,
                    producer=producer,
                    retry=True,
                    retry_policy={"max_retries": 2},
                )
            except Exception as exc:
                log.warning("change event not sent", task=event.task, error=str(exc), **payload)


def enqueue(event: ChangeEvent) -> None:
    """Send ``event`` once the current transaction commits (at once outside one)."""
    batch = _batch.get()
    if batch is not None:
        batch.append(event)
    else:
        transaction.on_commit(partial(_send, [event]))


@contextmanager
def batched() -> Iterator[None]:
    """Collect a bulk change's events and send them together when it commits.

    Use it inside the one transaction that makes the whole change (``atomic`` around
    it): the batch is handed to ``on_commit`` when the block ends without an error, so
    a rollback sends nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("batched() belongs inside the transaction that makes the change")
    events: list[ChangeEvent] = []
    token = _batch.set(events)
    try:
        yield
    finally:
        _batch.reset(token)
    transaction.on_commit(partial(_send, events))


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
