from starlette.types import ASGIApp, Message, Receive, Scope, Send

SERVICE_HEADER = (b"x-atrium-service", b"api")


class ServiceHeaderMiddleware:
    """Names the service that answered, so routing through a gateway can be checked.

    Plain ASGI rather than BaseHTTPMiddleware: it must not buffer streamed responses.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), SERVICE_HEADER]
            await send(message)

        await self.app(scope, receive, send_with_header)
