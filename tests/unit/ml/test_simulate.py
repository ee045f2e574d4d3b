from __future__ import annotations

import pytest

from atrium.ml.events import EventKind, ItemInfo
from atrium.ml.simulate import simulate_cohort


def test_the_same_seed_simulates_the_same_cohort(catalog: list[ItemInfo]) -> None:
    first, again = (simulate_cohort(20, 30, catalog, seed=4) for _ in range(2))
    assert first == again
    assert first != simulate_cohort(20, 30, catalog, seed=5)


def test_every_completion_follows_a_start_of_the_same_item(catalog: list[ItemInfo]) -> None:
    started: set[tuple[int, int]] = set()
    for event in simulate_cohort(30, 40, catalog, seed=6):
        pair = (event.learner_id, event.item_id)
        if event.kind == EventKind.STARTED:
            started.add(pair)
        assert pair in started


def test_an_unknown_shift_is_refused(catalog: list[ItemInfo]) -> None:
    with pytest.raises(ValueError, match="unknown shift"):
        simulate_cohort(5, 5, catalog, shift={"score": 10})
