"""The AI store's engines and declarative base.

Each process makes its engine once where it starts: api in ``atrium.api.deps``, a Celery
task or a CLI command with ``atrium.ai.vectors.vector_store_scope``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from atrium.common.deadlines import DatabaseDeadlines
from atrium.config import get_settings
from atrium.store.libsql import build_libsql_engine, is_libsql_url

POOL_TIMEOUT_S = 5.0


class Base(DeclarativeBase):
    pass


def build_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if is_libsql_url(url):
        # libSQL keeps its own write-ahead log (an embedded replica syncs it): no WAL pragma.
        engine = build_libsql_engine(url)
        event.listen(engine.sync_engine, "connect", _LIBSQL_PRAGMAS)
        return engine
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": 20})
        event.listen(engine.sync_engine, "connect", _SQLITE_PRAGMAS)
        return engine
    # asyncpg times every command, so a frozen server fails a request like a stopped one;
    # a request waits at most POOL_TIMEOUT_S for a connection from a pool exhausted by them.
    return create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args=DatabaseDeadlines.of(get_settings()).asyncpg(),
    )


def _pragmas(*statements: str) -> Callable[[Any, object], None]:
    def run(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        for statement in statements:
            cursor.execute(statement)
        cursor.close()

    return run


_SQLITE_PRAGMAS = _pragmas(
    "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"
)
_LIBSQL_PRAGMAS = _pragmas("PRAGMA foreign_keys=ON")
