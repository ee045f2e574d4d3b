"""A user may have only so many unfinished jobs; staff are not capped."""

from typing import Any

import pytest
from django.test import Client

from atrium.config import get_settings
from atrium.core.accounts.models import User
from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


def start(client: Client, auth: dict[str, str]) -> Any:
    return client.post(
        "/api/v1/tasks/count", {"steps": 50}, content_type="application/json", **auth
    )


def test_the_job_past_the_cap_is_429_until_one_ends(client: Client) -> None:
    alice = bearer_for(make_user("alice@example.com"))
    cap = get_settings().jobs_max_running_per_user
    started = [start(client, alice) for _ in range(cap)]
    assert [s.status_code for s in started] == [202] * cap
    refused = start(client, alice)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "at a time" in refused.json()["detail"]
    assert start(client, bearer_for(make_user("bob@example.com"))).status_code == 202
    first = started[0].json()["id"]
    assert client.post(f"/api/v1/tasks/{first}/cancel", **alice).status_code == 200
    assert start(client, alice).status_code == 202


def test_staff_are_not_capped(client: Client) -> None:
    root = make_user("root@example.com")
    User.objects.filter(pk=root.pk).update(is_staff=True)
    statuses = {
        start(client, bearer_for(root)).status_code
        for _ in range(get_settings().jobs_max_running_per_user + 2)
    }
    assert statuses == {202}
