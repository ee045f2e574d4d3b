"""The list endpoints' query counts hold on PostgreSQL too (measured in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.unit.learning.query_counts import LARGE, SMALL
from tests.unit.learning.test_query_counts import MAX_QUERIES


def test_list_endpoints_run_a_constant_number_of_queries_on_postgresql(
    pg_env: dict[str, str],
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.learning.pg_query_counts"],
        env={**os.environ, **pg_env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["vendor"] == "postgresql"
    assert set(measured["counts"]) >= {"tracks", "items", "modules", "progress", "events"}
    for endpoint, by_size in measured["counts"].items():
        assert by_size[str(SMALL)] == by_size[str(LARGE)], (endpoint, by_size)
        assert by_size[str(LARGE)] <= MAX_QUERIES, (endpoint, by_size)
