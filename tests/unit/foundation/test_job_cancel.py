"""Cancelling a job: the owner's unfinished job ends REVOKED; a finished one is a 409."""

from types import SimpleNamespace

import pytest
from celery.exceptions import Ignore
from django.test import Client

from atrium.core.jobs.services import report_progress
from atrium.tasks import celery_app
from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


def _start(client: Client, auth: dict[str, str]) -> str:
    started = client.post(
        "/api/v1/tasks/count", {"steps": 50}, content_type="application/json", **auth
    )
    assert started.status_code == 202
    return str(started.json()["id"])


def test_a_queued_job_is_cancelled_and_stays_listed_as_revoked(client: Client) -> None:
    alice = bearer_for(make_user("alice@example.com"))
    job_id = _start(client, alice)
    cancelled = client.post(f"/api/v1/tasks/{job_id}/cancel", **alice)
    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "REVOKED"
    assert "cancelled by its owner" in cancelled.json()["error"]
    assert client.get("/api/v1/tasks/", **alice).json()[0]["state"] == "REVOKED"


def test_a_finished_job_cannot_be_cancelled_again(client: Client) -> None:
    alice = bearer_for(make_user("alice@example.com"))
    job_id = _start(client, alice)
    client.post(f"/api/v1/tasks/{job_id}/cancel", **alice)
    again = client.post(f"/api/v1/tasks/{job_id}/cancel", **alice)
    assert again.status_code == 409
    assert again.json()["detail"] == "The job has already finished"


def test_another_users_job_cannot_be_cancelled(client: Client) -> None:
    job_id = _start(client, bearer_for(make_user("alice@example.com")))
    bob = bearer_for(make_user("bob@example.com"))
    assert client.post(f"/api/v1/tasks/{job_id}/cancel", **bob).status_code == 404


class _RunningTask:
    """What report_progress uses of a bound Celery task: its id and update_state."""

    def __init__(self, job_id: str) -> None:
        self.request = SimpleNamespace(id=job_id)
        self.reports: list[dict[str, object]] = []

    def update_state(self, *, state: str, meta: dict[str, object]) -> None:
        assert state == "PROGRESS"
        self.reports.append(meta)
        celery_app.backend.store_result(self.request.id, meta, state)


def test_a_running_job_stops_at_its_next_report_and_stays_revoked(client: Client) -> None:
    alice = bearer_for(make_user("alice@example.com"))
    job_id = _start(client, alice)
    task = _RunningTask(job_id)
    report_progress(task, done=1, total=50)  # type: ignore[arg-type]
    assert client.get(f"/api/v1/tasks/{job_id}", **alice).json()["state"] == "PROGRESS"

    assert client.post(f"/api/v1/tasks/{job_id}/cancel", **alice).status_code == 200
    task.update_state(state="PROGRESS", meta={"done": 2, "total": 50})  # a report racing it
    with pytest.raises(Ignore):
        report_progress(task, done=3, total=50)  # type: ignore[arg-type]
    assert [report["done"] for report in task.reports] == [1, 2]
    job = client.get(f"/api/v1/tasks/{job_id}", **alice).json()
    assert job["state"] == "REVOKED"
    assert "cancelled by its owner" in job["error"]
