"""Train the completion model and its baseline on one time-based split, seeded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import torch
import torch.nn.functional as F

from atrium.ml.dataset import Dataset, checked_split
from atrium.ml.drift import FeatureReference
from atrium.ml.features import FEATURE_SCHEMA
from atrium.ml.metrics import classifier_metrics, roc_auc
from atrium.ml.model import CompletionModel

EpochCallback = Callable[[int, int, dict[str, float]], None]

BATCH_SIZE = 128
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4


@dataclass(frozen=True)
class TrainingResult:
    module: CompletionModel
    metrics: dict[str, float]  # roc_auc, brier, ece on the holdout
    baseline_metrics: dict[str, float]  # the same, of logistic regression on the same split
    # The feature distribution of every example, holdout included: the most recent rows are
    # the nearest to what serving sees next, as a cohort's history grows over time.
    reference: FeatureReference
    rows: dict[str, int]  # examples, positives and negatives of the train and holdout sets
    window: tuple[datetime, datetime]  # first and last snapshot of the examples


def train_model(
    dataset: Dataset,
    *,
    seed: int = 0,
    epochs: int = 30,
    on_epoch: EpochCallback | None = None,
) -> TrainingResult:
    """Train the MLP and the logistic-regression baseline on the same time-based split."""
    train, holdout, rows = checked_split(dataset)
    with _one_thread():
        model = _fit(CompletionModel.fitted_to(train.X), train, holdout, seed, epochs, on_epoch)
        baseline = _fit(CompletionModel.fitted_to(train.X, hidden=()), train, holdout, seed, epochs)
    return TrainingResult(
        module=model,
        metrics=classifier_metrics(holdout.y, model.predict_proba(holdout.X)),
        baseline_metrics=classifier_metrics(holdout.y, baseline.predict_proba(holdout.X)),
        reference=FeatureReference.from_data(dataset.X, FEATURE_SCHEMA.names),
        rows=rows,
        window=(_utc(dataset.at.min()), _utc(dataset.at.max())),
    )


@contextmanager
def _one_thread() -> Iterator[None]:
    """Batches of 128 rows through a 20-32-16 MLP are too small to split across threads:
    with two, each step waits on the other core (4x slower on a busy 2-core worker)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _utc(moment: np.datetime64) -> datetime:
    return moment.astype("datetime64[us]").item().replace(tzinfo=UTC)


def _fit(
    model: CompletionModel,
    train: Dataset,
    holdout: Dataset,
    seed: int,
    epochs: int,
    on_epoch: EpochCallback | None = None,
) -> CompletionModel:
    generator = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model.reset_parameters()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    X, y = torch.as_tensor(train.X), torch.as_tensor(train.y)
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for batch in torch.randperm(len(y), generator=generator).split(BATCH_SIZE):
            optimizer.zero_grad()
            loss = F.binary_cross_entropy_with_logits(model.logits(X[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        model.eval()
        if on_epoch is not None:
            holdout_auc = roc_auc(holdout.y, model.predict_proba(holdout.X))
            on_epoch(epoch, epochs, {"loss": total / len(y), "holdout_roc_auc": holdout_auc})
    return model
