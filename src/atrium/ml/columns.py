"""The feature columns, computed for many queries at once from an ``EventTable``.

Each group of columns reads one grouping of the events (the pair, the learner, the
organization) through ``Before``, so every value at ``t`` comes from events before ``t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from atrium.ml.events import EventKind
from atrium.ml.table import DAY, NO_ORGANIZATION, Before, EventTable, first_of, pair_key, pick

if TYPE_CHECKING:
    from atrium.ml.features import Catalog, Queries

KINDS = ("lesson", "lab", "quiz", "video", "reading")  # the catalog's item kinds
RECENCY_CAP_DAYS = 90.0  # recency stops here, and "never" reads as the cap
PACE_WINDOW_DAYS = 28.0
ACTIVE_WINDOW_DAYS = 14.0
Columns = dict[str, np.ndarray]


@dataclass(frozen=True)
class Markers:
    """Per event: its pair's key, and 0/1 marks of the firsts that features count."""

    item_bound: int
    pair: np.ndarray
    first_touch: np.ndarray  # the pair's first event: the item was started
    first_completion: np.ndarray  # the pair's first completion
    first_of_day: np.ndarray  # the learner's first event of a (UTC) day
    joined_organization: np.ndarray  # the learner's first start or completion in the org
    day: np.ndarray  # the event's day number
    streak: np.ndarray  # at first-of-day events: consecutive active days ending that day

    @classmethod
    def of(cls, table: EventTable, item_bound: int) -> Markers:
        pair = pair_key(table.learner, table.item, item_bound)
        day = np.floor(table.t / DAY)
        learner_day = pair_key(table.learner, day.astype(np.int64), 2**31)
        first_of_day = first_of(learner_day)
        learner_bound = int(table.learner.max(initial=0)) + 1
        return cls(
            item_bound=item_bound,
            pair=pair,
            first_touch=first_of(pair),
            first_completion=first_of(pair, table.of_kind(EventKind.COMPLETED)),
            first_of_day=first_of_day,
            joined_organization=first_of(
                pair_key(table.organization, table.learner, learner_bound),
                table.of_kind(EventKind.STARTED, EventKind.COMPLETED),
            ),
            day=day,
            streak=_streaks(table.learner, day, first_of_day > 0),
        )


def _streaks(learner: np.ndarray, day: np.ndarray, first_of_day: np.ndarray) -> np.ndarray:
    chosen = np.flatnonzero(first_of_day)
    order = chosen[np.lexsort((day[chosen], learner[chosen]))]
    who, when = learner[order], day[order]
    new_run = np.r_[True, (who[1:] != who[:-1]) | (when[1:] != when[:-1] + 1)]
    steps = np.arange(len(order))
    streak = np.zeros(len(learner))
    streak[order] = steps - np.maximum.accumulate(np.where(new_run, steps, 0)) + 1
    return streak


def _days_since(table: EventTable, index: np.ndarray, t: np.ndarray, never: float) -> np.ndarray:
    return np.where(index >= 0, (t - pick(table.t, index, np.nan)) / DAY, never)


def item_history(table: EventTable, marks: Markers, catalog: Catalog, queries: Queries) -> Columns:
    pair = pair_key(queries.learner, queries.item, marks.item_bound)
    before = Before(marks.pair, table.t, pair, queries.t)
    scored = ~np.isnan(table.score)
    last_scored = before.last(scored)
    minutes = before.sum(table.seconds) / 60
    estimate = catalog.estimated_minutes[catalog.rows_of(queries.item)]
    return {
        "days_since_item_start": _days_since(
            table, before.last(marks.first_touch > 0), queries.t, 0.0
        ),
        "days_since_item_activity": np.minimum(
            _days_since(table, before.last(), queries.t, RECENCY_CAP_DAYS), RECENCY_CAP_DAYS
        ),
        "item_attempts": before.sum(table.of_kind(EventKind.ATTEMPT)),
        "item_time_ratio": minutes / estimate,
        "item_last_score": pick(table.score / 100, last_scored, 0.0),
    }


def learner_history(table: EventTable, marks: Markers, queries: Queries) -> Columns:
    today = np.floor(queries.t / DAY)
    windows = np.stack(
        [
            queries.t,
            queries.t - PACE_WINDOW_DAYS * DAY,
            (today - ACTIVE_WINDOW_DAYS + 1) * DAY,  # today and the 13 days before
        ]
    )
    before = Before(table.learner, table.t, queries.learner, windows)
    started = before.sum(marks.first_touch)[0]
    completed, completed_before_pace = before.sum(marks.first_completion)[:2]
    days, _, days_before_active = before.sum(marks.first_of_day)
    last = before.last()[0]
    completions = completed - completed_before_pace
    organization = pick(table.organization, last, NO_ORGANIZATION)
    return {
        "days_since_learner_activity": np.minimum(
            _days_since(table, last, queries.t, RECENCY_CAP_DAYS), RECENCY_CAP_DAYS
        ),
        "learner_mean_score": before.sum(np.nan_to_num(table.score))[0]
        / np.maximum(before.sum(~np.isnan(table.score))[0], 1)
        / 100,
        "learner_items_started": started,
        "learner_completion_rate": (completed + 1) / (started + 2),
        "learner_completions_28d": completions,
        "learner_active_days_14d": days - days_before_active,
        "learner_streak_days": _streak_at(marks, before.last(marks.first_of_day > 0)[0], today),
        "pace_vs_org": np.log1p(completions)
        - np.log1p(_organization_pace(table, marks, organization, queries.t)),
    }


def _streak_at(marks: Markers, last_day: np.ndarray, today: np.ndarray) -> np.ndarray:
    """The streak of the learner's last active day, if that day is today or yesterday."""
    alive = pick(marks.day, last_day, -np.inf) >= today - 1
    return np.where(alive, pick(marks.streak, last_day, 0.0), 0.0)


def _organization_pace(
    table: EventTable, marks: Markers, organization: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """Completions in the pace window per learner who has joined the organization."""
    windows = np.stack([t, t - PACE_WINDOW_DAYS * DAY])
    before = Before(table.organization, table.t, organization, windows)
    completed, completed_before = before.sum(marks.first_completion)
    return (completed - completed_before) / np.maximum(before.sum(marks.joined_organization)[0], 1)


def item_facts(table: EventTable, marks: Markers, catalog: Catalog, queries: Queries) -> Columns:
    rows = catalog.rows_of(queries.item)
    kinds = catalog.kind[rows]
    return {
        "item_difficulty": catalog.difficulty[rows],
        "prerequisites_met": _prerequisites_met(table, marks, catalog, queries, rows),
        **{f"kind_{name}": (kinds == n).astype(np.float64) for n, name in enumerate(KINDS)},
    }


def _prerequisites_met(
    table: EventTable, marks: Markers, catalog: Catalog, queries: Queries, rows: np.ndarray
) -> np.ndarray:
    counts = np.array([len(catalog.prerequisites[r]) for r in rows], dtype=np.int64)
    query = np.repeat(np.arange(len(rows)), counts)
    prerequisite = np.array([p for r in rows for p in catalog.prerequisites[r]], dtype=np.int64)
    pair = pair_key(queries.learner[query], prerequisite, marks.item_bound)
    done = Before(marks.pair, table.t, pair, queries.t[query]).sum(marks.first_completion) > 0
    met = np.bincount(query, done, minlength=len(rows))
    return np.where(counts > 0, met / np.maximum(counts, 1), 1.0)
