"""What every HTTP answer of api passes through, in one ASGI layer.

Each ASGI layer costs every request a few microseconds (a coroutine, a wrapped ``send``),
and a cached answer costs a few hundred in all, so api's own concerns share one layer:

- a request header longer than core's servers accept is refused with a 431, before any
  route parses it (a megabyte ``Authorization`` costs nothing to refuse);
- a JSON body holding a lone surrogate is refused with a 422 (``screened_body``);
- the request id (``atrium.common.request_id``) is bound for every line logged meanwhile
  and returned as ``X-Request-ID``;
- the hardening headers and the name of the service that answered are added to every
  answer that does not set them itself (so routing through a gateway can be checked);
- a bug's exception becomes a JSON 500 that carries all of the above (Starlette answers a
  handler for ``Exception`` from its outermost layer, where none of it would apply);
- every answer is counted and timed (``atrium.api.request_metrics``).

Plain ASGI rather than BaseHTTPMiddleware: streamed answers (chat) pass unbuffered.
"""

from __future__ import annotations

import time

import structlog
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atrium.api.middleware import (
    MAX_HEADER_BYTES,
    encoded_headers,
    has_oversized_header,
    refuse_oversized,
    screened_body,
    with_defaults,
)
from atrium.api.request_metrics import record_answer
from atrium.common import request_id
from atrium.common.security_headers import HEADERS, SERVICE_HEADER
from atrium.config import get_settings

log = structlog.get_logger(__name__)

REQUEST_ID_HEADER = request_id.HEADER.lower().encode()
INTERNAL_ERROR = JSONResponse({"detail": "Internal Server Error"}, status_code=500)


class ApiEdgeMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = encoded_headers(HEADERS | {SERVICE_HEADER: "api"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket" and has_oversized_header(scope, MAX_HEADER_BYTES):
                await refuse_oversized(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chosen = chosen_request_id(scope)
        added = [*self.headers, (REQUEST_ID_HEADER, chosen.encode("latin-1"))]
        status: int | None = None
        start = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = with_defaults(message.get("headers", ()), added)
            await send(message)

        with request_id.bound_request_id(chosen):
            try:
                if has_oversized_header(scope, MAX_HEADER_BYTES):
                    await refuse_oversized(scope, receive, send_with_headers)
                    return
                screened = await screened_body(scope, receive, send_with_headers)
                if screened is not None:
                    await self.app(scope, screened, send_with_headers)
            except Exception:
                log.exception("unhandled_error", path=scope["path"])
                if status is None:
                    await INTERNAL_ERROR(scope, receive, send_with_headers)
                raise  # the server logs the traceback and closes the connection
            finally:
                answered = 500 if status is None else status
                record_answer(scope, answered, time.perf_counter() - start)


def chosen_request_id(scope: Scope) -> str:
    trusted_hops = get_settings().trusted_proxy_count
    received = Headers(scope=scope).get(request_id.HEADER) if trusted_hops else None
    return request_id.chosen_request_id(received, trusted_hops)
