"""The embedded broker: a kombu transport over one SQLite file, for machines with no server.

``sqlite:///var/broker.sqlite3`` (the default ``CELERY_BROKER_URL``) selects it. It keeps
what Celery relies on from a real broker:

- Acks late. Taking a message leases it for ``visibility_timeout`` seconds instead of
  deleting it; the ack deletes it. The consumer renews the leases of the messages it
  holds while it lives, so a long task is never handed out twice, and a consumer killed
  with SIGKILL stops renewing: its messages become visible again when their lease ends
  (Redis's transport restores unacked messages by the same visibility timeout).
- Fanout and direct exchanges across processes. Bindings live in the database, so a
  remote-control broadcast (``celery inspect ping``) reaches every worker and its reply
  reaches the caller's reply queue.
- Speed. SQLite in WAL mode: readers never wait for the writer, and an empty poll is a
  read. Taking a message is one conditional UPDATE, retried if another consumer won.
  An idle consumer polls every ``polling_interval`` seconds (0.1 by default); right after
  a message it polls within milliseconds, and not at all while messages are waiting.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
from typing import Any, cast

from kombu.transport import TRANSPORT_ALIASES, virtual
from kombu.utils.json import dumps, loads

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    tag TEXT NOT NULL,
    payload TEXT NOT NULL,
    sent_at REAL NOT NULL,
    visible_at REAL NOT NULL,
    expires_at REAL
);
CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue, visible_at, id);
CREATE INDEX IF NOT EXISTS messages_tag ON messages (tag);
CREATE TABLE IF NOT EXISTS bindings (
    exchange TEXT NOT NULL,
    routing_key TEXT NOT NULL,
    pattern TEXT NOT NULL,
    queue TEXT NOT NULL,
    PRIMARY KEY (exchange, routing_key, queue)
);
CREATE TABLE IF NOT EXISTS queues (name TEXT PRIMARY KEY);
"""

# A broadcast (remote control) lands in the queue of every worker ever bound, the dead
# ones included; it is worthless after a minute, so it expires rather than piles up.
FANOUT_TTL_S = 60.0


def open_wal(path: str, busy_timeout_s: float = 30.0, **options: Any) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode: readers never wait for the one writer.

    WAL with NORMAL sync survives a process crash; only a power loss may drop the last
    commits, which is the embedded default's bargain. The results database of the
    embedded default is opened this way too (``atrium.tasks.app``).
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout_s, check_same_thread=False, **options)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


class Database:
    """One connection to the broker file, shared by a channel's threads under a lock."""

    def __init__(self, path: str, busy_timeout_s: float) -> None:
        self._lock = threading.Lock()
        self._conn = open_wal(path, busy_timeout_s, isolation_level=None)
        self._conn.executescript(SCHEMA)

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            yield self._conn.cursor()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class QoS(virtual.QoS):
    """Acks and rejects act on the leased rows; nothing is copied back into the queue."""

    channel: Channel

    def ack(self, delivery_tag: str) -> None:
        self.channel.forget(delivery_tag)
        super().ack(delivery_tag)

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        if requeue:
            self.channel.release([delivery_tag])
        else:
            self.channel.forget(delivery_tag)
        super().ack(delivery_tag)  # the row is settled: only the bookkeeping is left

    def restore_unacked(self) -> None:
        self.channel.release(self.held_tags())
        if self._delivered is not None:
            self._delivered.clear()

    def held_tags(self) -> list[str]:
        settled = self._dirty or set()
        return [tag for tag in self._delivered or () if tag not in settled]


