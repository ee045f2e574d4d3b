from __future__ import annotations

import pytest

from atrium.ml.dataset import build_dataset
from atrium.ml.drift import DRIFT_THRESHOLD, STABLE_THRESHOLD, FeatureReference, psi
from atrium.ml.events import ItemInfo
from atrium.ml.features import FEATURE_SCHEMA
from atrium.ml.simulate import simulate_cohort
from atrium.ml.training import TrainingResult

from .conftest import DAYS, LEARNERS


@pytest.fixture(scope="module")
def reference(trained: TrainingResult) -> FeatureReference:
    return trained.reference


def psi_of_new_cohort(
    reference: FeatureReference, catalog: list[ItemInfo], shift: dict[str, float] | None
) -> dict[str, float]:
    events = simulate_cohort(LEARNERS, DAYS, catalog, seed=2, shift=shift)
    return psi(reference, build_dataset(events, catalog).X)


def test_nothing_drifts_when_the_simulator_shifts_nothing(
    reference: FeatureReference, catalog: list[ItemInfo]
) -> None:
    values = psi_of_new_cohort(reference, catalog, None)
    assert set(values) == set(FEATURE_SCHEMA.names)
    assert max(values.values()) < STABLE_THRESHOLD, values


def test_the_shifted_feature_drifts_and_no_other_does(
    reference: FeatureReference, catalog: list[ItemInfo]
) -> None:
    values = psi_of_new_cohort(reference, catalog, {"seconds_spent": 2.5})
    assert values.pop("item_time_ratio") > DRIFT_THRESHOLD
    assert max(values.values()) < STABLE_THRESHOLD, values


def test_the_reference_survives_json(reference: FeatureReference) -> None:
    assert FeatureReference.from_json(reference.to_json()) == reference
