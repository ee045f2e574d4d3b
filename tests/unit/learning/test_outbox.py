"""The outbox on the real SQLite broker: what a drain sends, in order, and only once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from atrium.common.events import ItemRemoved
from atrium.core.outbox import services
from atrium.core.outbox.models import OutboxMessage
from atrium.core.outbox.services import Message
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
