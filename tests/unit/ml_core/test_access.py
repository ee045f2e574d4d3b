"""``GET /api/v1/ml/access``: what the dashboard may show each caller, answered to anyone."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.unit.learning.conftest import Team, call

pytestmark = pytest.mark.django_db
URL = "/api/v1/ml/access"


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_an_organization_admin_may_use_the_ml_page_for_their_organization(
    team: Team, role: str
) -> None:
    response = call(Client(), "GET", URL, **team.auth(getattr(team, role)))
    assert response.status_code == 200, response.content
    assert response.json() == {"allowed": True, "staff": False, "organization_id": team.org.pk}


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_are_told_no_without_an_error(team: Team, role: str) -> None:
    response = call(Client(), "GET", URL, **team.auth(getattr(team, role)))
    assert response.status_code == 200, response.content
    assert response.json() == {"allowed": False, "staff": False, "organization_id": None}


def test_staff_may_use_it_without_administering_an_organization(
    staff: dict[str, str],
) -> None:
    response = call(Client(), "GET", URL, **staff)
    assert response.json() == {"allowed": True, "staff": True, "organization_id": None}


def test_an_anonymous_caller_is_a_401() -> None:
    assert Client().get(URL).status_code == 401
