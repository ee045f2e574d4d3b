"""Events as columns, and the one query every feature is built from.

``Before`` answers, for many queries ``(group, t)`` at once, "which events of this group
happened strictly before ``t``": it sorts events and queries together (a query sorts
before an event at the same instant) and reads prefix sums and last positions, so one
sort serves every feature of a grouping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from atrium.ml.events import ActivityEvent, EventKind

DAY = 86_400.0
NO_ORGANIZATION = -1


KIND_CODES = {str(kind): code for code, kind in enumerate(EventKind)}  # others: -1
COLUMNS = ("t", "learner", "item", "organization", "kind", "score", "seconds")
ROW = np.dtype(list(zip(COLUMNS, ("f8", "i8", "i8", "i8", "i8", "f8", "f8"), strict=True)))


@dataclass(frozen=True)
class EventTable:
    """Events sorted by time: ids, time (seconds since the epoch), kind, score, seconds."""

    learner: np.ndarray  # int64
    item: np.ndarray  # int64
    organization: np.ndarray  # int64, NO_ORGANIZATION for none
    t: np.ndarray  # float64
    kind: np.ndarray  # int64: KIND_CODES
    score: np.ndarray  # float64, nan without one
    seconds: np.ndarray  # float64, 0 without any

    @classmethod
    def from_events(cls, events: Iterable[ActivityEvent]) -> EventTable:
        rows = np.fromiter(
            (
                (
                    e.at.timestamp(),
                    e.learner_id,
                    e.item_id,
                    NO_ORGANIZATION if e.organization_id is None else e.organization_id,
                    KIND_CODES.get(e.kind, -1),
                    math.nan if e.score is None else e.score,
                    e.seconds_spent or 0.0,
                )
                for e in events
            ),
            dtype=ROW,
        )
        rows = rows[np.argsort(rows["t"], kind="stable")]
        return cls(**{name: rows[name] for name in COLUMNS})

    def __len__(self) -> int:
        return len(self.t)

    def of_kind(self, *kinds: EventKind) -> np.ndarray:
        return np.isin(self.kind, [KIND_CODES[k] for k in kinds])


def pair_key(a: np.ndarray, b: np.ndarray, b_bound: int) -> np.ndarray:
    """One int64 per (a, b), for 0 <= b < ``b_bound`` and a >= -1."""
    if (int(a.max(initial=0)) + 2) * b_bound >= 2**62:
        raise ValueError("ids too large to combine into one key")
    return (a + 1) * b_bound + b


def pick(values: np.ndarray, index: np.ndarray, missing: float) -> np.ndarray:
    """``values[index]``, and ``missing`` where ``index`` is -1 (no such event)."""
    return np.append(values, missing)[index]


def first_of(keys: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """A 0/1 marker on the first (earliest) event of each key, among ``mask``ed events."""
    candidates = np.arange(len(keys)) if mask is None else np.flatnonzero(mask)
    _, first = np.unique(keys[candidates], return_index=True)
    marker = np.zeros(len(keys), dtype=np.float64)
    marker[candidates[first]] = 1.0
    return marker


class Before:
    """The events of each query's group strictly before the query's time.

    ``query_t`` may hold several times per query (shape ``(k, n)``: now, a window's start):
    they share one sort, and answers come back in the same shape.
    """

    def __init__(
        self, groups: np.ndarray, t: np.ndarray, query_groups: np.ndarray, query_t: np.ndarray
    ) -> None:
        self.shape = query_t.shape
        query_t = query_t.ravel()
        query_groups = np.resize(query_groups, len(query_t))  # repeated once per row of times
        self.events = len(groups)
        is_query = np.r_[np.zeros(self.events, bool), np.ones(len(query_groups), bool)]
        all_groups = np.r_[groups, query_groups]
        self.order = np.lexsort((~is_query, np.r_[t, query_t], all_groups))
        position = np.empty(len(self.order), dtype=np.int64)
        position[self.order] = np.arange(len(self.order))
        self.event_position = position[: self.events]
        self.query_position = position[self.events :]
        sorted_groups = all_groups[self.order]
        starts = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(starts)), 0))
        self.query_group_start = group_start[self.query_position]

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per query, the sum of ``values`` (one per event) over its group's earlier events."""
        in_order = np.zeros(len(self.order) + 1)
        in_order[self.event_position + 1] = values
        running = np.cumsum(in_order)
        return (running[self.query_position] - running[self.query_group_start]).reshape(self.shape)

    def last(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Per query, the index of its group's latest earlier (``mask``ed) event, or -1."""
        marked = np.full(len(self.order), -1, dtype=np.int64)
        chosen = np.arange(self.events) if mask is None else np.flatnonzero(mask)
        marked[self.event_position[chosen]] = self.event_position[chosen]
        latest = np.maximum.accumulate(marked)[self.query_position]
        found = latest >= self.query_group_start
        return np.where(found, self.order[np.maximum(latest, 0)], -1).reshape(self.shape)
