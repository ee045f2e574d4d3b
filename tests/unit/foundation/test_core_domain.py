"""core's domain errors become HTTP answers in one place, and services never speak HTTP."""

import json

import pytest
from django.test import RequestFactory

from atrium.core import domain
from atrium.core.api import api

KINDS = [
    (domain.InvalidInput, 400),
    (domain.NotAuthenticated, 401),
    (domain.PermissionDenied, 403),
    (domain.NotFound, 404),
    (domain.Conflict, 409),
    (domain.Unprocessable, 422),
    (domain.RateLimited, 429),
    (domain.Unavailable, 503),
]


@pytest.mark.parametrize(("kind", "status"), KINDS)
def test_each_kind_is_answered_with_its_status_and_detail(
    rf: RequestFactory, kind: type[domain.DomainError], status: int
) -> None:
    response = api.on_exception(rf.get("/api/v1/"), kind("Refused for a reason"))
    assert response.status_code == status
    assert json.loads(response.content) == {"detail": "Refused for a reason"}
    assert not response.has_header("Retry-After")


@pytest.mark.parametrize("kind", [domain.RateLimited, domain.Unavailable])
def test_retry_after_is_sent_in_whole_seconds_rounded_up(
    rf: RequestFactory, kind: type[domain.RateLimited | domain.Unavailable]
) -> None:
    response = api.on_exception(rf.get("/api/v1/"), kind("Busy", retry_after=2.1))
    assert response["Retry-After"] == "3"


def test_a_code_names_the_case_without_changing_the_status() -> None:
    error = domain.Conflict("Stale version 2", code="stale_version")
    assert (error.status, error.code, error.detail) == (409, "stale_version", "Stale version 2")
    assert domain.Conflict("Taken").code == "conflict"
