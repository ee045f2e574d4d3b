"""Task metrics from Celery's signals, for tasks run in this process (``apply``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from celery import Celery

from atrium.tasks import metrics
from atrium.tasks.metrics import PUBLISHED_AT_HEADER, connect_task_metrics

demo = Celery("metrics-demo", set_as_current=False)


@demo.task(name="demo.ok")
def ok() -> str:
    return "done"


@demo.task(name="demo.broken")
def broken() -> None:
    raise LookupError("gone")


def count(task: str, state: str) -> float:
    return metrics.TASKS.labels(task, state)._value.get()  # type: ignore[no-any-return]


def runtimes(task: str) -> float:
    return sum(
        sample.value
        for family in metrics.RUNTIME.collect()
        for sample in family.samples
        if sample.name.endswith("_count") and sample.labels["task"] == task
    )


@pytest.mark.parametrize(
    ("task", "state"),
    [(ok, "succeeded"), (broken, "failed")],
)
def test_each_run_counts_its_start_its_end_and_its_runtime(task: Any, state: str) -> None:
    connect_task_metrics()
    started, ended, timed = (
        count(task.name, "started"),
        count(task.name, state),
        runtimes(task.name),
    )
    task.apply()
    assert count(task.name, "started") == started + 1
    assert count(task.name, state) == ended + 1
    assert runtimes(task.name) == timed + 1
    assert metrics.ACTIVE.labels(task.name)._value.get() == 0


def request(**fields: Any) -> SimpleNamespace:
    return SimpleNamespace(get=fields.get, eta=fields.get("eta"))


def test_a_task_waits_from_its_publication_or_its_later_eta() -> None:
    published = datetime(2026, 1, 1, tzinfo=UTC)
    header = {PUBLISHED_AT_HEADER: published.timestamp()}
    assert metrics._waiting_since(request(**header)) == published.timestamp()
    later = published + timedelta(minutes=5)
    eta = {"eta": later.isoformat()}
    assert metrics._waiting_since(request(**header, **eta)) == later.timestamp()
    earlier = {"eta": (published - timedelta(minutes=5)).isoformat()}
    assert metrics._waiting_since(request(**header, **earlier)) == published.timestamp()
    assert metrics._waiting_since(request()) is None  # published by a producer without it
