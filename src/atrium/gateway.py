"""The gateway's routing table as one ASGI app, so a laptop needs no nginx.

Core (WSGI, in a thread pool) and api (ASGI) run in this process; everything else
goes to the Next.js dashboard, by the route table in ``atrium.common.routing``.
``deploy/nginx/`` and the Ingress route the same paths in production; tests check them
against the same table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import httpx
from a2wsgi import WSGIMiddleware
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from atrium.api.middleware import HeaderSizeLimitMiddleware, SecurityHeadersMiddleware
from atrium.common.forwarding import client_address
from atrium.common.routing import Service, owner_of
from atrium.config import get_settings
from atrium.websocket_proxy import tunnel

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer"}
# A build's scripts, styles and fonts: content-hashed names that `next start` marks immutable.
BUILD_ASSETS = "/_next/static/"
MAX_KEPT_ASSETS = 1024  # several builds' worth; past it, assets are relayed but not kept


@dataclass(frozen=True)
class KeptAsset:
    status_code: int
    headers: dict[str, str]
    body: bytes

    def response(self) -> Response:
        return Response(self.body, status_code=self.status_code, headers=self.headers)


class WebProxy:
    """Streams requests to the dashboard; says where to look when it is not running.

    A build asset the dashboard marks immutable is kept in memory once relayed, and answered
    from there: a page's dozen scripts then cost the browser no second hop to `next start`
    and no second compression there.
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = httpx.AsyncClient(base_url=base_url, timeout=30.0)
        self.kept: dict[tuple[str, str], KeptAsset] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # next dev's live reload
            await tunnel(self.base_url, scope, receive, send)
            return
        request = Request(scope, receive)
        key = _asset_key(request)
        if key in self.kept:
            await self.kept[key].response()(scope, receive, send)
            return
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        outbound = self.client.build_request(
            request.method,
            request.url.path,
            params=request.query_params,
            headers=headers,
            content=request.stream(),
        )
        try:
            upstream = await self.client.send(outbound, stream=True)
        except httpx.TransportError:
            await self._unavailable()(scope, receive, send)
            return
        if key and _immutable(upstream) and len(self.kept) < MAX_KEPT_ASSETS:
            self.kept[key] = await _read_whole(upstream)
            await self.kept[key].response()(scope, receive, send)
            return
        response = StreamingResponse(
            upstream.aiter_raw(),
            status_code=upstream.status_code,
            headers={k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP},
            background=BackgroundTask(upstream.aclose),
        )
        await response(scope, receive, send)

    def _unavailable(self) -> Response:
        body = (
            "<!doctype html><title>Atrium</title><h1>Atrium</h1>"
            f"<p>The dashboard is not running at {self.base_url}.</p><ul>"
            '<li><a href="/api/v1/health/">Health</a></li>'
            '<li><a href="/api/v1/docs">Core API docs</a></li>'
            '<li><a href="/api/v1/api/docs">api docs</a></li>'
            '<li><a href="/admin/">Admin</a></li></ul>'
        )
        return HTMLResponse(body, status_code=503)


def _asset_key(request: Request) -> tuple[str, str] | None:
    """Build assets are kept per path and per encoding the browser accepts: gzip (the one
    `next start` compresses with) or not, so odd Accept-Encoding values cannot fill the store."""
    if request.method != "GET" or not request.url.path.startswith(BUILD_ASSETS):
        return None
    gzip = "gzip" in request.headers.get("accept-encoding", "").lower()
    return request.url.path, "gzip" if gzip else "identity"


def _immutable(upstream: httpx.Response) -> bool:
    cache_control = upstream.headers.get("cache-control", "")
    return upstream.status_code == 200 and "immutable" in cache_control


async def _read_whole(upstream: httpx.Response) -> KeptAsset:
    """The body as sent (still compressed), with the headers that describe it."""
    try:
        body = b"".join([chunk async for chunk in upstream.aiter_raw()])
    finally:
        await upstream.aclose()
    skip = HOP_BY_HOP | {"content-length", "date"}
    headers = {k: v for k, v in upstream.headers.items() if k.lower() not in skip}
    return KeptAsset(upstream.status_code, headers, body)


class Gateway:
    """Routes by the route table. The client's address is the peer's unless
    ``TRUSTED_PROXY_COUNT`` proxies stand in front (uvicorn is started without its own
    X-Forwarded-For handling, which would trust any local peer)."""

    def __init__(self, core: ASGIApp, api: ASGIApp, web: ASGIApp) -> None:
        self.apps: dict[Service, ASGIApp] = {"core": core, "api": api, "web": web}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.apps["api"](scope, receive, send)
            return
        scope = {**scope, "client": _client(scope)}
        await self.apps[owner_of(scope.get("path", "/"))](scope, receive, send)


def _client(scope: Scope) -> tuple[str, int] | None:
    peer = scope.get("client")
    hops = get_settings().trusted_proxy_count
    if not hops:
        return peer
    forwarded = b",".join(v for k, v in scope.get("headers", []) if k == b"x-forwarded-for")
    address = client_address(peer[0] if peer else None, forwarded.decode("latin-1"), hops)
    return (address, 0) if address else peer


def create_gateway() -> ASGIApp:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    from atrium.api.main import create_app
    from atrium.core.wsgi import application as core_wsgi

    gateway = Gateway(
        core=WSGIMiddleware(core_wsgi),  # type: ignore[arg-type]
        api=create_app(),
        web=WebProxy(get_settings().web_url),
    )
    # Answers of the gateway's own (the page saying the dashboard is down) get the headers too.
    return HeaderSizeLimitMiddleware(SecurityHeadersMiddleware(gateway))
