"""Training examples from events: one per started, unfinished item at each snapshot.

At every snapshot ``t`` (every ``snapshot_every_days`` from the first event) each
(learner, item) pair started before ``t``, not completed before ``t`` and touched in
the ``active_within_days`` before ``t`` gives one example: its features at ``t`` and the
label "completed within ``horizon_days`` after ``t``". Only snapshots whose horizon ends
by the data's last event count, so every label is fully observed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from atrium.ml.events import ActivityEvent, ItemInfo


class InsufficientData(Exception):
    """Too few examples (or positives, or negatives) to train and evaluate honestly."""

    def __init__(self, needed: Mapping[str, int], found: Mapping[str, int]) -> None:
        self.needed, self.found = dict(needed), dict(found)
        short = [
            f"{name.replace('_', ' ')}: need {count}, found {self.found.get(name, 0)}"
            for name, count in self.needed.items()
            if self.found.get(name, 0) < count
        ]
        super().__init__("not enough data to train; " + "; ".join(short))


@dataclass(frozen=True)
class Dataset:
    X: np.ndarray  # (n, n_features) float32
    y: np.ndarray  # (n,) float32: 1 if completed within the horizon after ``at``
    learner_ids: np.ndarray  # (n,) int64
    item_ids: np.ndarray  # (n,) int64
    at: np.ndarray  # (n,) datetime64[us], UTC
    horizon_days: float = 14.0

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, mask: np.ndarray) -> Dataset:
        return Dataset(
            self.X[mask],
            self.y[mask],
            self.learner_ids[mask],
            self.item_ids[mask],
            self.at[mask],
            self.horizon_days,
        )


def build_dataset(
    events: Iterable[ActivityEvent],
    items: Iterable[ItemInfo],
    *,
    horizon_days: float = 14.0,
    snapshot_every_days: float = 7.0,
    active_within_days: float = 28.0,
) -> Dataset:
    raise NotImplementedError


def time_split(dataset: Dataset, *, holdout_fraction: float = 0.2) -> tuple[Dataset, Dataset]:
    """Train on the earlier snapshots, hold out the latest ``holdout_fraction`` of examples.

    Training keeps only examples whose label window closes before the holdout's first
    snapshot, so no training label reads an event the holdout's features could see.
    """
    raise NotImplementedError
