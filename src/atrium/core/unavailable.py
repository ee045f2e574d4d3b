"""A database that cannot answer (down, frozen past its deadline, restarting) is a 503.

Every path of core reaches it here: the NinjaAPI's exception handler (``atrium.core.api``)
and, for the views outside it (the admin, JWKS, metrics), :class:`DatabaseUnavailableMiddleware`.
Both answer ``{"detail": ...}`` with ``Retry-After``; Django reconnects on the next request.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from atrium.common.health import describe
from atrium.core.domain import Unavailable
from atrium.core.errors import domain_error_json

log = structlog.get_logger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_S = 5


def database_unavailable(exc: Exception) -> Unavailable:
    log.warning("database_unavailable", error=describe(exc))
    return Unavailable(
        "The database is unavailable; retry shortly",
        code="database_unavailable",
        retry_after=RETRY_AFTER_S,
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DATABASE_ERRORS):
            return None
        return domain_error_json(database_unavailable(exc))
