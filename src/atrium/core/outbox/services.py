"""The transactional outbox: task messages that must not be lost when the broker is down.

``add`` writes the messages in the caller's transaction, so they exist exactly when the
change they describe does (a rollback drops both), and publishes them once it commits.
What the broker does not take stays in the table; ``drain``, run by beat every
``OUTBOX_DRAIN_INTERVAL_S``, sends it oldest first when the broker is back. A message is
deleted once published. A sender first claims the messages it publishes (one conditional
UPDATE), so concurrent senders never publish one message twice; a sender that dies
mid-way leaves its claim, and the messages go again after ``CLAIM_LEASE``, with the same
task ids: delivery is at least once, and the consumers are idempotent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import structlog
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from atrium.common.health import describe
from atrium.common.telemetry import carried_context, resumed_context
from atrium.core.outbox.models import OutboxMessage

log = structlog.get_logger(__name__)

# A message younger than this is left to the publish its own commit started.
DRAIN_AFTER = timedelta(seconds=5)
DRAIN_BATCH = 500
# A claim older than this is a dead sender's.
CLAIM_LEASE = timedelta(minutes=1)


@dataclass(frozen=True)
class Message:
    task: str
    queue: str
    payload: dict[str, Any]


def add(messages: Sequence[Message]) -> None:
    """Write ``messages`` in the current transaction; publish them once it commits."""
    if not messages:
        return
    carried = carried_context()
    rows = [
        OutboxMessage(task=m.task, queue=m.queue, payload=m.payload, context=carried)
        for m in messages
    ]
    OutboxMessage.objects.bulk_create(rows)
    transaction.on_commit(partial(publish, [row.task_id for row in rows]))


def publish(task_ids: Sequence[Any]) -> int:
    """Send the messages with these ids now; the ones the broker refuses wait for ``drain``."""
    return _send(_claim(OutboxMessage.objects.filter(task_id__in=task_ids), len(task_ids)))


def drain(batch: int = DRAIN_BATCH) -> int:
    """Send what earlier publishes could not, oldest first, until none is left or the
    broker refuses one; the number sent."""
    total = 0
    while True:
        due = OutboxMessage.objects.filter(created_at__lt=timezone.now() - DRAIN_AFTER)
        sent = _send(_claim(due, batch))
        total += sent
        if sent < batch:
            return total


def waiting() -> int:
    return OutboxMessage.objects.count()


def _claim(candidates: QuerySet[OutboxMessage], limit: int) -> list[OutboxMessage]:
    """The first ``limit`` candidates no other sender holds, now this sender's alone."""
    claim, now = uuid.uuid4(), timezone.now()
    free = Q(claim__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    ids = list(candidates.filter(free).order_by("id").values_list("id", flat=True)[:limit])
    # The condition is checked again as each row is written: of two senders, one wins it.
    OutboxMessage.objects.filter(free, pk__in=ids).update(claim=claim, claimed_at=now)
    return list(OutboxMessage.objects.filter(claim=claim).order_by("id"))


def _send(rows: list[OutboxMessage]) -> int:
    """Publish ``rows`` in order, stopping at the first refusal (the broker is down: the
    rest would fail too, and the next drain keeps the order)."""
    from atrium.tasks import celery_app

    sent: list[int] = []
    try:
        with celery_app.producer_or_acquire() as producer:
            for row in rows:
                with resumed_context(row.context):  # a drain publishes in the change's trace
                    celery_app.send_task(
                        row.task,
                        args=[row.payload],
                        queue=row.queue,
                        task_id=str(row.task_id),
                        producer=producer,
                        retry=False,
                    )
                sent.append(row.pk)
    except Exception as exc:  # whatever the transport raises, the rest stays for drain
        log.warning(
            "outbox messages kept for later", waiting=len(rows) - len(sent), error=describe(exc)
        )
    finally:
        OutboxMessage.objects.filter(pk__in=sent).delete()
        unsent = [row.pk for row in rows[len(sent) :]]
        OutboxMessage.objects.filter(pk__in=unsent).update(claim=None, claimed_at=None)
    return len(sent)
