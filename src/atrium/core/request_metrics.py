"""Prometheus metrics of core's HTTP requests: rate, status, latency, database queries, errors.

Requests are labelled by the URL pattern that answered (``api/v1/orgs/<int:org_id>``),
never by the raw path, so the number of series stays bounded whatever clients send.
Requests that match no pattern (a 404 outside every route, a static file) are ``unmatched``.
Under gunicorn every worker writes to the multiprocess folder that ``/metrics`` sums.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

from atrium.common.prometheus import UNMATCHED_ROUTE, method_label

REQUESTS = Counter(
    "atrium_core_http_requests",
    "HTTP requests core answered, by URL pattern, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "atrium_core_http_request_duration_seconds",
    "Time core took to answer a request, by URL pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
REQUEST_QUERIES = Histogram(
    "atrium_core_http_request_db_queries",
    "Database queries one request ran, by URL pattern.",
    ["route"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89),
)
REQUEST_DB_SECONDS = Histogram(
    "atrium_core_http_request_db_seconds",
    "Time one request spent in database queries, by URL pattern.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
EXCEPTIONS = Counter(
    "atrium_core_http_exceptions",
    "Exceptions a view raised that no handler turned into an answer, by URL pattern and class.",
    ["route", "exception"],
)


class _QueryTally:
    """A ``connection.execute_wrapper``: counts and times every query the request runs."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


@contextmanager
def _tallying_queries() -> Iterator[_QueryTally]:
    tally = _QueryTally()
    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(tally))
        yield tally


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else UNMATCHED_ROUTE


class RequestMetricsMiddleware:
    """Counts and times each request and the database queries it ran."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        with _tallying_queries() as tally:
            response = self.get_response(request)
        elapsed = time.perf_counter() - start
        route = route_of(request)
        method = method_label(request.method)
        REQUESTS.labels(route, method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(route, method).observe(elapsed)
        REQUEST_QUERIES.labels(route).observe(tally.queries)
        REQUEST_DB_SECONDS.labels(route).observe(tally.seconds)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        EXCEPTIONS.labels(route_of(request), type(exception).__name__).inc()
