"""The app factory. ``atrium.api.main:app`` is what uvicorn serves."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from atrium import __version__
from atrium.api.deps import get_engine, get_key_set
from atrium.api.docs import install_docs
from atrium.api.edge import ApiEdgeMiddleware
from atrium.api.errors import install_error_handlers
from atrium.api.routes import ai, health, integrations, metrics
from atrium.common import routing
from atrium.common.cache import get_cache
from atrium.common.http_client import close_http_clients
from atrium.common.logging import configure_logging
from atrium.common.telemetry import instrument_httpx, start_tracing
from atrium.config import get_settings
from atrium.integrations.hub import close_hub


def _operation_id(route: APIRoute) -> str:
    """Stable operation ids (``tag_name``) so generated clients keep their method names."""
    tag = str(route.tags[0]) if route.tags else "api"
    return f"{tag}_{route.name}"


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    # What is built by now lives as long as the process. Frozen, it is left out of every
    # later collection: a full one walked it for ~100 ms of CPU, stalling every request
    # in flight on the event loop (the p99 at 64 connections).
    gc.collect()
    gc.freeze()
    # Core's public keys before the first requests need them: otherwise all of those wait
    # on one fetch from core, which a busy core may not answer in time (503s).
    loading_keys = asyncio.create_task(get_key_set().load())
    yield
    loading_keys.cancel()
    await close_hub()
    await close_http_clients()
    await get_cache().close()
    await get_engine().dispose()


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings)
    app = FastAPI(
        title="Atrium api",
        version=__version__,
        description="Public-API integrations and AI features.",
        openapi_url=f"{routing.API_DOCS.prefix}/openapi.json",
        docs_url=None,  # served by atrium.api.docs from local assets
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        # Spans come from OpenTelemetry's instrumentor below, and only when tracing is on:
        # FastAPI's own telemetry would trace requests twice, and asks on every request
        # whether a provider is configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    install_error_handlers(app)
    app.add_middleware(ApiEdgeMiddleware)  # the last added runs first
    health.install_probes(app)
    install_docs(app)
    # A request walks every router included before its own, twice: the cached reads come
    # first, where that walk is a fifth of an answer, and the AI routes, whose model or
    # LLM work dwarfs it, after them.
    integrations.include(app)
    app.include_router(metrics.router)
    for router in ai.ROUTERS:
        app.include_router(router)
    if start_tracing("atrium-api"):
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app)
        instrument_httpx()
    return app


app = create_app()
