"""Background jobs of the caller: start, list, follow. Another user's job is a 404."""

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from atrium.core.accounts.auth import user_of, user_only
from atrium.core.domain import NotFound
from atrium.core.jobs import services
from atrium.core.jobs.models import Job
from atrium.core.jobs.schemas import CountJobIn, JobOut
from atrium.core.jobs.tasks import count

router = Router(tags=["tasks"], auth=user_only)


class JobListQuery(Schema):
    limit: int = Field(default=20, ge=1, le=100, description="How many, newest first.")


@router.get("/", response=list[JobOut], operation_id="tasks_list")
def list_jobs(request: HttpRequest, query: Query[JobListQuery]) -> list[JobOut]:
    """The caller's jobs, newest first, each with its live state and progress."""
    jobs = services.jobs_of(user_of(request), limit=query.limit)
    return [services.describe_job(job) for job in jobs]


@router.post("/count", response={202: JobOut}, operation_id="tasks_start_count")
def start_count(request: HttpRequest, payload: CountJobIn) -> Status[JobOut]:
    """Start the demonstration job, which counts and reports its progress."""
    job = services.start_job(count, user_id=user_of(request).pk, **payload.dict())
    return Status(202, services.queued_job(job))


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    job = services.find_job(job_id, user=user_of(request))
    if job is None:
        raise NotFound("No such task")
    return job


@router.get("/{job_id}", response=JobOut, operation_id="tasks_get")
def get_job(request: HttpRequest, job_id: uuid.UUID) -> JobOut:
    return services.describe_job(_own_job(request, job_id))


@router.post("/{job_id}/cancel", response=JobOut, operation_id="tasks_cancel")
def cancel_job(request: HttpRequest, job_id: uuid.UUID) -> JobOut:
    """Cancel a job that has not finished (409 once it has): it ends REVOKED."""
    return services.cancel_job(_own_job(request, job_id))
