"""A simulated cohort with known signal, for tests, demos and benchmarks.

The generative process, day by day:

- Each learner has a latent diligence ``d ~ N(0, 1)``, a pace ``exp(N(0, 0.35))`` (how
  fast they work through an item) and an organization whose culture adds ``N(0, 0.3)``
  to activity. Learners join during the first third of the period.
- An engaged learner is active on a day with probability
  ``sigmoid(-0.8 + d + culture + 1.5 [active yesterday])``; each day they drop out
  with probability ``sigmoid(-4 - 0.9 d)``, and a dropped-out learner comes back with
  probability 0.03.
- An active learner works one session: on their latest open item (95 %) or on the next
  item of the catalog, preferring items whose prerequisites they have completed. A
  session covers ``U(0.3, 0.8) * pace / (0.7 + 0.15 * difficulty)`` of the item.
- Quizzes and labs, once 70 % covered, take an attempt scoring
  ``55 + 15 d - 6 (difficulty - 3) + 10 [prerequisites met] + N(0, 10)``; 60 passes and
  completes. Other items, once covered, complete with probability
  ``sigmoid(1 + 0.8 d - 0.4 (difficulty - 3) + 0.8 [prerequisites met])`` per session.
  A learner who has covered an item 1.6 times without finishing gives up on it for good.

So completion within two weeks follows recency, streaks, scores, past completion,
difficulty and prerequisites: the signal the features should find. ``shift`` moves one
recorded quantity without changing behaviour, as a drifting client would:
``{"seconds_spent": 2.5}`` multiplies every session's recorded time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeAlias

import numpy as np

from atrium.ml.events import ActivityEvent, EventKind, ItemInfo
from atrium.ml.features import DEFAULT_MINUTES

# learner_id and organization_id are the cohort's own indices (0..learners-1, 0..orgs-1);
# whoever writes the cohort maps them onto the users and organizations it creates.
SimulatedActivity: TypeAlias = ActivityEvent

SHIFTS = frozenset({"seconds_spent"})
SCORED = frozenset({"quiz", "lab"})
DEFAULT_START = datetime(2026, 1, 5, tzinfo=UTC)
LEARNERS_PER_ORGANIZATION = 40
GIVE_UP_COVERAGE = 1.6


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def simulated_catalog(items: int, *, tracks: int = 3, seed: int = 0) -> list[ItemInfo]:
    """``items`` items (ids 1..items) over ``tracks`` tracks, harder along each track;
    most items require the one before them in their track."""
    rng = np.random.default_rng(seed)
    catalog: list[ItemInfo] = []
    for n in range(items):
        track, position = n % tracks, n // tracks
        previous = n + 1 - tracks
        catalog.append(
            ItemInfo(
                item_id=n + 1,
                track_id=track + 1,
                kind=str(rng.choice(["lesson", "lab", "quiz", "video", "reading"])),
                difficulty=int(np.clip(1 + position // 3 + rng.integers(-1, 2), 1, 5)),
                prerequisite_ids=(previous,) if previous >= 1 and rng.random() < 0.7 else (),
                estimated_minutes=int(rng.choice([5, 10, 15, 20, 30, 45])),
            )
        )
    return catalog


@dataclass
class _Learner:
    id: int
    organization: int
    diligence: float
    pace: float
    culture: float
    joins: int
    engaged: bool = True
    active_yesterday: bool = False
    coverage: dict[int, float] = field(default_factory=dict)  # open items, most recent last
    completed: set[int] = field(default_factory=set)
    abandoned: set[int] = field(default_factory=set)


def simulate_cohort(
    learners: int,
    days: int,
    items: Sequence[ItemInfo],
    seed: int = 0,
    shift: Mapping[str, float] | None = None,
    *,
    start: datetime | None = None,
) -> list[SimulatedActivity]:
    unknown = set(shift or {}) - SHIFTS
    if unknown:
        raise ValueError(f"unknown shift(s) {sorted(unknown)}; known: {sorted(SHIFTS)}")
    cohort = _Cohort(items, np.random.default_rng(seed), dict(shift or {}))
    people = cohort.learners(learners, days)
    first_day = start or DEFAULT_START
    for day in range(days):
        for learner in people:
            if day >= learner.joins and cohort.active_today(learner):
                cohort.session(learner, first_day + timedelta(days=day))
    return cohort.events


class _Cohort:
    def __init__(self, items: Sequence[ItemInfo], rng: np.random.Generator, shift: dict) -> None:
        self.items = {item.item_id: item for item in items}
        self.order = sorted(self.items)
        self.rng = rng
        self.time_factor = shift.get("seconds_spent", 1.0)
        self.events: list[SimulatedActivity] = []

    def learners(self, count: int, days: int) -> list[_Learner]:
        organizations = max(1, count // LEARNERS_PER_ORGANIZATION)
        culture = self.rng.normal(0, 0.3, organizations)
        people = []
        for n in range(count):
            organization = int(self.rng.integers(organizations))
            people.append(
                _Learner(
                    id=n,
                    organization=organization,
                    diligence=float(self.rng.normal()),
                    pace=float(np.exp(self.rng.normal(0, 0.35))),
                    culture=float(culture[organization]),
                    joins=int(self.rng.integers(max(days // 3, 1))),
                )
            )
        return people

    def active_today(self, learner: _Learner) -> bool:
        if learner.engaged:
            learner.engaged = self.rng.random() >= sigmoid(-4 - 0.9 * learner.diligence)
        else:
            learner.engaged = self.rng.random() < 0.03
        push = -0.8 + learner.diligence + learner.culture + 1.5 * learner.active_yesterday
        learner.active_yesterday = learner.engaged and self.rng.random() < sigmoid(push)
        return learner.active_yesterday

    def session(self, learner: _Learner, day: datetime) -> None:
        item = self._choose(learner)
        if item is None:
            return
        at = day + timedelta(hours=8 + 12 * float(self.rng.random()))
        emit = _Emitter(self.events, learner, item.item_id, at)
        if item.item_id not in learner.coverage:
            emit(EventKind.STARTED)
        covered = self.rng.uniform(0.3, 0.8) * learner.pace / (0.7 + 0.15 * item.difficulty)
        learner.coverage[item.item_id] = learner.coverage.pop(item.item_id, 0.0) + covered
        minutes = (item.estimated_minutes or DEFAULT_MINUTES) * covered
        emit(EventKind.PROGRESS, seconds_spent=round(minutes * 60 * self.time_factor, 1))
        if self._completes(learner, item, emit):
            del learner.coverage[item.item_id]
            learner.completed.add(item.item_id)
            emit(EventKind.COMPLETED)
        elif learner.coverage[item.item_id] >= GIVE_UP_COVERAGE:
            del learner.coverage[item.item_id]
            learner.abandoned.add(item.item_id)

    def _choose(self, learner: _Learner) -> ItemInfo | None:
        if learner.coverage and self.rng.random() < 0.95:
            return self.items[next(reversed(learner.coverage))]
        done = learner.completed | learner.abandoned
        fresh = [i for i in self.order if i not in learner.coverage and i not in done]
        ready = [i for i in fresh if self._prerequisites_met(learner, self.items[i])]
        choice = (ready or fresh or list(learner.coverage))[:1]
        return self.items[choice[0]] if choice else None

    def _prerequisites_met(self, learner: _Learner, item: ItemInfo) -> bool:
        return all(p in learner.completed for p in item.prerequisite_ids)

    def _completes(self, learner: _Learner, item: ItemInfo, emit: _Emitter) -> bool:
        coverage, met = learner.coverage[item.item_id], self._prerequisites_met(learner, item)
        harder = item.difficulty - 3
        if item.kind in SCORED:
            if coverage < 0.7:
                return False
            score = 55 + 15 * learner.diligence - 6 * harder + 10 * met + self.rng.normal(0, 10)
            score = float(np.clip(round(score), 0, 100))
            emit(EventKind.ATTEMPT, score=score)
            return score >= 60
        chance = sigmoid(1 + 0.8 * learner.diligence - 0.4 * harder + 0.8 * met)
        return coverage >= 1 and self.rng.random() < chance


@dataclass
class _Emitter:
    """Appends one session's events, a second apart, in the order they happened."""

    events: list[SimulatedActivity]
    learner: _Learner
    item_id: int
    at: datetime

    def __call__(self, kind: EventKind, **values: float) -> None:
        self.at += timedelta(seconds=values.get("seconds_spent", 1.0))
        self.events.append(
            ActivityEvent(
                learner_id=self.learner.id,
                item_id=self.item_id,
                organization_id=self.learner.organization,
                at=self.at,
                kind=kind,
                **values,
            )
        )
