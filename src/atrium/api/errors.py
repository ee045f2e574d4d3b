"""Every error leaves api as JSON with a ``detail``; an unexpected one is logged, not leaked
(``atrium.api.edge`` answers that 500).

A server a request needs that cannot answer (the AI store stopped, frozen past its
deadlines from ``atrium.common.deadlines``, or its pool exhausted by such requests) is a
503 with ``Retry-After``: the next request connects again.
"""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa

from atrium.common.health import describe

log = structlog.get_logger(__name__)

# asyncpg raises the OS's errors when it cannot connect or its command timer ends a wait.
UNAVAILABLE = (
    sa.OperationalError,
    sa.InterfaceError,
    sa.TimeoutError,
    ConnectionError,
    TimeoutError,
)
RETRY_AFTER_S = 5


async def unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("dependency_unavailable", path=request.url.path, error=describe(exc))
    return JSONResponse(
        {"detail": "A server this request needs did not answer; retry shortly"},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_error_handlers(app: FastAPI) -> None:
    for error in UNAVAILABLE:
        app.add_exception_handler(error, unavailable)
