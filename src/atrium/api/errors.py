"""Every error leaves api as JSON with a ``detail``; an unexpected one is logged, not leaked.

A server a request needs that cannot answer (the AI store stopped, frozen past its
deadlines from ``atrium.common.deadlines``, or its pool exhausted by such requests) is a
503 with ``Retry-After``: the next request connects again.
"""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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

    app.add_middleware(UnhandledErrorMiddleware)  # added first: the innermost


class UnhandledErrorMiddleware:
    """A bug's 500, answered inside every other middleware, so it carries the request id
    and the hardening headers and is counted like any answer. (Starlette answers a handler
    for ``Exception`` from its outermost layer, where none of them would see it.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except Exception:
            log.exception("unhandled_error", path=scope["path"])
            if not started:
                error = JSONResponse({"detail": "Internal Server Error"}, status_code=500)
                await error(scope, receive, send)
            raise  # the server logs the traceback and closes the connection
