from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from atrium.ml.dataset import Dataset
from atrium.ml.events import ActivityEvent, EventKind, ItemInfo
from atrium.ml.features import FEATURE_SCHEMA, feature_frame, feature_rows

START = datetime(2026, 3, 2, tzinfo=UTC)
CATALOG = [
    ItemInfo(1, 1, "lesson", 1, (), 10),
    ItemInfo(2, 1, "quiz", 3, (1,), 20),
    ItemInfo(3, 1, "lab", 5, (1, 2), None),
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return START + timedelta(days=day, hours=hour, minutes=minute)


def event(
    learner: int, item: int, when: datetime, kind: EventKind, **values: float
) -> ActivityEvent:
    return ActivityEvent(learner, item, 100, when, kind, **values)


HISTORY = [
    event(7, 1, at(0, 9), EventKind.STARTED),
    event(7, 1, at(0, 9, 10), EventKind.PROGRESS, seconds_spent=600),
    event(7, 1, at(0, 9, 11), EventKind.COMPLETED),
    event(8, 1, at(0, 11), EventKind.STARTED),
    event(8, 1, at(1, 11), EventKind.COMPLETED),
    event(7, 2, at(1, 10), EventKind.STARTED),
    event(7, 2, at(1, 10, 20), EventKind.PROGRESS, seconds_spent=1200),
    event(7, 2, at(1, 10, 21), EventKind.ATTEMPT, score=40),
    event(7, 2, at(2, 10), EventKind.PROGRESS, seconds_spent=300),
    event(7, 2, at(2, 10, 6), EventKind.ATTEMPT, score=80),
]


def named(row: np.ndarray) -> dict[str, float]:
    return {name: round(float(v), 4) for name, v in zip(FEATURE_SCHEMA.names, row, strict=True)}


def test_a_started_item_reads_its_history_the_learner_and_the_organization() -> None:
    row = named(feature_rows(HISTORY, CATALOG, learner_id=7, item_id=2, at=at(4, 12))[0])
    assert row == {
        "days_since_item_start": round(3 + 2 / 24, 4),
        "days_since_item_activity": round(2 + (2 * 60 - 6) / 1440, 4),
        "days_since_learner_activity": round(2 + (2 * 60 - 6) / 1440, 4),
        "item_attempts": 2.0,
        "item_time_ratio": 1.25,  # 25 minutes of an estimated 20
        "item_last_score": 0.8,
        "learner_mean_score": 0.6,
        "learner_items_started": 2.0,
        "learner_completion_rate": 0.5,  # (1 + 1) / (2 + 2)
        "learner_completions_28d": 1.0,
        "learner_active_days_14d": 3.0,
        "learner_streak_days": 0.0,  # last active two days ago
        "pace_vs_org": 0.0,  # one completion each, like the organization's two learners
        "item_difficulty": 3.0,
        "prerequisites_met": 1.0,
        "kind_lesson": 0.0,
        "kind_lab": 0.0,
        "kind_quiz": 1.0,
        "kind_video": 0.0,
        "kind_reading": 0.0,
    }


def test_an_unstarted_item_counts_its_prerequisites_and_the_streak_runs_to_yesterday() -> None:
    row = named(feature_rows(HISTORY, CATALOG, learner_id=7, item_id=3, at=at(3, 8))[0])
    assert row["prerequisites_met"] == 0.5  # item 1 done, item 2 not yet
    assert row["days_since_item_start"] == 0.0
    assert row["days_since_item_activity"] == 90.0  # never touched reads as the cap
    assert row["learner_streak_days"] == 3.0  # days 0, 1 and 2, seen on day 3
    assert (row["kind_lab"], row["item_difficulty"]) == (1.0, 5.0)


def test_an_event_at_or_after_t_never_changes_the_row_at_t() -> None:
    t = at(4, 12)
    later = [
        event(7, 2, t, EventKind.COMPLETED),
        event(7, 2, t + timedelta(days=1), EventKind.ATTEMPT, score=100),
        event(8, 2, t + timedelta(seconds=1), EventKind.COMPLETED),
    ]
    pairs = [(7, 2, t), (7, 3, t), (8, 2, t)]
    before = feature_frame(HISTORY, CATALOG, pairs)
    np.testing.assert_array_equal(feature_frame([*HISTORY, *later], CATALOG, pairs), before)


def test_rows_at_t_are_the_same_with_or_without_every_later_event(
    cohort: list[ActivityEvent], catalog: list[ItemInfo], dataset: Dataset
) -> None:
    for snapshot in np.unique(dataset.at)[[0, len(np.unique(dataset.at)) // 2, -1]]:
        t = snapshot.astype("datetime64[us]").item().replace(tzinfo=UTC)
        chosen = dataset.at == snapshot
        pairs = [
            (int(lr), int(it), t)
            for lr, it in zip(dataset.learner_ids[chosen], dataset.item_ids[chosen], strict=True)
        ]
        earlier = [e for e in cohort if e.at < t]
        together = feature_frame(cohort, catalog, pairs)
        np.testing.assert_array_equal(together, feature_frame(earlier, catalog, pairs))
        np.testing.assert_array_equal(together, dataset.X[chosen])


def test_the_learners_events_and_the_organizations_starts_and_completions_suffice(
    cohort: list[ActivityEvent], catalog: list[ItemInfo]
) -> None:
    learner = cohort[len(cohort) // 2]
    t = learner.at + timedelta(days=3)
    organization_kinds = {EventKind.STARTED, EventKind.COMPLETED}
    enough = [
        e
        for e in cohort
        if e.learner_id == learner.learner_id
        or (e.organization_id == learner.organization_id and e.kind in organization_kinds)
    ]
    pairs = [(learner.learner_id, item.item_id, t) for item in catalog]
    np.testing.assert_array_equal(
        feature_frame(enough, catalog, pairs), feature_frame(cohort, catalog, pairs)
    )


def test_a_learner_without_history_gets_the_never_values() -> None:
    row = named(feature_rows([], CATALOG, learner_id=9, item_id=1, at=at(1, 0))[0])
    assert row["days_since_learner_activity"] == 90.0
    assert row["learner_completion_rate"] == 0.5  # (0 + 1) / (0 + 2)
    assert (row["learner_streak_days"], row["pace_vs_org"], row["item_last_score"]) == (0, 0, 0)


def test_an_item_outside_the_catalog_is_refused() -> None:
    with pytest.raises(ValueError, match=r"not in the catalog: \[99\]"):
        feature_rows(HISTORY, CATALOG, learner_id=7, item_id=99, at=at(4, 0))


def test_the_schema_hash_is_stable_and_follows_names_and_dtypes() -> None:
    assert FEATURE_SCHEMA.hash() == FEATURE_SCHEMA.hash()
    assert len(FEATURE_SCHEMA.hash()) == 64
    assert FEATURE_SCHEMA.mismatch(list(FEATURE_SCHEMA.names)) == {}
    assert FEATURE_SCHEMA.mismatch(["item_attempts", "shoe_size"])["unexpected"] == ["shoe_size"]