class Channel(virtual.Channel):
    QoS = QoS
    supports_fanout = True
    visibility_timeout: float = 30.0
    busy_timeout: float = 30.0
    from_transport_options = (
        *virtual.Channel.from_transport_options,
        "visibility_timeout",
        "busy_timeout",
    )

    def __init__(self, connection: Any, **kwargs: Any) -> None:
        super().__init__(connection, **kwargs)
        path = connection.client.virtual_host or "broker.sqlite3"
        self.db = Database(path, self.busy_timeout)
        self._renewed_at = time.monotonic()
        # Queues read without acks (remote control, replies): a message taken is gone.
        self._no_ack_queues: set[str] = set()

    def basic_consume(self, queue: str, no_ack: bool, *args: Any, **kwargs: Any) -> Any:
        if no_ack:
            self._no_ack_queues.add(queue)
        return super().basic_consume(queue, no_ack, *args, **kwargs)

    def basic_get(self, queue: str, no_ack: bool = False, **kwargs: Any) -> Any:
        if no_ack:
            self._no_ack_queues.add(queue)
        return super().basic_get(queue, no_ack, **kwargs)

    # Queues and bindings

    def _new_queue(self, queue: str, **kwargs: Any) -> None:
        with self.db.cursor() as cur:
            cur.execute("INSERT OR IGNORE INTO queues (name) VALUES (?)", (queue,))

    def _has_queue(self, queue: str, **kwargs: Any) -> bool:
        with self.db.cursor() as cur:
            row = cur.execute("SELECT 1 FROM queues WHERE name = ?", (queue,)).fetchone()
        return row is not None

    def _queue_bind(self, exchange: str, routing_key: str, pattern: str, queue: str) -> None:
        with self.db.cursor() as cur:
            cur.execute(
                "INSERT OR IGNORE INTO bindings VALUES (?, ?, ?, ?)",
                (exchange, routing_key or "", pattern or "", queue),
            )

    def get_table(self, exchange: str) -> list[tuple[str, str, str]]:
        with self.db.cursor() as cur:
            rows = cur.execute(
                "SELECT routing_key, pattern, queue FROM bindings WHERE exchange = ?", (exchange,)
            ).fetchall()
        return [tuple(row) for row in rows]

    def _delete(self, queue: str, *args: Any, **kwargs: Any) -> None:
        with self.db.cursor() as cur:
            cur.execute("DELETE FROM bindings WHERE queue = ?", (queue,))
            cur.execute("DELETE FROM messages WHERE queue = ?", (queue,))
            cur.execute("DELETE FROM queues WHERE name = ?", (queue,))

    # Messages

    def _put(self, queue: str, message: dict[str, Any], **kwargs: Any) -> None:
        self._insert([queue], message, expires_at=None)

    def _put_fanout(
        self, exchange: str, message: dict[str, Any], routing_key: str, **kwargs: Any
    ) -> None:
        now = time.time()
        queues = [queue for _, _, queue in self.get_table(exchange)]
        with self.db.cursor() as cur:
            cur.execute("DELETE FROM messages WHERE expires_at < ?", (now,))
        self._insert(queues, message, expires_at=now + FANOUT_TTL_S)

    def _insert(self, queues: list[str], message: dict[str, Any], expires_at: float | None) -> None:
        now = time.time()
        rows = []
        for copy, queue in enumerate(queues):
            # Every copy gets its own delivery tag, so acking one copy acks only that one.
            if copy:
                message["properties"]["delivery_tag"] = self._next_delivery_tag()
            tag = message["properties"]["delivery_tag"]
            rows.append((queue, tag, dumps(message), now, now, expires_at))
        with self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO messages (queue, tag, payload, sent_at, visible_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def _get(self, queue: str, timeout: float | None = None) -> dict[str, Any]:
        """Lease the oldest visible message: a read finds it, a conditional UPDATE takes it."""
        while True:
            now = time.time()
            with self.db.cursor() as cur:
                row = cur.execute(
                    "SELECT id, payload FROM messages WHERE queue = ? AND visible_at <= ?"
                    " AND (expires_at IS NULL OR expires_at > ?) ORDER BY id LIMIT 1",
                    (queue, now, now),
                ).fetchone()
                if row is None:
                    raise Empty()
                if queue in self._no_ack_queues:
                    taken = cur.execute(
                        "DELETE FROM messages WHERE id = ? AND visible_at <= ?", (row[0], now)
                    ).rowcount
                else:
                    taken = cur.execute(
                        "UPDATE messages SET visible_at = ? WHERE id = ? AND visible_at <= ?",
                        (now + self.visibility_timeout, row[0], now),
                    ).rowcount
            if taken:
                return loads(row[1])

    def _size(self, queue: str) -> int:
        with self.db.cursor() as cur:
            row = cur.execute("SELECT COUNT(*) FROM messages WHERE queue = ?", (queue,)).fetchone()
        return int(row[0])

    def _purge(self, queue: str) -> int:
        with self.db.cursor() as cur:
            return cur.execute(
                "DELETE FROM messages WHERE queue = ? AND visible_at <= ?", (queue, time.time())
            ).rowcount

    def oldest_age(self, queue: str) -> float | None:
        """Seconds the oldest message of ``queue`` has waited, or None when it is empty."""
        with self.db.cursor() as cur:
            row = cur.execute(
                "SELECT MIN(sent_at) FROM messages WHERE queue = ?", (queue,)
            ).fetchone()
        return None if row[0] is None else max(0.0, time.time() - row[0])

    # Leases

    def forget(self, tag: str) -> None:
        with self.db.cursor() as cur:
            cur.execute("DELETE FROM messages WHERE tag = ?", (tag,))

    def release(self, tags: list[str]) -> None:
        self._set_visible(tags, time.time())

    def _set_visible(self, tags: list[str], at: float) -> None:
        if not tags:
            return
        marks = ",".join("?" * len(tags))
        with self.db.cursor() as cur:
            cur.execute(f"UPDATE messages SET visible_at = ? WHERE tag IN ({marks})", (at, *tags))  # noqa: S608

    def drain_events(self, timeout: float | None = None, callback: Any = None) -> Any:
        self._renew_leases()
        return super().drain_events(timeout=timeout, callback=callback)

    def _renew_leases(self) -> None:
        """Push the held messages' lease forward, a third of a timeout before it ends."""
        if time.monotonic() - self._renewed_at < self.visibility_timeout / 3:
            return
        self._renewed_at = time.monotonic()
        held = cast(QoS, self.qos).held_tags()
        self._set_visible(held, time.time() + self.visibility_timeout)

    def close(self) -> None:
        super().close()
        self.db.close()


class Transport(virtual.Transport):
    Channel = Channel
    #: The longest pause between two empty polls; right after a message, polls are closer.
    polling_interval = 0.1
    #: The first pause after a message: a worker whose slots are full polls again this soon,
    #: so the next task starts within milliseconds of the last one's ack.
    min_polling_interval = 0.002
    driver_type = "sqlite"
    driver_name = "sqlite3"
    connection_errors = (*virtual.Transport.connection_errors, sqlite3.OperationalError)
    channel_errors = (*virtual.Transport.channel_errors, sqlite3.DatabaseError)
    implements = virtual.Transport.implements.extend(
        asynchronous=False, exchange_type=frozenset(["direct", "topic", "fanout"])
    )

    def __init__(self, client: Any, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self._pause = self.min_polling_interval

    def drain_events(self, connection: Any, timeout: float | None = None, **_: Any) -> None:
        """Deliver one message; between empty polls, pause longer the longer it stays quiet."""
        started, cycle = time.monotonic(), self.cycle
        assert cycle is not None
        while True:
            try:
                cycle.get(self._deliver, timeout=timeout)
            except Empty:
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise TimeoutError() from None
                time.sleep(self._pause)
                self._pause = min(self._pause * 1.5, self.polling_interval)
            else:
                self._pause = self.min_polling_interval
                return

    @property
    def default_connection_params(self) -> dict[str, Any]:
        return {}  # a file, not a host: no default host for kombu to warn about

    def driver_version(self) -> str:
        return sqlite3.sqlite_version


def register() -> None:
    """Make ``sqlite://`` broker URLs resolve to this transport in this process, and
    ``redis://`` ones to Redis with leases (``atrium.tasks.redis_broker``)."""
    TRANSPORT_ALIASES["sqlite"] = f"{__name__}:Transport"
    for scheme in ("redis", "rediss"):
        TRANSPORT_ALIASES[scheme] = "atrium.tasks.redis_broker:Transport"
