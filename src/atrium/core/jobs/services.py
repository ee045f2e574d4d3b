"""Starting jobs and reading their state, for every transport (API, admin, CLI)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from celery import Task
from celery.exceptions import Ignore
from django.db import transaction
from django.utils import timezone

from atrium.common.health import describe
from atrium.config import get_settings
from atrium.core.accounts.models import User
from atrium.core.domain import Conflict, RateLimited, Unavailable
from atrium.core.jobs.models import Job
from atrium.core.jobs.schemas import JobOut, JobState, Progress
from atrium.tasks import celery_app

BROKER_RETRY_AFTER_S = 10.0
FINISHED = frozenset({JobState.SUCCESS, JobState.FAILURE, JobState.REVOKED})
CANCELLED = "cancelled by its owner"


def start_job(task: Task, *, user_id: int | None = None, **kwargs: Any) -> Job:
    """Record the job and hand it to the broker: a job is queued, or it is not kept.

    The record is committed first, so the task finds it; when the broker does not take the
    message, the record goes again and the caller hears why (503), rather than a job that
    stays PENDING forever.
    """
    require_job_slot(user_id)
    with transaction.atomic():
        job = Job.objects.create(name=task.name, arguments=kwargs, started_by_id=user_id)
    try:
        task.apply_async(kwargs=kwargs, task_id=str(job.id), retry=False)
    except Exception as exc:  # whatever the transport raises, the job was not queued
        job.delete()
        raise Unavailable(
            f"the job was not started: the broker is unreachable ({describe(exc)})",
            code="broker_unreachable",
            retry_after=BROKER_RETRY_AFTER_S,
        ) from exc
    return job


# --- the per-user cap on unfinished jobs (each holds a worker slot for up to 26 minutes) ---

JOB_SLOT_RETRY_AFTER_S = 30.0
LONGEST_JOB = timedelta(minutes=27)  # the hard time limit and a margin: older ones ended


def require_job_slot(user_id: int | None) -> None:
    """Refuse (429) a user's job while ``JOBS_MAX_RUNNING_PER_USER`` of theirs are unfinished.
    Staff and callers without a user (the service credential, the CLI, schedules) are exempt."""
    cap = get_settings().jobs_max_running_per_user
    if user_id is None or User.objects.filter(pk=user_id, is_staff=True).exists():
        return
    recent = Job.objects.filter(started_by_id=user_id, created_at__gt=timezone.now() - LONGEST_JOB)
    unfinished = sum(describe_job(job).state not in FINISHED for job in recent[: cap + 1])
    if unfinished >= cap:
        raise RateLimited(
            f"{unfinished} of your jobs are still running; at most {cap} at a time",
            code="job_cap",
            retry_after=JOB_SLOT_RETRY_AFTER_S,
        )


def jobs_of(user: User, *, limit: int) -> list[Job]:
    return list(Job.objects.filter(started_by=user).order_by("-created_at")[:limit])


def find_job(job_id: uuid.UUID, *, user: User) -> Job | None:
    """The job, if ``user`` started it; staff may follow any job, scheduled ones included."""
    jobs = Job.objects.all() if user.is_staff else Job.objects.filter(started_by=user)
    return jobs.filter(pk=job_id).first()


def queued_job(job: Job) -> JobOut:
    """A job just handed to the broker: PENDING, said without asking the result backend."""
    return JobOut(id=job.id, name=job.name, state=JobState.PENDING, created_at=job.created_at)


def cancel_job(job: Job) -> JobOut:
    """Cancel an unfinished job: a queued one never runs, a running one stops at its next
    progress report (:func:`report_progress`).

    The task's process is not killed: a prefork child killed while it takes the next task
    from the pool's queue leaves the whole worker waiting, and Celery's ``terminate`` is
    for an operator facing a stuck task, not for code. The result backend says REVOKED at
    once, so the caller sees the cancel before a worker has heard the broadcast.
    """
    if describe_job(job).state in FINISHED:
        raise Conflict("The job has already finished", code="job_finished")
    Job.objects.filter(pk=job.pk).update(cancelled_at=timezone.now())
    celery_app.control.revoke(str(job.id))
    celery_app.backend.mark_as_revoked(str(job.id), reason=CANCELLED)
    return describe_job(job)


def report_progress(task: Task, **meta: Any) -> None:
    """Publish a running job's progress (``done``, ``total``, ...) for ``/api/v1/tasks/{id}``,
    or end the task here when its owner cancelled it: it is then left REVOKED."""
    job_id = task.request.id
    if job_id and Job.objects.filter(pk=job_id, cancelled_at__isnull=False).exists():
        # Again: a report written just after the cancel may have replaced REVOKED.
        celery_app.backend.mark_as_revoked(job_id, reason=CANCELLED)
        raise Ignore()
    task.update_state(state="PROGRESS", meta=meta)


def describe_job(job: Job) -> JobOut:
    # One read of the result backend: AsyncResult's state, info and result would each query it.
    meta = celery_app.backend.get_task_meta(str(job.id))
    status, info = str(meta.get("status")), meta.get("result")
    state = JobState(status) if status in JobState.__members__ else JobState.PENDING
    return JobOut(
        id=job.id,
        name=job.name,
        state=state,
        progress=_progress(state, info),
        result=info if state == JobState.SUCCESS else None,
        error=_error(state, info),
        created_at=job.created_at,
    )


def _progress(state: JobState, info: Any) -> Progress | None:
    if isinstance(info, dict) and {"done", "total"} <= info.keys():
        done, total = int(info["done"]), int(info["total"])
    elif state == JobState.SUCCESS and isinstance(info, dict) and "total" in info:
        done = total = int(info["total"])
    else:
        return None
    percent = round(100 * done / total, 1) if total else 100.0
    return Progress(done=done, total=total, percent=percent)


def _error(state: JobState, info: Any) -> str | None:
    if state not in {JobState.FAILURE, JobState.REVOKED}:
        return None
    return f"{type(info).__name__}: {info}" if isinstance(info, BaseException) else str(info)
