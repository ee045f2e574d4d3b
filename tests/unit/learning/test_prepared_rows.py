"""Hot lists read through statements compiled once per shape (SQLite here; PostgreSQL in
``tests/integration/learning/test_prepared_postgres.py``)."""

from __future__ import annotations

import pytest

from tests.unit.learning.prepared_checks import run_checks

pytestmark = pytest.mark.django_db


def test_prepared_rows_read_what_the_queryset_reads() -> None:
    backend = run_checks()
    assert backend == {"datetime_kept": False}  # SQLite's adapter writes datetimes as text
