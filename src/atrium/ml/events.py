"""The raw rows the numeric code learns from, as plain frozen dataclasses.

``ItemInfo`` is one catalog ``Item`` (its track through its module). ``ActivityEvent``
is one thing a learner did to one item, read from a ``ProgressEvent``: the change from
one recorded state to the next becomes one event per kind below (``events_from_states``
does that diffing). Outcomes are never handed over: a completion is an event like any
other, and labels are derived from the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    STARTED = "started"  # status became in_progress (or the first change of the record)
    PROGRESS = "progress"  # time was spent: ``seconds_spent`` holds the added seconds
    ATTEMPT = "attempt"  # attempts grew by one: ``score`` holds the score after it, if any
    COMPLETED = "completed"  # status became completed


@dataclass(frozen=True, slots=True)
class ItemInfo:
    item_id: int
    track_id: int
    kind: str  # the catalog's ItemKind: lesson, lab, quiz, video, reading
    difficulty: int  # 1..5
    prerequisite_ids: tuple[int, ...]
    estimated_minutes: int | None


@dataclass(frozen=True, slots=True)
class ActivityEvent:
    learner_id: int
    item_id: int
    organization_id: int | None
    at: datetime  # timezone-aware
    kind: str  # an EventKind value
    score: float | None = None  # 0..100, on attempts of scored items
    seconds_spent: float | None = None  # on progress events


def events_from_states(
    *,
    learner_id: int,
    item_id: int,
    organization_id: int | None,
    states: Iterable[tuple[datetime, Mapping[str, Any]]],
) -> list[ActivityEvent]:
    """Diff one progress record's successive states (``ProgressEvent.at``, ``.state``)
    into events, oldest first. After a reset the next start counts again.
    """
    events: list[ActivityEvent] = []
    previous: Mapping[str, Any] = {}
    for at, state in states:
        for kind, values in _changes(previous, state):
            events.append(ActivityEvent(learner_id, item_id, organization_id, at, kind, **values))
        previous = state
    return events


def _changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[tuple[EventKind, dict[str, float | None]]]:
    status, was = after.get("status"), before.get("status", "not_started")
    changes: list[tuple[EventKind, dict[str, float | None]]] = []
    if status != "not_started" and was == "not_started":
        changes.append((EventKind.STARTED, {}))
    added = (after.get("time_spent_s") or 0) - (before.get("time_spent_s") or 0)
    if added > 0:
        changes.append((EventKind.PROGRESS, {"seconds_spent": float(added)}))
    if (after.get("attempts") or 0) > (before.get("attempts") or 0):
        score = after.get("score")
        changes.append((EventKind.ATTEMPT, {"score": None if score is None else float(score)}))
    if status == "completed" and was != "completed":
        changes.append((EventKind.COMPLETED, {}))
    return changes
