"""core's request metrics, read back from its own ``/metrics`` after real requests."""

from __future__ import annotations

import uuid

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path
from prometheus_client.parser import text_string_to_metric_families

from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


def _fails(request: HttpRequest, item_id: int) -> HttpResponse:
    raise LookupError(f"item {item_id} went missing")


# A URLconf of core's own routes plus one view that fails, for the exception counter.
urlpatterns = [
    path("", include("atrium.core.urls")),
    path("broken/<int:item_id>", _fails),
]


def scrape(client: Client) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    body = client.get("/metrics").content.decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def delta(before: dict, after: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_requests_are_counted_by_route_pattern_method_and_status(client: Client) -> None:
    headers = bearer_for(make_user("metrics@example.com"))
    before = scrape(client)
    for _ in range(3):
        assert client.get(f"/api/v1/tasks/{uuid.uuid4()}", **headers).status_code == 404
    assert client.get("/api/v1/tasks/not-a-uuid", **headers).status_code == 422
    assert client.get(f"/no/such/{uuid.uuid4()}").status_code == 404
    after = scrape(client)

    route = "api/v1/tasks/<job_id>"
    total = "atrium_core_http_requests_total"
    assert delta(before, after, total, route=route, method="GET", status="404") == 3
    assert delta(before, after, total, route=route, method="GET", status="422") == 1
    assert delta(before, after, total, route="unmatched", method="GET", status="404") == 1
    assert not any("not-a-uuid" in str(labels) for _, labels in after), "raw paths leaked"
    latency = "atrium_core_http_request_duration_seconds_count"
    assert delta(before, after, latency, route=route, method="GET") == 4
    # Each authenticated lookup reads the user and the job: queries are counted per request.
    queries = "atrium_core_http_request_db_queries"
    assert delta(before, after, f"{queries}_count", route=route) == 4
    assert delta(before, after, f"{queries}_sum", route=route) >= 4
    assert delta(before, after, "atrium_core_http_request_db_seconds_sum", route=route) > 0


def test_the_metrics_scrape_counts_itself_by_its_route(client: Client) -> None:
    before = scrape(client)
    after = scrape(client)
    labels = {"route": "metrics", "method": "GET", "status": "200"}
    assert delta(before, after, "atrium_core_http_requests_total", **labels) == 1


@pytest.mark.urls(__name__)
def test_an_unhandled_exception_is_counted_by_route_and_class() -> None:
    client = Client(raise_request_exception=False)
    before = scrape(client)
    assert client.get("/broken/7").status_code == 500
    after = scrape(client)
    route = "broken/<int:item_id>"
    exceptions = "atrium_core_http_exceptions_total"
    assert delta(before, after, exceptions, route=route, exception="LookupError") == 1
    requests = "atrium_core_http_requests_total"
    assert delta(before, after, requests, route=route, method="GET", status="500") == 1
