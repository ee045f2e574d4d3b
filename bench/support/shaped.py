"""api's routes and the cached integration read's dependencies, with nothing behind them.

The floor FastAPI itself sets for a route like the cache hit: the same routers with the
same paths, included in the same order (a request walks the same routes to its match),
and the same dependency graph on the way (the bearer credential, the key set, the
principal, the hub and the per-user limit), each doing nothing. Every endpoint answers
the same few constant bytes, and no middleware runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from atrium.api.docs import install_docs
from atrium.api.routes import ai, health, integrations, metrics
from atrium.common import routing

bearer = HTTPBearer(auto_error=False)


async def key_set() -> None:
    return None


async def principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    keys: Annotated[None, Depends(key_set)],
) -> None:
    return None


async def hub() -> None:
    return None


async def user_limit(
    caller: Annotated[None, Depends(principal)], upstreams: Annotated[None, Depends(hub)]
) -> None:
    return None


async def constant(upstreams: Annotated[None, Depends(hub)]) -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


def _emptied(router: APIRouter, into: APIRouter | None = None) -> APIRouter:
    """``router``'s paths and methods, each answered by :func:`constant` (added to ``into``)."""
    shaped = into or APIRouter()
    for route in router.routes:
        assert isinstance(route, APIRoute), route
        shaped.add_api_route(route.path, constant, methods=sorted(route.methods))
    return shaped


def create_app() -> FastAPI:
    app = FastAPI(
        openapi_url=f"{routing.API_DOCS.prefix}/openapi.json", docs_url=None, redoc_url=None
    )
    probes = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    health.install_probes(probes)
    _emptied(probes.router, into=app.router)  # the app's own routes, as api's probes are
    install_docs(app)
    for router in integrations.ROUTERS:
        app.include_router(
            _emptied(router),
            prefix=routing.INTEGRATIONS.prefix,
            dependencies=[Depends(user_limit)],
        )
    for router in (metrics.router, *ai.ROUTERS):
        app.include_router(_emptied(router))
    return app


app = create_app()
