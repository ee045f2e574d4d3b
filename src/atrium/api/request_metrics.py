"""Prometheus metrics of api's HTTP requests: rate, status and latency by route.

Requests are labelled by the route's path template (``/api/v1/integrations/{name}``), never
the raw path; one that matches no route is ``unmatched``. A streamed answer (chat) is timed
to its last byte. ``atrium.api.edge`` records every answer, the error handlers' included.
"""

from __future__ import annotations

from functools import cache

from prometheus_client import Counter, Histogram
from starlette.types import Scope

from atrium.common.prometheus import UNMATCHED_ROUTE, method_label

REQUESTS = Counter(
    "atrium_api_http_requests",
    "HTTP requests api answered, by route template, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "atrium_api_http_request_duration_seconds",
    "Time api took to answer a request (to its last byte), by route template and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


def route_of(scope: Scope) -> str:
    """The matched route's template, which the router put in the scope it shares with this
    middleware. FastAPI keeps a route of an included router relative to that router
    (``/potter/characters``) and its full template in ``scope["fastapi"]``."""
    route = scope.get("fastapi", {}).get("effective_route_context") or scope.get("route")
    return getattr(route, "path", None) or UNMATCHED_ROUTE


def record_answer(scope: Scope, status: int, seconds: float) -> None:
    route = route_of(scope)
    method = method_label(scope["method"])
    requests_of(route, method, status).inc()
    seconds_of(route, method).observe(seconds)


# A series is looked up once: labels() validates and locks on every call. Routes, methods
# and statuses are bounded (method_label, UNMATCHED_ROUTE), so these caches are too.
@cache
def requests_of(route: str, method: str, status: int) -> Counter:
    return REQUESTS.labels(route, method, str(status))


@cache
def seconds_of(route: str, method: str) -> Histogram:
    return REQUEST_SECONDS.labels(route, method)
