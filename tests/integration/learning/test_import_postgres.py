"""`atrium catalog import` on PostgreSQL with RabbitMQ: all or nothing, then idempotent, and
each created item's change event waits on the real `ai` queue."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from kombu import Connection

from tests.support.processes import BIN
from tests.support.services import create_rabbitmq_vhost
from tests.unit.learning.catalog_files import catalog_rows, write_csv

ROWS = 1000


def import_file(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "atrium"), "catalog", "import", str(path)],
        env={**os.environ, **env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def public_items(database_url: str) -> int:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM learning_item WHERE organization_id IS NULL"
        ).fetchone()
    return int(row[0]) if row else 0


def ai_messages(amqp_url: str) -> int:
    with Connection(amqp_url) as connection:
        queue = connection.SimpleQueue("ai")
        try:
            return int(queue.qsize())
        finally:
            queue.close()


@pytest.fixture
def own_vhost(amqp_url: str) -> Iterator[str]:
    """A vhost of this test's, so only its own messages are counted."""
    url, drop = create_rabbitmq_vhost()
    yield url
    drop()


def test_a_bad_row_changes_nothing_then_the_fixed_file_imports_once(
    pg_env: dict[str, str], own_vhost: str, tmp_path: Path
) -> None:
    env = {**pg_env, "CELERY_BROKER_URL": own_vhost}
    database = pg_env["DATABASE_URL"]
    before = public_items(database)
    rows = catalog_rows(ROWS)
    rows[700]["estimated_minutes"] = "about an hour"
    bad = import_file(write_csv(tmp_path / "catalog.csv", rows), env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "row 701" in bad.stderr, bad.stderr
    assert "estimated_minutes" in bad.stderr
    assert public_items(database) == before
    assert ai_messages(own_vhost) == 0

    rows[700]["estimated_minutes"] = 60
    path = write_csv(tmp_path / "catalog.csv", rows)
    first = import_file(path, env)
    assert first.returncode == 0, first.stderr
    assert "Imported." in first.stderr
    assert public_items(database) == before + ROWS
    assert ai_messages(own_vhost) == ROWS

    again = import_file(path, env)
    assert again.returncode == 0, again.stderr
    assert "Nothing changed." in again.stderr
    assert public_items(database) == before + ROWS
    assert ai_messages(own_vhost) == ROWS, "an import that changes nothing sends nothing"
