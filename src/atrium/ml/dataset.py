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

from atrium.ml.events import ActivityEvent, EventKind, ItemInfo
from atrium.ml.features import FEATURE_SCHEMA, Catalog, Queries, frame
from atrium.ml.table import DAY, EventTable, pair_key

# Below these the holdout metrics are noise, so training refuses to start.
MINIMUM_ROWS = {
    "train_examples": 200,
    "train_positives": 20,
    "train_negatives": 20,
    "holdout_examples": 50,
    "holdout_positives": 5,
    "holdout_negatives": 5,
}


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
    table, catalog = EventTable.from_events(events), Catalog.from_items(items)
    pairs = _Pairs.of(table, catalog)
    snapshots = _snapshots(table, horizon_days, snapshot_every_days)
    open_at = (
        pairs.known[:, None]
        & (pairs.started[:, None] < snapshots[None, :])
        & (pairs.completed[:, None] >= snapshots[None, :])
    )
    pair, snapshot = np.nonzero(open_at)
    at = snapshots[snapshot]
    X = frame(table, catalog, Queries(pairs.learner[pair], pairs.item[pair], at))
    recent = X[:, RECENCY] <= active_within_days
    completed_in_time = pairs.completed[pair] < at + horizon_days * DAY
    return Dataset(
        X=X[recent],
        y=completed_in_time[recent].astype(np.float32),
        learner_ids=pairs.learner[pair][recent],
        item_ids=pairs.item[pair][recent],
        at=(at[recent] * 1e6).astype("datetime64[us]"),
        horizon_days=horizon_days,
    )


RECENCY = FEATURE_SCHEMA.names.index("days_since_item_activity")


@dataclass(frozen=True)
class _Pairs:
    """Each (learner, item) pair in the events: when it started and first completed."""

    learner: np.ndarray
    item: np.ndarray
    started: np.ndarray  # seconds since the epoch
    completed: np.ndarray  # seconds since the epoch, inf if never
    known: np.ndarray  # the item is in the catalog

    @classmethod
    def of(cls, table: EventTable, catalog: Catalog) -> _Pairs:
        bound = max(catalog.max_id, int(table.item.max(initial=0))) + 1
        key = pair_key(table.learner, table.item, bound)
        keys, first = np.unique(key, return_index=True)
        is_completion = table.of_kind(EventKind.COMPLETED)
        completed_keys, first_completion = np.unique(key[is_completion], return_index=True)
        completed = np.full(len(keys), np.inf)
        completed[np.searchsorted(keys, completed_keys)] = table.t[is_completion][first_completion]
        item = table.item[first]
        return cls(
            learner=table.learner[first],
            item=item,
            started=table.t[first],
            completed=completed,
            known=np.isin(item, list(catalog.index)),
        )


def _snapshots(table: EventTable, horizon_days: float, every_days: float) -> np.ndarray:
    """Midnights (UTC) every ``every_days`` after the first event, while labels are observed."""
    if len(table) == 0:
        return np.zeros(0)
    first, last = np.floor(table.t[0] / DAY) * DAY, table.t[-1]
    count = int((last - horizon_days * DAY - first) // (every_days * DAY))
    return first + every_days * DAY * np.arange(1, max(count, 0) + 1)


def time_split(dataset: Dataset, *, holdout_fraction: float = 0.2) -> tuple[Dataset, Dataset]:
    """Train on the earlier snapshots, hold out the latest ``holdout_fraction`` of examples.

    Training keeps only examples whose label window closes by the holdout's first
    snapshot, so no training label reads an event the holdout's features could see.
    """
    snapshots, counts = np.unique(dataset.at, return_counts=True)
    from_the_end = np.cumsum(counts[::-1])
    reached = int(np.searchsorted(from_the_end, holdout_fraction * len(dataset)))
    cutoff = snapshots[::-1][min(reached, len(snapshots) - 1)] if len(snapshots) else None
    if cutoff is None:
        return dataset, dataset
    horizon = np.timedelta64(int(dataset.horizon_days * DAY), "s")
    return (
        dataset.subset(dataset.at + horizon <= cutoff),
        dataset.subset(dataset.at >= cutoff),
    )


def checked_split(dataset: Dataset) -> tuple[Dataset, Dataset, dict[str, int]]:
    """The time-based split and its row counts, or InsufficientData naming what is short."""
    train, holdout = time_split(dataset)
    rows = {**_counts("train", train), **_counts("holdout", holdout)}
    if any(rows[name] < needed for name, needed in MINIMUM_ROWS.items()):
        raise InsufficientData(MINIMUM_ROWS, rows)
    return train, holdout, rows


def _counts(name: str, part: Dataset) -> dict[str, int]:
    positives = int(part.y.sum())
    return {
        f"{name}_examples": len(part),
        f"{name}_positives": positives,
        f"{name}_negatives": len(part) - positives,
    }
