import uuid

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from atrium.core.jobs import services
from atrium.core.jobs.schemas import CountJobIn, JobOut
from atrium.core.jobs.tasks import count

router = Router(tags=["tasks"])


@router.post("/count", response={202: JobOut}, operation_id="tasks_start_count")
def start_count(request: HttpRequest, payload: CountJobIn) -> Status[JobOut]:
    """Start the demonstration job, which counts and reports its progress."""
    user_id = request.user.pk if request.user.is_authenticated else None
    job = services.start_job(count, user_id=user_id, **payload.dict())
    return Status(202, services.describe_job(job))


@router.get("/{job_id}", response=JobOut, operation_id="tasks_get")
def get_job(request: HttpRequest, job_id: uuid.UUID) -> JobOut:
    job = services.find_job(job_id)
    if job is None:
        raise HttpError(404, "No such task")
    return services.describe_job(job)
