"""Train the completion model and its baseline on one time-based split, seeded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from atrium.ml.dataset import Dataset
from atrium.ml.drift import FeatureReference
from atrium.ml.model import CompletionModel

EpochCallback = Callable[[int, int, dict[str, float]], None]


@dataclass(frozen=True)
class TrainingResult:
    module: CompletionModel
    metrics: dict[str, float]  # roc_auc, brier, ece on the holdout
    baseline_metrics: dict[str, float]  # the same, of logistic regression on the same split
    reference: FeatureReference  # the training rows' feature distribution, for drift
    rows: dict[str, int]  # train, train_positives, holdout, holdout_positives
    window: tuple[datetime, datetime]  # first and last snapshot of the examples


def train_model(
    dataset: Dataset,
    *,
    seed: int = 0,
    epochs: int = 30,
    on_epoch: EpochCallback | None = None,
) -> TrainingResult:
    raise NotImplementedError
