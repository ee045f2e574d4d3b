"""How long core, api and the workers wait for their databases and Redis.

A stopped server refuses the connection at once; a frozen one (a stopped process, a paused
machine) accepts bytes and never answers, and only a client-side deadline ends the wait.
Each driver gets the settings' deadlines in its own words here:

* connect: ``DATABASE_CONNECT_TIMEOUT_S`` for a new connection, the handshake included;
* statement: ``DATABASE_STATEMENT_TIMEOUT_S``, after which the server cancels a query;
* answer: the statement timeout plus :data:`GRACE_S`, after which the client stops waiting
  for any reply (the server's own cancel answers first whenever the server still runs);
* Redis: ``REDIS_TIMEOUT_S`` to connect and for each command.

What each feature does when its server fails is in docs/operations.md ("Faults survived").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from atrium.config import Settings, get_settings

GRACE_S = 2.0


def lift_statement_limit() -> None:
    """For maintenance in this process (migrations, rebuilding an index over every row),
    which may rightly run for minutes: no statement deadline from here on, on the server or
    the client. The connect deadline stays. Call it before the first connection."""
    get_settings().database_statement_timeout_s = 0


@dataclass(frozen=True)
class DatabaseDeadlines:
    connect_s: float
    statement_s: float  # 0: no limit, on the server or on the client

    @classmethod
    def of(cls, settings: Settings) -> DatabaseDeadlines:
        return cls(settings.database_connect_timeout_s, settings.database_statement_timeout_s)

    @property
    def answer_s(self) -> float | None:
        """How long the client waits for any reply; None when statements are unlimited."""
        return self.statement_s + GRACE_S if self.statement_s else None

    def libpq(self) -> dict[str, Any]:
        """PostgreSQL connection parameters (psycopg); the answer deadline is the backend's
        (``atrium.core.postgresql``), as libpq has no read timeout."""
        options: dict[str, Any] = {
            "connect_timeout": max(1, round(self.connect_s)),
            # A dead peer or a cut network ends an idle pooled connection within ~40 s.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
        if self.answer_s:
            options["options"] = f"-c statement_timeout={round(self.statement_s * 1000)}"
            # Bytes the peer's kernel never acknowledges (a machine gone) fail the socket.
            options["tcp_user_timeout"] = round(self.answer_s * 1000)
        return options

    def mysql(self) -> dict[str, Any]:
        """MariaDB/MySQL connection options (mysqlclient and PyMySQL take the same names)."""
        options: dict[str, Any] = {"connect_timeout": max(1, round(self.connect_s))}
        if self.answer_s:
            options["read_timeout"] = options["write_timeout"] = round(self.answer_s)
        return options

    def asyncpg(self) -> dict[str, Any]:
        """``connect_args`` for SQLAlchemy's asyncpg dialect: asyncpg times every command."""
        args: dict[str, Any] = {"timeout": self.connect_s}
        if self.answer_s:
            args["command_timeout"] = self.answer_s
            args["server_settings"] = {"statement_timeout": str(round(self.statement_s * 1000))}
        return args


class RedisTimeouts(TypedDict):
    socket_connect_timeout: float
    socket_timeout: float


def redis_timeouts(settings: Settings) -> RedisTimeouts:
    """Keyword arguments for a redis-py client (or a pool) made from a URL."""
    return RedisTimeouts(
        socket_connect_timeout=settings.redis_timeout_s, socket_timeout=settings.redis_timeout_s
    )
