"""The demo's simulated cohort, so the ML pages have data on a laptop (``atrium seed``).

The cohort is written once (its prefix makes it idempotent); a training job that promotes
its candidate through the gate is queued only while no model serves, and runs on the
worker that ``make dev`` starts next.
"""

from __future__ import annotations

from collections.abc import Iterator

from atrium.core.jobs.services import start_job
from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services.cohort import write_cohort
from atrium.core.ml.tasks import train

PREFIX = "demo"
LEARNERS, DAYS = 50, 180  # enough examples for training's minimums, written in seconds


def seed_ml() -> Iterator[str]:
    report = write_cohort(learners=LEARNERS, days=DAYS, seed=7, prefix=PREFIX)
    state = f"{report.written} learners written" if report.written else "unchanged"
    yield f"demo ML cohort: {report.learners} simulated learners over {DAYS} days ({state})"
    if ModelVersion.objects.filter(name="completion").exists():
        return
    job = start_job(train, name="completion", promote=True)
    yield f"  training the completion model on the worker: /api/v1/tasks/{job.id}"
