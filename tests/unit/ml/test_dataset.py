from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from atrium.ml.dataset import Dataset, build_dataset, time_split
from atrium.ml.events import ActivityEvent, EventKind, ItemInfo

START = datetime(2026, 1, 1, tzinfo=UTC)
ITEMS = [ItemInfo(1, 1, "lesson", 1, (), 10), ItemInfo(2, 1, "lesson", 2, (), 10)]


def touch(learner: int, item: int, day: float, kind: EventKind) -> ActivityEvent:
    return ActivityEvent(learner, item, None, START + timedelta(days=day), kind)


def test_an_example_per_open_item_and_snapshot_labelled_by_completion_within_the_horizon() -> None:
    events = [
        touch(1, 1, 0.5, EventKind.STARTED),
        touch(1, 1, 10, EventKind.COMPLETED),  # within 14 days of the day-7 snapshot
        touch(2, 2, 1, EventKind.STARTED),
        touch(2, 2, 13, EventKind.PROGRESS),
        touch(2, 2, 30, EventKind.COMPLETED),  # 16 days after the day-14 snapshot
        touch(3, 1, 36, EventKind.STARTED),  # keeps the data going to day 36
    ]
    data = build_dataset(events, ITEMS, horizon_days=14, snapshot_every_days=7)
    columns = (data.learner_ids, data.item_ids, data.at, data.y)
    examples = sorted(zip(*(c.tolist() for c in columns), strict=True))
    day = lambda n: (START + timedelta(days=n)).replace(tzinfo=None)  # noqa: E731
    # Snapshots on days 7, 14 and 21 (day 28's horizon ends after the data does); by day
    # 14 learner 1 is done, so only learner 2's item is still open.
    assert examples == [
        (1, 1, day(7), 1.0),
        (2, 2, day(7), 0.0),
        (2, 2, day(14), 0.0),
        (2, 2, day(21), 1.0),
    ]


def test_the_split_holds_out_the_latest_snapshots_and_purges_overlapping_labels(
    dataset: Dataset,
) -> None:
    train, holdout = time_split(dataset, holdout_fraction=0.2)
    horizon = np.timedelta64(int(dataset.horizon_days * 86400), "s")
    assert train.at.max() + horizon <= holdout.at.min()
    assert 0.15 <= len(holdout) / len(dataset) <= 0.35
    assert len(train) + len(holdout) < len(dataset)  # the purged snapshot is in neither
