"""The embedded broker through kombu's public API: leases, acks, requeues and fanout."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from queue import Empty
from typing import cast

import pytest
from kombu import Connection, Exchange, Queue
from kombu.message import Message

from atrium.tasks import broker

broker.register()
Connect = Callable[..., Connection]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'broker.sqlite3'}"


@pytest.fixture
def connect(url: str) -> Iterator[Connect]:
    opened: list[Connection] = []

    def open_one(visibility_timeout: float = 30.0) -> Connection:
        conn = Connection(url, transport_options={"visibility_timeout": visibility_timeout})
        opened.append(conn)
        return conn

    yield open_one
    for conn in opened:
        conn.release()


def put(conn: Connection, body: object, queue: str = "work") -> None:
    target = Queue(queue, Exchange(queue), routing_key=queue)
    with conn.Producer() as producer:
        producer.publish(body, exchange=target.exchange, routing_key=queue, declare=[target])


def take(conn: Connection, queue: str = "work", no_ack: bool = False) -> Message:
    return conn.SimpleQueue(queue, no_ack=no_ack).get(timeout=0.5)


def channel(conn: Connection) -> broker.Channel:
    return cast(broker.Channel, conn.default_channel)


def test_a_message_is_delivered_once_and_gone_after_its_ack(connect: Connect) -> None:
    producer, first, second = connect(), connect(), connect()
    put(producer, {"n": 1})
    message = take(first)
    assert message.payload == {"n": 1}
    with pytest.raises(Empty):
        take(second)
    message.ack()
    assert channel(first)._size("work") == 0


def test_an_unacked_message_comes_back_when_its_lease_ends(connect: Connect) -> None:
    producer, dead, heir = connect(), connect(visibility_timeout=0.3), connect()
    put(producer, {"n": 2})
    taken = take(dead)
    assert taken.payload == {"n": 2}
    time.sleep(0.4)  # the consumer is gone without acking: its lease runs out
    again = take(heir)
    assert again.payload == {"n": 2}
    again.ack()
    assert channel(heir)._size("work") == 0


def test_a_held_lease_is_renewed_while_its_consumer_polls(connect: Connect) -> None:
    producer, holder, other = connect(), connect(visibility_timeout=2.0), connect()
    put(producer, {"n": 3})
    held = holder.SimpleQueue("work")
    assert held.get(timeout=0.5).payload == {"n": 3}
    for _ in range(6):  # 3 s in all: polling renews the 2 s lease well before it ends
        time.sleep(0.5)
        with suppress(TimeoutError):
            holder.drain_events(timeout=0.01)
    with pytest.raises(Empty):
        take(other)


def test_a_rejected_message_is_requeued_or_dropped(connect: Connect) -> None:
    producer, consumer = connect(), connect()
    put(producer, "again")
    take(consumer).requeue()
    dropped = take(consumer)
    assert dropped.payload == "again"
    dropped.reject()
    assert channel(consumer)._size("work") == 0


def test_a_broadcast_reaches_every_bound_queue_in_other_connections(connect: Connect) -> None:
    fanout = Exchange("control", type="fanout")
    listeners = [connect(), connect()]
    queues = [Queue(f"node{i}.control", fanout) for i in range(2)]
    for conn, queue in zip(listeners, queues, strict=True):
        queue(conn.default_channel).declare()
    with connect().Producer() as producer:
        producer.publish({"ping": True}, exchange=fanout, declare=[fanout])
    for conn, queue in zip(listeners, queues, strict=True):
        message = conn.SimpleQueue(queue.name, no_ack=True).get(timeout=0.5)
        assert message.payload == {"ping": True}
        assert channel(conn)._size(queue.name) == 0  # read without ack: gone


def test_the_oldest_message_age_is_reported(connect: Connect) -> None:
    conn = connect()
    assert channel(conn).oldest_age("work") is None
    put(conn, 1)
    time.sleep(0.05)
    assert 0.05 <= channel(conn).oldest_age("work") < 5
