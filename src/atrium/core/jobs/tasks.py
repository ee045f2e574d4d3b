"""Core's background tasks. Each is idempotent: acks are late, so a task may run twice."""

from __future__ import annotations

import time
from datetime import timedelta

from celery import Task
from django.utils import timezone

from atrium.core.jobs.services import report_progress
from atrium.tasks import celery_app


@celery_app.task(bind=True, name="atrium.core.jobs.tasks.count")
def count(self: Task, steps: int = 20, step_seconds: float = 0.1) -> dict[str, int]:
    """A demonstration job: counts to ``steps``, reporting progress after every step."""
    for done in range(1, steps + 1):
        time.sleep(step_seconds)
        report_progress(self, done=done, total=steps)
    return {"done": steps, "total": steps}


@celery_app.task(name="atrium.core.jobs.tasks.prune_finished_jobs")
def prune_finished_jobs(older_than_days: int = 30) -> int:
    from atrium.core.jobs.models import Job

    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Job.objects.filter(created_at__lt=cutoff).delete()
    return deleted
