"""A simulated cohort with known signal, for tests, demos and benchmarks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TypeAlias

from atrium.ml.events import ActivityEvent, ItemInfo

# learner_id and organization_id are the cohort's own indices (0..learners-1, 0..orgs-1);
# whoever writes the cohort maps them onto the users and organizations it creates.
SimulatedActivity: TypeAlias = ActivityEvent


def simulated_catalog(items: int, *, tracks: int = 3, seed: int = 0) -> list[ItemInfo]:
    raise NotImplementedError


def simulate_cohort(
    learners: int,
    days: int,
    items: Sequence[ItemInfo],
    seed: int = 0,
    shift: Mapping[str, float] | None = None,
    *,
    start: datetime | None = None,
) -> list[SimulatedActivity]:
    raise NotImplementedError
