"""What PostgreSQL holds for core's hot reads after a few requests, for
``test_postgres_queries`` (run through ``on_database``)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from atrium.core.learning.services.reads import PROGRESS_ROWS
from tests.support.auth import make_user


def prepared_progress_reads() -> int:
    """How many statements of this connection PostgreSQL holds prepared that read progress,
    after the same list was read three times."""
    learner = make_user("server-statements@example.com")
    for _ in range(3):
        PROGRESS_ROWS.fetch(Q(user_id=learner.pk), order_by=("-updated_at", "-pk"), limit=51)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return sum("learning_progress" in statement for (statement,) in cursor.fetchall())
