"""One simulated cohort and one trained model per session, small enough for seconds."""

from __future__ import annotations

import pytest
import torch

from atrium.ml.dataset import Dataset, build_dataset
from atrium.ml.events import ActivityEvent, ItemInfo
from atrium.ml.simulate import simulate_cohort, simulated_catalog
from atrium.ml.training import TrainingResult, train_model

LEARNERS, DAYS = 500, 120


@pytest.fixture(scope="session", autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def catalog() -> list[ItemInfo]:
    return simulated_catalog(30, seed=0)


@pytest.fixture(scope="session")
def cohort(catalog: list[ItemInfo]) -> list[ActivityEvent]:
    return simulate_cohort(LEARNERS, DAYS, catalog, seed=1)


@pytest.fixture(scope="session")
def dataset(cohort: list[ActivityEvent], catalog: list[ItemInfo]) -> Dataset:
    return build_dataset(cohort, catalog)


@pytest.fixture(scope="session")
def trained(dataset: Dataset) -> TrainingResult:
    return train_model(dataset, seed=0, epochs=20)
