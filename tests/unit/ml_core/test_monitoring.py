"""The daily snapshot: PSI against the training reference, accuracy of matured predictions."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.test import Client
from django.utils import timezone

from atrium.core.learning.models import Item, ItemKind
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from atrium.core.ml.models import ModelVersion, MonitoringSnapshot, PredictionLog
from atrium.core.ml.services import registry
from atrium.core.ml.tasks import monitor
from atrium.ml.features import FEATURE_SCHEMA
from tests.support.auth import make_user, member_of
from tests.unit.learning.conftest import call, make_track
from tests.unit.ml_core.factories import GOOD, holdout, make_version

pytestmark = pytest.mark.django_db
SHIFTED = FEATURE_SCHEMA.names[3]


def _log(version: ModelVersion, X: np.ndarray, **fields: object) -> None:
    PredictionLog.objects.bulk_create(
        PredictionLog(model_version=version, features=row.tolist(), probability=0.5, **fields)
        for row in X
    )


@pytest.fixture
def production() -> ModelVersion:
    version = make_version(GOOD)
    registry.promote(version)
    return version


def test_inputs_like_the_training_data_do_not_drift(production: ModelVersion) -> None:
    X, _ = holdout(rows=300, seed=7)
    _log(production, X)
    [report] = monitor(retrain_on_drift=False)
    snapshot = MonitoringSnapshot.objects.get()
    assert report["drifted"] == snapshot.drifted == []
    assert snapshot.inputs == 300
    assert max(snapshot.psi.values()) < 0.1, snapshot.psi


def test_one_shifted_feature_is_flagged_and_starts_a_retraining(production: ModelVersion) -> None:
    X, _ = holdout(rows=300, seed=7)
    X[:, 3] += 1.5
    _log(production, X)
    [report] = monitor(retrain_on_drift=True)
    snapshot = MonitoringSnapshot.objects.get()
    assert snapshot.drifted == [SHIFTED]
    assert snapshot.psi[SHIFTED] > 0.2
    assert report["retrain_job"] == str(snapshot.retrain_job)


def test_too_few_inputs_give_no_psi(production: ModelVersion) -> None:
    X, _ = holdout(rows=10)
    _log(production, X)
    monitor(retrain_on_drift=False)
    assert MonitoringSnapshot.objects.get().psi == {}


def test_accuracy_is_measured_once_outcomes_are_known(production: ModelVersion) -> None:
    learner = make_user("learner@example.com")
    member_of(learner, "member")
    items = list(Item.objects.filter(module__track=make_track("m", items=6, kind=ItemKind.LESSON)))
    asked = timezone.now() - timedelta(days=20)
    for n, item in enumerate(items):
        put_progress(user_id=learner.pk, item=item, update=ProgressUpdate(status="in_progress"))
        done = n < 3  # the first three completed within the horizon, the model said so
        if done:
            update = ProgressUpdate(status="completed")
            put_progress(user_id=learner.pk, item=item, update=update, at=asked + timedelta(days=3))
        PredictionLog.objects.create(
            model_version=production,
            learner_id=learner.pk,
            item_id=item.pk,
            features=[0.0] * len(FEATURE_SCHEMA.names),
            probability=0.9 if done else 0.1 + n / 100,
            predicted_at=asked,
        )
    monitor(retrain_on_drift=False)
    snapshot = MonitoringSnapshot.objects.get()
    assert snapshot.outcomes_known == 6
    assert snapshot.roc_auc == 1.0
    squared_errors = [0.1**2] * 3 + [0.13**2, 0.14**2, 0.15**2]
    assert snapshot.brier == pytest.approx(sum(squared_errors) / 6, abs=1e-4)


def test_the_report_and_the_metrics_show_the_snapshots(
    production: ModelVersion, staff: dict[str, str]
) -> None:
    X, _ = holdout(rows=300, seed=7)
    X[:, 3] += 1.5
    _log(production, X)
    monitor(retrain_on_drift=False)
    response = call(Client(), "GET", "/api/v1/ml/monitoring", **staff)
    assert response.status_code == 200
    [model] = response.json()
    assert (model["version"], model["drift_threshold"]) == (production.version, 0.2)
    assert model["snapshots"][0]["drifted"] == [SHIFTED]
    scraped = Client().get("/metrics").content.decode()
    assert f'atrium_ml_feature_psi{{feature="{SHIFTED}",model="completion",version="1"}}' in scraped
