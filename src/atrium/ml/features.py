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
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from atrium.ml.columns import KINDS, Markers, item_facts, item_history, learner_history
from atrium.ml.events import ActivityEvent, ItemInfo
from atrium.ml.schema import Feature, FeatureSchema
from atrium.ml.table import EventTable

DEFAULT_MINUTES = 10  # the catalog's default estimate, for items without one

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
    queries = Queries(
        learner=np.array([p[0] for p in pairs_at], dtype=np.int64),
        item=np.array([p[1] for p in pairs_at], dtype=np.int64),
        t=np.array([p[2].timestamp() for p in pairs_at], dtype=np.float64),
    )
    return frame(EventTable.from_events(events), Catalog.from_items(items), queries)


@dataclass(frozen=True)
class Queries:
    learner: np.ndarray  # int64
    item: np.ndarray  # int64
    t: np.ndarray  # float64 seconds since the epoch


@dataclass(frozen=True)
class Catalog:
    """Items as columns, looked up by id."""

    index: dict[int, int]
    difficulty: np.ndarray
    kind: np.ndarray  # index into KINDS, -1 for another kind
    estimated_minutes: np.ndarray
    prerequisites: list[tuple[int, ...]]

    @classmethod
    def from_items(cls, items: Iterable[ItemInfo]) -> Catalog:
        rows = list(items)
        return cls(
            index={item.item_id: n for n, item in enumerate(rows)},
            difficulty=np.array([item.difficulty for item in rows], dtype=np.float64),
            kind=np.array([KINDS.index(i.kind) if i.kind in KINDS else -1 for i in rows]),
            estimated_minutes=np.array(
                [item.estimated_minutes or DEFAULT_MINUTES for item in rows], dtype=np.float64
            ),
            prerequisites=[item.prerequisite_ids for item in rows],
        )

    @property
    def max_id(self) -> int:
        """The largest item id the catalog mentions, prerequisites included."""
        ids = [*self.index, *(p for pre in self.prerequisites for p in pre)]
        return max(ids, default=0)

    def rows_of(self, item_ids: np.ndarray) -> np.ndarray:
        unknown = sorted({int(i) for i in item_ids if int(i) not in self.index})
        if unknown:
            raise ValueError(f"items not in the catalog: {unknown[:10]}")
        return np.array([self.index[int(i)] for i in item_ids], dtype=np.int64)


def frame(table: EventTable, catalog: Catalog, queries: Queries) -> np.ndarray:
    """The feature rows of ``queries`` from ``table``, in FEATURE_SCHEMA's column order."""
    item_bound = max(
        int(table.item.max(initial=0)), catalog.max_id, int(queries.item.max(initial=0))
    )
    marks = Markers.of(table, item_bound + 1)
    columns = {
        **item_history(table, marks, catalog, queries),
        **learner_history(table, marks, queries),
        **item_facts(table, marks, catalog, queries),
    }
    return np.column_stack([columns[name] for name in FEATURE_SCHEMA.names]).astype(np.float32)
