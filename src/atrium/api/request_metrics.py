"""Prometheus metrics of api's HTTP requests: rate, status and latency by route.

Requests are labelled by the route's path template (``/api/v1/integrations/{name}``), never
the raw path; one that matches no route is ``unmatched``. A streamed answer (chat) is timed
to its last byte. Plain ASGI, so it sees every answer, the error handlers' included.
"""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class RequestMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the server answers when the app raises before it answered

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = route_of(scope)
            method = method_label(scope["method"])
            REQUESTS.labels(route, method, str(status)).inc()
            REQUEST_SECONDS.labels(route, method).observe(time.perf_counter() - start)
