"""``GET /api/v1/ml/models``: each model with the version that serves it."""

from __future__ import annotations

import pytest
from django.test import Client

from atrium.core.ml.services import registry
from tests.unit.learning.conftest import call
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db


def test_the_production_version_is_listed_with_its_metrics_and_predecessor(
    staff: dict[str, str],
) -> None:
    first = make_version(WORSE, baseline_auc=0.0)
    registry.promote(first)
    registry.promote(make_version(GOOD, baseline_auc=0.0))
    response = call(Client(), "GET", "/api/v1/ml/models", **staff)
    assert response.status_code == 200, response.content
    [model] = response.json()
    assert model["versions"] == 2
    production = model["production"]
    assert (production["version"], production["stage"]) == (2, "production")
    assert production["previous_version"] == first.version
    assert production["metrics"]["roc_auc"] == 0.8
