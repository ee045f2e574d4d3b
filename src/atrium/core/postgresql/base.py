"""Django's PostgreSQL backend, waiting for any reply from the server at most a deadline.

libpq bounds a new connection (``connect_timeout``) and the server cancels a slow query
(``statement_timeout``), but a server that accepts bytes and never answers (a frozen
process; its kernel still acknowledges them, so TCP keepalives see nothing wrong) would
hold a request forever. Here every wait of a connection ends after ``ANSWER_DEADLINE_S``
(the settings entry ``atrium.core.settings`` fills): the connection is closed and
:class:`psycopg.OperationalError` raised, which core answers with 503.

After a connection attempt fails, the process refuses new ones at once for one connect
timeout: while the database is away each process spends that wait on one request at a time,
and its other requests (and gunicorn's free workers for ``/healthz``) are not held by it.

Timestamps are parsed by psycopg's C loader: Django's own loader subclasses psycopg's
pure-Python one, and a page of rows spends most of its conversion time there.
"""

from __future__ import annotations

import time
from datetime import tzinfo
from functools import cache
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.abc import Loader
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.postgres.types["timestamptz"].oid


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> psycopg.Connection[Any]:
        CONNECTS.check()
        try:
            connection: psycopg.Connection[Any] = super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            CONNECTS.failed(conn_params.get("connect_timeout") or 0)
            raise
        deadline_s = self.settings_dict.get("ANSWER_DEADLINE_S")
        if deadline_s:
            bound_replies(connection, deadline_s)
        connection.adapters.register_loader("timestamptz", compiled_tz_loader(self.timezone))
        return connection


@cache
def compiled_tz_loader(tz: tzinfo | None) -> type[BaseTzLoader]:
    """Django's timestamptz loader (the value in ``tz``, as Django reads it), parsing with
    the loader psycopg registers itself: its C one when psycopg is built with it."""
    registered = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert registered is not None
    parser: type[Loader] = registered

    class CompiledTzLoader(BaseTzLoader):
        timezone = tz

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._parse = parser(oid, context).load

        def load(self, data: Any) -> Any:
            return self._parse(data).replace(tzinfo=self.timezone)

    return CompiledTzLoader


class ConnectBackoff:
    """This process's last failed connection attempt, and how long it answers for."""

    def __init__(self) -> None:
        self._refuse_until = 0.0

    def failed(self, for_s: float) -> None:
        self._refuse_until = time.monotonic() + for_s

    def check(self) -> None:
        left = self._refuse_until - time.monotonic()
        if left > 0:
            raise psycopg.OperationalError(
                f"the last connection attempt failed; the next one in {left:.1f} s"
            )


CONNECTS = ConnectBackoff()


def bound_replies(connection: psycopg.Connection[Any], deadline_s: float) -> None:
    """Make every wait of ``connection`` for the server give up after ``deadline_s``."""
    unbounded = connection.wait

    def wait(gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        try:
            return unbounded(gen, interval, deadline_s if timeout is None else timeout)
        except psycopg.errors._WaitTimeout as exc:
            connection.pgconn.finish()  # mid-exchange: the connection cannot be reused
            raise psycopg.OperationalError(
                f"the database did not answer within {deadline_s:g} s"
            ) from exc

    connection.wait = wait  # type: ignore[method-assign]
