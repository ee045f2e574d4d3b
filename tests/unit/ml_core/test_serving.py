"""Serving: the artifact checksum, the feature-schema checks, metrics and the log."""

from __future__ import annotations

import pytest
from django.test import Client

from atrium.common.storage import get_object_store
from atrium.core.ml import metrics
from atrium.core.ml.models import ModelVersion, PredictionLog
from atrium.core.ml.services import registry, scorers
from atrium.ml.features import FEATURE_SCHEMA
from tests.unit.learning.conftest import call
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db
URL = "/api/v1/ml/models/completion"
ROW = dict.fromkeys(FEATURE_SCHEMA.names, 0.5)


def _corrupt(version: ModelVersion) -> None:
    """Damage the stored bytes the way a disk or a bad copy would (the key is immutable)."""
    store = get_object_store()
    store.delete(version.artifact_uri)
    store.put(store.key_of(version.artifact_uri), b"not the model any more")


def _refusals(version: ModelVersion) -> float:
    sample = metrics.ARTIFACTS_REFUSED.labels(model=version.name, version=str(version.version))
    return sample._value.get()


def _predict_rows(auth: dict[str, str], rows: list[dict[str, float]]) -> object:
    return call(Client(), "POST", f"{URL}/predict", {"rows": rows}, **auth)


def test_a_corrupted_artifact_is_refused_and_the_previous_version_keeps_serving(
    staff: dict[str, str],
) -> None:
    first = make_version(WORSE, baseline_auc=0.5)
    registry.promote(first)
    second = make_version(GOOD)
    registry.promote(second)
    _corrupt(second)
    scorers.forget_scorers()  # a process that loads production after the damage
    before = _refusals(second)
    served = _predict_rows(staff, [ROW])
    assert served.status_code == 200, served.content
    assert served.json()["version"] == first.version
    assert _refusals(second) == before + 1
    again = _predict_rows(staff, [ROW])  # the refusal is remembered: storage is not read again
    assert again.json()["version"] == first.version
    assert _refusals(second) == before + 1
    second.refresh_from_db()
    assert second.stage == "production"  # refused to load, not silently replaced


def test_a_corrupted_candidate_is_never_promoted(staff: dict[str, str]) -> None:
    candidate = make_version(GOOD)
    _corrupt(candidate)
    response = call(Client(), "POST", f"{URL}/versions/{candidate.version}/promote", **staff)
    assert response.status_code == 409
    assert "sha256" in response.json()["detail"]
    assert "not loaded" in response.json()["detail"]
    candidate.refresh_from_db()
    assert candidate.stage == "candidate"


def test_rows_must_carry_exactly_the_models_features(staff: dict[str, str]) -> None:
    registry.promote(make_version(GOOD))
    row = {name: 0.5 for name in FEATURE_SCHEMA.names if name != "item_difficulty"}
    row["shoe_size"] = 43.0
    response = _predict_rows(staff, [ROW, row])
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("rows[1]")
    assert "missing item_difficulty" in detail
    assert "unexpected shoe_size" in detail
    assert not PredictionLog.objects.exists()


def test_a_model_trained_on_other_features_is_a_409_naming_them(staff: dict[str, str]) -> None:
    from tests.support.auth import make_user, member_of
    from tests.unit.learning.conftest import make_track

    old_schema = [f for f in make_version(GOOD).feature_schema if f["name"] != "pace_vs_org"]
    old_schema.append({"name": "weekday", "dtype": "float32", "meaning": "day of the week"})
    stale = make_version(GOOD, feature_schema=old_schema, feature_schema_hash="0" * 64)
    registry.promote(stale)
    learner = make_user("learner@example.com")
    member_of(learner, "member")
    item = make_track("t").modules.get().items.first()
    assert item is not None
    response = call(
        Client(), "GET", f"{URL}/predict?learner_id={learner.pk}&item_id={item.pk}", **staff
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "no longer computed: weekday" in detail
    assert "unknown to the model: pace_vs_org" in detail


def test_batch_predictions_are_logged_in_one_write_and_counted(staff: dict[str, str]) -> None:
    version = make_version(GOOD)
    registry.promote(version)
    counter = metrics.PREDICTIONS.labels(model="completion", version=str(version.version))
    before = counter._value.get()
    response = _predict_rows(staff, [ROW] * 7)
    assert response.status_code == 200
    assert len(response.json()["predictions"]) == 7
    assert PredictionLog.objects.filter(model_version=version).count() == 7
    assert counter._value.get() == before + 7
    scraped = Client().get("/metrics").content.decode()
    assert "atrium_ml_prediction_seconds_bucket" in scraped
    assert (
        f'atrium_ml_predictions_total{{model="completion",version="{version.version}"}}' in scraped
    )


def test_neither_or_both_kinds_of_input_is_a_422(staff: dict[str, str]) -> None:
    neither = call(Client(), "POST", f"{URL}/predict", {}, **staff)
    assert neither.status_code == 422
    both = {"rows": [ROW], "pairs": [{"learner_id": 1, "item_id": 1}]}
    assert call(Client(), "POST", f"{URL}/predict", both, **staff).status_code == 422
    huge = {"rows": [{**ROW, "item_attempts": 1e300}]}
    assert call(Client(), "POST", f"{URL}/predict", huge, **staff).status_code == 422


def test_without_a_production_version_predictions_are_a_404(staff: dict[str, str]) -> None:
    make_version(GOOD)
    response = _predict_rows(staff, [ROW])
    assert response.status_code == 404
    assert "no production version" in response.json()["detail"]
