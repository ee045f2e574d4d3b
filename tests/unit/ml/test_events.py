from __future__ import annotations

from datetime import UTC, datetime, timedelta

from atrium.ml.events import EventKind, events_from_states

T0 = datetime(2026, 2, 1, tzinfo=UTC)


def state(status: str, *, attempts: int = 0, score: int | None = None, time: int = 0) -> dict:
    return {"status": status, "attempts": attempts, "score": score, "time_spent_s": time}


def test_each_recorded_change_becomes_the_events_it_implies() -> None:
    states = [
        (T0, state("in_progress", time=300)),
        (T0 + timedelta(hours=1), state("in_progress", attempts=1, score=55, time=900)),
        (T0 + timedelta(hours=2), state("completed", attempts=2, score=85, time=900)),
        (T0 + timedelta(hours=3), state("not_started")),  # a reset
        (T0 + timedelta(hours=4), state("in_progress")),
    ]
    events = events_from_states(learner_id=1, item_id=2, organization_id=3, states=states)
    assert [(e.kind, e.score, e.seconds_spent) for e in events] == [
        (EventKind.STARTED, None, None),
        (EventKind.PROGRESS, None, 300.0),
        (EventKind.PROGRESS, None, 600.0),
        (EventKind.ATTEMPT, 55.0, None),
        (EventKind.ATTEMPT, 85.0, None),
        (EventKind.COMPLETED, None, None),
        (EventKind.STARTED, None, None),
    ]
    assert {(e.learner_id, e.item_id, e.organization_id) for e in events} == {(1, 2, 3)}
    assert events[-1].at == T0 + timedelta(hours=4)
