"""What health asks of Celery: is the broker there, which workers answer, how deep each queue is.

None of it waits behind work. Workers answer a remote-control ping from their consumer
loop (the same broadcast ``celery inspect ping`` sends), not from a task queue, so a
worker busy with a backlog still answers in milliseconds. Queue depths are read from the
broker without taking a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amqp.exceptions import NotFound
from kombu import Connection

from atrium.tasks.app import celery_app
from atrium.tasks.routing import QUEUE_NAMES


@dataclass(frozen=True)
class QueueDepth:
    waiting: int
    # Seconds the oldest message has waited, where the broker can tell without taking it
    # (the embedded broker can; RabbitMQ and Redis keep no such time).
    oldest_s: float | None = None


def connect(timeout_s: float) -> Connection:
    """A broker connection that gives up after ``timeout_s`` rather than retrying."""
    conn = celery_app.connection_for_write(connect_timeout=timeout_s)
    conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, interval_max=0)
    return conn


def queue_depths(conn: Connection) -> dict[str, QueueDepth]:
    channel: Any = conn.channel()
    depths = {}
    missing: tuple[type[BaseException], ...] = (NotFound, *conn.channel_errors)
    try:
        for name in QUEUE_NAMES:
            try:
                waiting = channel.queue_declare(name, passive=True).message_count
            except missing:  # no worker has declared it yet
                channel = conn.channel()
                depths[name] = QueueDepth(0)
                continue
            oldest = getattr(channel, "oldest_age", None)
            depths[name] = QueueDepth(waiting, oldest(name) if oldest else None)
    finally:
        channel.close()
    return depths


def ping_workers(conn: Connection, timeout_s: float) -> list[str]:
    """Names of the workers that answered: the first answer ends the wait."""
    replies = celery_app.control.ping(timeout=timeout_s, limit=1, connection=conn)
    return sorted(name for reply in replies or () for name in reply)
