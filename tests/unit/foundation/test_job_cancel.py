"""Cancelling a job: the owner's unfinished job ends REVOKED; a finished one is a 409."""

import pytest
from django.test import Client

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
