"""Point-in-time features of one (learner, item) pair at a moment ``at``.

Every feature at ``at`` reads only events strictly before ``at``: an event at or after
it (a completion that becomes the label, say) never changes them. Rows are computed for
many pairs at once by merging events and queries in one sort per grouping (pair,
learner, organization) and reading prefix sums, so a dataset of tens of thousands of
events builds in seconds.

To score a pair, pass the learner's events and the organization's ``started`` and
``completed`` events (the organization's pace reads only those); all events give the
same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from atrium.ml.events import ActivityEvent, ItemInfo
from atrium.ml.schema import Feature, FeatureSchema

KINDS = ("lesson", "lab", "quiz", "video", "reading")
RECENCY_CAP_DAYS = 90.0  # recency features stop here, and "never" reads as the cap

FEATURE_SCHEMA = FeatureSchema(
    version=1,
    features=(
        Feature(
            "days_since_item_start", "float32", "days since the learner's first event on the item"
        ),
        Feature(
            "days_since_item_activity", "float32", "days since the last event on the item (cap 90)"
        ),
        Feature(
            "days_since_learner_activity",
            "float32",
            "days since the learner's last event on any item (cap 90)",
        ),
        Feature("item_attempts", "float32", "attempts on the item"),
        Feature("item_time_ratio", "float32", "time spent on the item over its estimated minutes"),
        Feature("item_last_score", "float32", "the latest score on the item, 0..1 (0 without one)"),
        Feature(
            "learner_mean_score",
            "float32",
            "the learner's mean score over all items, 0..1 (0 without one)",
        ),
        Feature("learner_items_started", "float32", "items the learner has started"),
        Feature(
            "learner_completion_rate",
            "float32",
            "(completed + 1) / (started + 2) over the learner's items",
        ),
        Feature(
            "learner_completions_28d", "float32", "items the learner completed in the last 28 days"
        ),
        Feature("learner_active_days_14d", "float32", "days with activity in the last 14 days"),
        Feature(
            "learner_streak_days", "float32", "consecutive active days ending today or yesterday"
        ),
        Feature(
            "pace_vs_org",
            "float32",
            "log1p(completions in 28 days) minus the organization's per-learner log1p",
        ),
        Feature("item_difficulty", "float32", "the item's difficulty, 1..5"),
        Feature(
            "prerequisites_met",
            "float32",
            "share of the item's prerequisites completed (1 without any)",
        ),
        *(Feature(f"kind_{kind}", "float32", f"1 if the item is a {kind}") for kind in KINDS),
    ),
)


def feature_rows(
    events: Iterable[ActivityEvent],
    items: Iterable[ItemInfo],
    *,
    learner_id: int,
    item_id: int,
    at: datetime,
) -> np.ndarray:
    """One row, shape ``(1, n_features)``, for ``learner_id`` on ``item_id`` at ``at``."""
    return feature_frame(events, items, [(learner_id, item_id, at)])


def feature_frame(
    events: Iterable[ActivityEvent],
    items: Iterable[ItemInfo],
    pairs_at: Sequence[tuple[int, int, datetime]],
) -> np.ndarray:
    """Rows, shape ``(len(pairs_at), n_features)``, for each ``(learner_id, item_id, at)``."""
    raise NotImplementedError
