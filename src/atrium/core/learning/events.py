"""Change events for the AI side, sent by task name on the ``ai`` queue after commit.

Core never imports the AI code: it names the tasks and sends each one payload, a JSON
object, as the task's single argument (``atrium.ai.tasks`` documents the same shapes).

* ``atrium.ai.tasks.index_item``: ``item_id``, ``organization_id`` (None for the public
  catalog), ``kind``, ``tags``, ``title``, ``summary``, ``body``, ``updated_at``. Sent when
  a published item (in a published track) is created or changed.
* ``atrium.ai.tasks.remove_item``: ``item_id``. Sent when an item is deleted or stops
  being published.
* ``atrium.ai.tasks.progress_changed``: ``user_id``, ``item_id``, ``organization_id``,
  ``status``, ``score``, ``attempts``, ``time_spent_s``, ``version``, ``changes``,
  ``updated_at``.
* ``atrium.ai.tasks.remove_user``: ``user_id``. Sent when an account is deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

import structlog
from django.db import transaction

from atrium.core.learning.models import Item, Progress, Publication

INDEX_ITEM = "atrium.ai.tasks.index_item"
REMOVE_ITEM = "atrium.ai.tasks.remove_item"
PROGRESS_CHANGED = "atrium.ai.tasks.progress_changed"
REMOVE_USER = "atrium.ai.tasks.remove_user"
QUEUE = "ai"

log = structlog.get_logger(__name__)


Message = tuple[str, dict[str, Any]]
_batch: ContextVar[list[Message] | None] = ContextVar("learning_event_batch", default=None)


def _send(messages: list[Message]) -> None:
    """Publish over one broker connection. The changes are committed already: an event
    that cannot be sent is logged, never raised into the request that made it."""
    from atrium.tasks import celery_app

    with celery_app.producer_or_acquire() as producer:
        for task, payload in messages:
            try:
                celery_app.send_task(
                    task,
                    args=[payload],
                    queue=QUEUE,
                    producer=producer,
                    retry=True,
                    retry_policy={"max_retries": 2},
                )
            except Exception as exc:
                log.warning("change event not sent", task=task, error=str(exc), **payload)


def enqueue(task: str, payload: dict[str, Any]) -> None:
    """Send ``task`` once the current transaction commits (at once outside one)."""
    batch = _batch.get()
    if batch is not None:
        batch.append((task, payload))
    else:
        transaction.on_commit(partial(_send, [(task, payload)]))


@contextmanager
def batched() -> Iterator[None]:
    """Collect a bulk change's events and send them together when it commits.

    Use it inside the one transaction that makes the whole change (``atomic`` around
    it): the batch is handed to ``on_commit`` when the block ends without an error, so
    a rollback sends nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("batched() belongs inside the transaction that makes the change")
    messages: list[Message] = []
    token = _batch.set(messages)
    try:
        yield
    finally:
        _batch.reset(token)
    transaction.on_commit(partial(_send, messages))


def is_indexable(item: Item) -> bool:
    return item.state == Publication.PUBLISHED and item.module.track.state == Publication.PUBLISHED


def item_payload(item: Item) -> dict[str, Any]:
    return {
        "item_id": item.pk,
        "organization_id": item.organization_id,
        "kind": item.kind,
        "tags": list(item.tags),
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "updated_at": item.updated_at.isoformat(),
    }


def item_changed(item: Item) -> None:
    if is_indexable(item):
        enqueue(INDEX_ITEM, item_payload(item))
    else:
        enqueue(REMOVE_ITEM, {"item_id": item.pk})


def item_removed(item_id: int) -> None:
    enqueue(REMOVE_ITEM, {"item_id": item_id})


def progress_changed(progress: Progress, changes: dict[str, Any]) -> None:
    enqueue(
        PROGRESS_CHANGED,
        {
            "user_id": progress.user_id,
            "item_id": progress.item_id,
            "organization_id": progress.item.organization_id,
            "status": progress.status,
            "score": progress.score,
            "attempts": progress.attempts,
            "time_spent_s": progress.time_spent_s,
            "version": progress.version,
            "changes": changes,
            "updated_at": progress.updated_at.isoformat(),
        },
    )


def user_removed(user_id: int) -> None:
    enqueue(REMOVE_USER, {"user_id": user_id})
