"""Django's PostgreSQL backend, waiting for any reply from the server at most a deadline.

libpq bounds a new connection (``connect_timeout``) and the server cancels a slow query
(``statement_timeout``), but a server that accepts bytes and never answers (a frozen
process; its kernel still acknowledges them, so TCP keepalives see nothing wrong) would
hold a request forever. Here every wait of a connection ends after ``ANSWER_DEADLINE_S``
(the settings entry ``atrium.core.settings`` fills): the connection is closed and
:class:`psycopg.OperationalError` raised, which core answers with 503.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> psycopg.Connection[Any]:
        connection: psycopg.Connection[Any] = super().get_new_connection(conn_params)
        deadline_s = self.settings_dict.get("ANSWER_DEADLINE_S")
        if deadline_s:
            bound_replies(connection, deadline_s)
        return connection


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
