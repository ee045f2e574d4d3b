"""Odd input is a 4xx with a JSON detail, never a 500."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from tests.unit.learning.conftest import Team, call, make_track

pytestmark = pytest.mark.django_db

HUGE = 10**30


def cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", f"/api/v1/catalog/items?cursor={cursor(['x', 'y'])}", None),
        ("GET", f"/api/v1/catalog/items?cursor={cursor({'a': 1})}", None),
        ("GET", f"/api/v1/catalog/items?ordering=-updated_at&cursor={cursor(['nope', 1])}", None),
        ("GET", f"/api/v1/progress/?cursor={cursor([[1], {}])}", None),
        ("GET", "/api/v1/catalog/items?page_size=0", None),
        ("GET", "/api/v1/catalog/items?page_size=100000", None),
        ("GET", f"/api/v1/catalog/items/{HUGE}", None),
        ("GET", f"/api/v1/progress/?user={HUGE}", None),
        ("GET", "/api/v1/progress/?user=abc", None),
        ("GET", f"/api/v1/progress/{HUGE}/events", None),
        ("PUT", f"/api/v1/progress/{HUGE}", {"status": "in_progress"}),
        ("PUT", "/api/v1/progress/1", {"status": "done"}),
        ("PUT", "/api/v1/progress/1", {"status": "in_progress", "time_spent_s": -1}),
        ("PUT", "/api/v1/progress/1", []),
        ("POST", "/api/v1/catalog/items", {"module_id": HUGE, "kind": "lab", "title": "x"}),
        ("POST", "/api/v1/catalog/tracks", {"title": ""}),
        ("PATCH", "/api/v1/catalog/items/1", {"prerequisite_ids": [HUGE]}),
        ("POST", "/api/v1/progress/1/reset", {"user_id": HUGE}),
        ("GET", f"/api/v1/progress/summary/users/{HUGE}", None),
    ],
)
def test_odd_requests_get_a_4xx_with_detail(
    client: Client, team: Team, method: str, url: str, body: object
) -> None:
    make_track("odd", org=team.org)
    response = call(client, method, url, body, **team.auth(team.admin))
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    assert "detail" in response.json()


def test_a_position_beyond_the_column_is_422(client: Client, team: Team) -> None:
    track = make_track("deep", org=team.org)
    module = track.modules.get()
    auth = team.auth(team.admin)
    for url in (
        f"/api/v1/catalog/tracks/{track.pk}",
        f"/api/v1/catalog/modules/{module.pk}",
        f"/api/v1/catalog/items/{module.items.first().pk}",
    ):
        response = call(client, "PATCH", url, {"position": 2**31}, **auth)
        assert response.status_code == 422, (url, response.content)
        assert call(client, "PATCH", url, {"position": 2**31 - 1}, **auth).status_code == 200
    created = call(
        client, "POST", "/api/v1/catalog/tracks", {"title": "T", "position": HUGE}, **auth
    )
    assert created.status_code == 422
