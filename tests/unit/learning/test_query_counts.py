"""Every list endpoint runs the same number of queries whatever the page size (SQLite)."""

from __future__ import annotations

import pytest

from tests.unit.learning.query_counts import LARGE, SMALL, measure

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6  # the caller (user, membership), the page, a prefetch: nothing per row


def test_list_endpoints_run_a_constant_number_of_queries() -> None:
    counts = measure()
    for endpoint, by_size in counts.items():
        assert by_size[SMALL] == by_size[LARGE], (endpoint, by_size)
        assert by_size[LARGE] <= MAX_QUERIES, (endpoint, by_size)
