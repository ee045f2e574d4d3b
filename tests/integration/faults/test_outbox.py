"""Change events while the broker is down: kept in the outbox with their changes, then
delivered once each by beat's drain when the broker is back; a rolled-back change's event
never leaves.

The broker is a redis-server of the test's own, stopped and started by its PID. The worker
consumes only the ``default`` queue (where the drain runs), so the events stay in the
``ai`` queue to be counted.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing

import pytest

from tests.support.private_servers import PrivateRedis, private_root
from tests.support.processes import atrium, run_atrium, wait_until
from tests.support.services import require
from tests.support.stack import Stack

COMMITTED = [str(n) for n in range(1, 11)]
BATCH = [str(n) for n in range(100, 105)]
ROLLED_BACK = "999"

CHANGES = f"""
from django.db import transaction
from atrium.core.learning import events

for item_id in {COMMITTED!r}:
    with transaction.atomic():
        events.item_removed(int(item_id))
with transaction.atomic(), events.batched():
    for item_id in {BATCH!r}:
        events.item_removed(int(item_id))
try:
    with transaction.atomic():
        events.item_removed({ROLLED_BACK})
        raise RuntimeError("the change fails")
except RuntimeError:
    pass
"""


@pytest.fixture
def broker_and_stack() -> Iterator[tuple[PrivateRedis, Stack]]:
    root = private_root("atrium-outbox-")
    redis = PrivateRedis(root)
    require("redis-server", redis.start)
    stack = Stack(root / "stack", {"CELERY_BROKER_URL": redis.url, "OUTBOX_DRAIN_INTERVAL_S": "1"})
    try:
        stack.start("beat")
        stack.procs["worker"] = atrium(
            "worker", "worker", "--queues", "default", env=stack.env, logs=stack.var_dir / "logs"
        ).start()
        stack.worker_starts += 1
        yield redis, stack
    finally:
        stack.stop()
        redis.stop()
        shutil.rmtree(root, ignore_errors=True)


def _waiting_in_outbox(stack: Stack) -> int:
    with closing(sqlite3.connect(stack.var_dir / "core.sqlite3")) as db:
        return int(db.execute("SELECT COUNT(*) FROM outbox_outboxmessage").fetchone()[0])


def _queued_item_ids(redis: PrivateRedis) -> list[str]:
    """The ``item_id`` of every task message in the ``ai`` queue."""
    import redis as redis_client

    messages = redis_client.Redis.from_url(redis.url).lrange("ai", 0, -1)
    ids = []
    for raw in messages:
        envelope = json.loads(raw)
        args, _, _ = json.loads(base64.b64decode(envelope["body"]))
        ids.append(args[0]["item_id"])
    return ids


@pytest.mark.timeout(240)
def test_events_of_an_outage_are_kept_then_delivered_once(
    broker_and_stack: tuple[PrivateRedis, Stack],
) -> None:
    redis, stack = broker_and_stack
    stack.worker_ready()
    redis.stop()

    run_atrium("manage", "shell", "-c", CHANGES, env=stack.env)
    assert _waiting_in_outbox(stack) == len(COMMITTED) + len(BATCH)

    redis.start()
    wait_until(
        lambda: _waiting_in_outbox(stack) == 0, 90, "the outbox drained", [*stack.procs.values()]
    )
    delivered = Counter(_queued_item_ids(redis))
    assert delivered == Counter(COMMITTED + BATCH)
    assert ROLLED_BACK not in delivered
