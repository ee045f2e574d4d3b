"""libSQL (Turso) under the AI store's async engine.

``libsql`` is Turso's DB-API driver: synchronous and shaped like ``sqlite3``. SQLAlchemy's
aiosqlite adaptation already runs such a connection on a thread of its own and awaits each
call; here that thread opens a libsql connection instead of a sqlite3 one, so the SQLite
dialect, Alembic's batch migrations and the store's queries run unchanged.

``AI_DATABASE_URL`` takes three forms (the token is ``AI_DATABASE_AUTH_TOKEN``, never the URL):

- ``sqlite+libsql:///var/ai.db``: a local file.
- ``sqlite+libsql:///var/ai.db?sync_url=libsql://db-org.turso.io&sync_interval=60``: an
  embedded replica. Reads are served from the local file, writes go to the primary, and the
  file is brought up to date when a connection opens and every ``sync_interval`` seconds.
- ``libsql://db-org.turso.io``: remote, every statement a round trip to the primary.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import aiosqlite
import libsql
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from atrium.config import get_settings

LOCAL_SCHEME = "sqlite+libsql"
REMOTE_SCHEME = "libsql"


class SQLiteDialect_aiolibsql(SQLiteDialect_aiosqlite):
    driver = "aiolibsql"
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> AsyncAdapt_aiosqlite_dbapi:
        dbapi = super().import_dbapi()
        # libsql binds bytes, not sqlite3's memoryview (the adapter copies sqlite3.Binary)
        dbapi.Binary = bytes  # type: ignore[attr-defined]
        return dbapi

    def on_connect(self) -> None:  # type: ignore[override]
        """No ``regexp``/``floor`` SQL functions: libsql cannot register Python functions."""
        return None


registry.register("sqlite.aiolibsql", __name__, SQLiteDialect_aiolibsql.__name__)


def is_libsql_url(url: str) -> bool:
    return make_url(url).drivername in (LOCAL_SCHEME, REMOTE_SCHEME)


@contextmanager
def _as_sqlite_errors() -> Iterator[None]:
    """libsql raises ``ValueError`` for every database error; SQLAlchemy maps only the
    DB-API's classes (to ``IntegrityError``, ``OperationalError``), so raise sqlite3's."""
    try:
        yield
    except (ValueError, libsql.Error) as exc:
        kind = (
            sqlite3.IntegrityError if "constraint failed" in str(exc) else sqlite3.OperationalError
        )
        raise kind(str(exc)) from exc


class _Cursor:
    def __init__(self, cursor: libsql.Cursor) -> None:
        self._cursor = cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def execute(self, *args: Any) -> _Cursor:
        with _as_sqlite_errors():
            self._cursor.execute(*args)
        return self

    def executemany(self, *args: Any) -> _Cursor:
        with _as_sqlite_errors():
            self._cursor.executemany(*args)
        return self


class _Connection:
    """A libsql connection whose errors are sqlite3's (the rest passes through)."""

    def __init__(self, connection: libsql.Connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._connection.isolation_level = value

    def cursor(self) -> _Cursor:
        return _Cursor(self._connection.cursor())

    def execute(self, *args: Any) -> _Cursor:
        return self.cursor().execute(*args)

    def commit(self) -> None:
        with _as_sqlite_errors():
            self._connection.commit()


@dataclass(frozen=True)
class LibsqlTarget:
    """What ``libsql.connect`` opens for one ``AI_DATABASE_URL``."""

    database: str
    sync_url: str | None = None
    sync_interval: float | None = None

    @classmethod
    def from_url(cls, url: str) -> LibsqlTarget:
        parsed = make_url(url)
        if parsed.drivername == REMOTE_SCHEME:
            return cls(database=url)
        interval = parsed.query.get("sync_interval")
        sync_url = parsed.query.get("sync_url")
        return cls(
            database=parsed.database or ":memory:",
            sync_url=str(sync_url) if sync_url else None,
            sync_interval=float(str(interval)) if interval else None,
        )

    def connect(self, auth_token: str) -> _Connection:
        """Runs on the connection's own thread, where every later call on it runs too."""
        options: dict[str, Any] = {"timeout": 20.0, "auth_token": auth_token}
        if self.sync_url:
            options.update(sync_url=self.sync_url, sync_interval=self.sync_interval)
        connection = libsql.connect(self.database, **options)
        if self.sync_url:
            connection.sync()
        return _Connection(connection)


def build_libsql_engine(url: str) -> AsyncEngine:
    target = LibsqlTarget.from_url(url)
    token = get_settings().ai_database_auth_token
    opener = partial(target.connect, token.get_secret_value() if token else "")

    async def connect() -> aiosqlite.Connection:
        # aiosqlite expects a sqlite3 connection; it only calls what _Connection provides.
        return await aiosqlite.Connection(opener, iter_chunk_size=64)  # type: ignore[arg-type]

    return create_async_engine(
        "sqlite+aiolibsql://", async_creator=connect, poolclass=AsyncAdaptedQueuePool
    )
