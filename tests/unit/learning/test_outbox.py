"""The outbox on the real SQLite broker: what a drain sends, in order, and only once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from celery import signals
from django.db import transaction
from django.utils import timezone
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from atrium.common.events import ItemRemoved
from atrium.common.request_id import bound_request_id
from atrium.core.outbox import services
from atrium.core.outbox.models import OutboxMessage
from atrium.core.outbox.services import Message
from atrium.tasks.telemetry import REQUEST_ID_HEADER
from tests.unit.learning.conftest import Sent


def _waiting(*item_ids: str) -> None:
    """Messages an earlier publish could not send, old enough for a drain."""
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            task=ItemRemoved.task,
            queue="ai",
            payload={"item_id": item_id},
            created_at=timezone.now() - services.DRAIN_AFTER - timedelta(seconds=1),
        )
        for item_id in item_ids
    )


@pytest.mark.django_db(transaction=True)
def test_a_drain_sends_what_waits_oldest_first_and_deletes_it(
    ai_queue: Callable[[], Sent],
) -> None:
    _waiting("1", "2", "3")
    assert services.drain() == 3
    assert [payload["item_id"] for _, payload in ai_queue()] == ["1", "2", "3"]
    assert services.waiting() == 0
    assert services.drain() == 0


@pytest.mark.django_db(transaction=True)
def test_a_message_claimed_by_one_sender_is_not_sent_by_another(
    ai_queue: Callable[[], Sent],
) -> None:
    _waiting("1", "2")
    held = services._claim(OutboxMessage.objects.all(), 10)
    assert [row.payload["item_id"] for row in held] == ["1", "2"]
    assert services.drain() == 0, "a second sender finds nothing free"
    assert ai_queue() == []

    OutboxMessage.objects.update(claimed_at=timezone.now() - services.CLAIM_LEASE * 2)
    assert services.drain() == 2, "a dead sender's claim lapses"


@pytest.mark.django_db(transaction=True)
def test_messages_are_kept_only_when_their_transaction_commits(
    ai_queue: Callable[[], Sent],
) -> None:
    message = Message(ItemRemoved.task, "ai", {"item_id": "7"})

    def change_then_fail() -> None:
        with transaction.atomic():
            services.add([message])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert services.waiting() == 0
    with transaction.atomic():
        services.add([message])
        assert services.waiting() == 1, "written with the change"
    assert ai_queue() == [(ItemRemoved.task, {"item_id": "7"})]
    assert services.waiting() == 0, "published after the commit, then deleted"


@pytest.mark.django_db(transaction=True)
def test_a_drained_message_is_published_in_its_changes_trace_and_request(
    ai_queue: Callable[[], Sent], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message the broker did not take at commit goes later, from beat's drain: its
    publish still belongs to the change's trace and carries the change's request id."""
    change = SpanContext(
        trace_id=0x4BF92F3577B34DA6A3CE929D0E0E4736,
        span_id=0x00F067AA0BA902B7,
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    monkeypatch.setattr(services, "publish", lambda task_ids: 0)  # the broker is down
    with (
        trace.use_span(NonRecordingSpan(change)),
        bound_request_id("change-request"),
        transaction.atomic(),
    ):
        services.add([Message(ItemRemoved.task, "ai", {"item_id": "9"})])
    OutboxMessage.objects.update(created_at=timezone.now() - services.DRAIN_AFTER * 2)
    published: list[tuple[int, str | None]] = []

    def note(headers: dict[str, Any], **_: Any) -> None:
        trace_id = trace.get_current_span().get_span_context().trace_id
        published.append((trace_id, headers.get(REQUEST_ID_HEADER)))

    signals.before_task_publish.connect(note, weak=False)
    try:
        assert services.drain() == 1  # later, in no request and no trace
    finally:
        signals.before_task_publish.disconnect(note)
    assert published == [(change.trace_id, "change-request")]
    assert ai_queue() == [(ItemRemoved.task, {"item_id": "9"})]
