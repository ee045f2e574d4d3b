"""ASGI middleware that api (``atrium.api.edge``) and the embedded gateway share."""

import json
from collections.abc import Iterable, Mapping

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atrium.common.security_headers import HEADERS

# gunicorn's limit_request_field_size: core refuses longer header lines the same way.
MAX_HEADER_BYTES = 8190


def encoded_headers(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


def with_defaults(
    headers: Iterable[tuple[bytes, bytes]], defaults: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    """``headers`` and each of ``defaults`` whose name they lack."""
    headers = list(headers)
    present = {name.lower() for name, _ in headers}
    return [*headers, *(header for header in defaults if header[0] not in present)]


def has_oversized_header(scope: Scope, max_bytes: int) -> bool:
    return any(len(name) + len(value) > max_bytes for name, value in scope["headers"])


HEADER_TOO_LARGE = JSONResponse(
    {"detail": "A request header is too large"}, status_code=431, headers=HEADERS
)


async def refuse_oversized(scope: Scope, receive: Receive, send: Send) -> None:
    """A 431 with the hardening headers; a websocket is closed with 1009 instead."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1009})
        return
    await HEADER_TOO_LARGE(scope, receive, send)


class DefaultHeadersMiddleware:
    """Adds ``headers`` to every HTTP answer that does not set them itself.

    Plain ASGI rather than BaseHTTPMiddleware: it must not buffer streamed responses.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        self.app = app
        self.headers = encoded_headers(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_defaults(message.get("headers", ()), self.headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SecurityHeadersMiddleware(DefaultHeadersMiddleware):
    """The hardening headers of :mod:`atrium.common.security_headers`."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, HEADERS)


class HeaderSizeLimitMiddleware:
    """Answers 431 when one request header is longer than core's servers accept (8 KB),
    before any route parses it: a megabyte ``Authorization`` costs nothing to refuse."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_HEADER_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"} and has_oversized_header(scope, self.max_bytes):
            await refuse_oversized(scope, receive, send)
            return
        await self.app(scope, receive, send)


LONE_SURROGATE = JSONResponse(
    {"detail": "The JSON holds a lone surrogate (\\ud800-\\udfff): not text"}, status_code=422
)


async def screened_body(scope: Scope, receive: Receive, send: Send) -> Receive | None:
    """What the app receives instead of ``receive``; None once a JSON body holding a lone
    surrogate (``"\\ud800"``) has been answered with a 422. JSON may escape one, Python
    decodes it into a ``str`` that no UTF-8 encoder accepts, and a route would fail on it
    deep inside (a tokenizer, a database driver, the 422's echo)."""
    if not _is_json(scope):
        return receive
    messages = [await receive()]
    while messages[-1]["type"] == "http.request" and messages[-1].get("more_body"):
        messages.append(await receive())
    if _has_lone_surrogate(b"".join(m.get("body", b"") for m in messages)):
        await LONE_SURROGATE(scope, receive, send)
        return None

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return replay


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.split(b";")[0].strip().lower().endswith(b"json")
    return False


def _has_lone_surrogate(body: bytes) -> bool:
    if b"\\ud" not in body.lower():  # every surrogate escape starts so
        return False
    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode()
    except json.JSONDecodeError:
        return False  # FastAPI answers malformed JSON itself
    except UnicodeEncodeError:
        return True
    return False
