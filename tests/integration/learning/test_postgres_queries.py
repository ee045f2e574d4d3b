"""The list endpoints' query counts and prepared reads hold on PostgreSQL too (each measured
in a subprocess set up for it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.unit.learning.query_counts import LARGE, SMALL
from tests.unit.learning.test_query_counts import MAX_QUERIES


def on_postgresql(check: str, pg_env: dict[str, str]) -> Any:
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.learning.on_database", check],
        env={**os.environ, **pg_env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["vendor"] == "postgresql"
    return measured["result"]


def test_list_endpoints_run_a_constant_number_of_queries_on_postgresql(
    pg_env: dict[str, str],
) -> None:
    counts = on_postgresql("tests.unit.learning.query_counts:measure", pg_env)
    assert set(counts) >= {"tracks", "items", "modules", "progress", "events"}
    for endpoint, by_size in counts.items():
        assert by_size[str(SMALL)] == by_size[str(LARGE)], (endpoint, by_size)
        assert by_size[str(LARGE)] <= MAX_QUERIES, (endpoint, by_size)


def test_prepared_rows_read_what_the_queryset_reads_on_postgresql(
    pg_env: dict[str, str],
) -> None:
    backend = on_postgresql("tests.unit.learning.prepared_checks:run_checks", pg_env)
    assert backend == {"datetime_kept": True}  # psycopg takes a datetime as it is


def test_core_reads_are_prepared_on_the_server_unless_turned_off(
    pg_env: dict[str, str],
) -> None:
    check = "tests.integration.learning.server_statements:prepared_progress_reads"
    assert on_postgresql(check, pg_env) == 1
    turned_off = pg_env | {"DATABASE_PREPARED_STATEMENTS": "false"}
    assert on_postgresql(check, turned_off) == 0
