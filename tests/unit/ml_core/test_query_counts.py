"""The version list and batch predictions run a constant number of queries, whatever the size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from atrium.core.ml.services import registry
from atrium.ml.features import FEATURE_SCHEMA
from tests.unit.learning.conftest import call
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db
URL = "/api/v1/ml/models/completion"


def _queries(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    return len(captured)


def test_the_version_list_does_not_grow_with_the_versions(staff: dict[str, str]) -> None:
    def listing() -> object:
        return call(Client(), "GET", f"{URL}/versions", **staff)

    registry.promote(make_version(WORSE, baseline_auc=0.5))
    registry.promote(make_version(GOOD))  # a version with a previous one
    few = _queries(listing)
    for _ in range(8):
        make_version(WORSE)
    assert _queries(listing) == few
    assert few <= 3  # the caller, the versions with their previous ones


def test_batch_predictions_of_rows_do_not_grow_with_the_batch(staff: dict[str, str]) -> None:
    registry.promote(make_version(GOOD))
    row = dict.fromkeys(FEATURE_SCHEMA.names, 1.0)

    def batch(size: int) -> Callable[[], object]:
        return lambda: call(Client(), "POST", f"{URL}/predict", {"rows": [row] * size}, **staff)

    # SQLite takes 999 parameters a statement: 150 rows of 6 columns still fit in one insert.
    assert _queries(batch(5)) == _queries(batch(150))
