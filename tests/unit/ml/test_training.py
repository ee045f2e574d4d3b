from __future__ import annotations

import numpy as np
import pytest

from atrium.ml.dataset import MINIMUM_ROWS, Dataset, InsufficientData, build_dataset, checked_split
from atrium.ml.events import ItemInfo
from atrium.ml.training import TrainingResult, train_model


def test_the_model_finds_the_simulated_signal_and_beats_the_baseline(
    trained: TrainingResult,
) -> None:
    assert trained.metrics["roc_auc"] >= 0.80
    assert trained.metrics["roc_auc"] > trained.baseline_metrics["roc_auc"]
    assert trained.metrics["brier"] < 0.25  # better than always answering 0.5


def test_shuffled_labels_leave_nothing_to_learn(dataset: Dataset) -> None:
    labels = np.random.default_rng(5).permutation(dataset.y)
    shuffled = Dataset(
        dataset.X, labels, dataset.learner_ids, dataset.item_ids, dataset.at, dataset.horizon_days
    )
    assert train_model(shuffled, seed=0, epochs=5).metrics["roc_auc"] <= 0.55


def test_the_same_seed_gives_the_same_metrics(dataset: Dataset) -> None:
    first, second = (train_model(dataset, seed=3, epochs=2) for _ in range(2))
    assert first.metrics == second.metrics
    assert first.baseline_metrics == second.baseline_metrics


def test_progress_is_reported_after_every_epoch(dataset: Dataset) -> None:
    seen: list[tuple[int, int, set[str]]] = []
    train_model(dataset, seed=0, epochs=3, on_epoch=lambda e, n, m: seen.append((e, n, set(m))))
    assert seen == [(e, 3, {"loss", "holdout_roc_auc"}) for e in (1, 2, 3)]


def test_the_result_counts_rows_and_keeps_the_window(
    trained: TrainingResult, dataset: Dataset
) -> None:
    rows = trained.rows
    assert rows["train_positives"] + rows["train_negatives"] == rows["train_examples"]
    assert rows["train_examples"] + rows["holdout_examples"] <= len(dataset)
    assert trained.window[0] < trained.window[1]


def test_too_little_data_names_what_is_needed_and_what_was_found(dataset: Dataset) -> None:
    small = dataset.subset(np.arange(len(dataset)) < 120)
    with pytest.raises(InsufficientData) as raised:
        train_model(small, seed=0, epochs=1)
    message = str(raised.value)
    assert (
        f"need {MINIMUM_ROWS['train_examples']}, found {raised.value.found['train_examples']}"
        in (message)
    )
    assert raised.value.found["train_examples"] < MINIMUM_ROWS["train_examples"]


def test_no_events_at_all_is_too_little_data(catalog: list[ItemInfo]) -> None:
    with pytest.raises(InsufficientData, match="train examples: need 200, found 0"):
        checked_split(build_dataset([], catalog))
