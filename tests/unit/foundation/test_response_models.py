"""Every JSON route of both services declares a typed response, found by walking the route
tables: the generated dashboard client then types every answer, and nothing is cast by hand."""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Literal, Union, get_args, get_origin

from fastapi import FastAPI
from fastapi.routing import APIRoute
from ninja import NinjaAPI, Router
from ninja.constants import NOT_SET
from pydantic import BaseModel

from atrium.api.main import create_app

SCALARS = (str, int, float, bool, type(None))
NO_CONTENT = 204


def typed(annotation: Any) -> bool:
    """Whether a client generated from this annotation knows every field it receives."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return True
    if origin in (Union, types.UnionType, list, tuple, set, frozenset):
        return all(typed(arg) for arg in args if arg is not Ellipsis)
    if origin is dict:
        return bool(args) and all(typed(arg) for arg in args)
    if isinstance(annotation, type):
        return issubclass(annotation, (BaseModel, *SCALARS)) or dataclasses.is_dataclass(annotation)
    return False


def untyped_api_routes(app: FastAPI) -> list[str]:
    return [
        f"{sorted(route.methods)} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.include_in_schema  # /metrics is Prometheus text, not a JSON answer
        and route.status_code != NO_CONTENT
        and not typed(route.response_model)
    ]


def test_every_api_route_declares_a_typed_response_model() -> None:
    assert untyped_api_routes(create_app()) == []


def test_the_api_walk_finds_untyped_routes() -> None:
    app = create_app()

    @app.get("/api/v1/probe/loose")
    async def loose() -> dict[str, Any]:
        return {}

    @app.get("/api/v1/probe/bare")
    async def bare():  # type: ignore[no-untyped-def]
        return {}

    @app.get("/api/v1/probe/typed")
    async def fine() -> list[dict[str, int]]:
        return []

    assert untyped_api_routes(app) == ["['GET'] /api/v1/probe/loose", "['GET'] /api/v1/probe/bare"]


def _declared(model: Any) -> bool:
    """``response={202: None}`` declares an empty body; leaving ``response=`` out declares
    nothing; else the schema Ninja made wraps the declared type."""
    return model is None or (
        model is not NOT_SET and typed(model.model_fields["response"].annotation)
    )


def untyped_core_operations(api: NinjaAPI) -> list[str]:
    return [
        f"{operation.methods} {bound.prefix}{path} {status}"
        for bound in api._get_bound_routers()  # every router, nested ones included
        for path, view in bound.template.path_operations.items()
        for operation in view.operations
        for status, model in operation.response_models.items()
        if not _declared(model)
    ]


def test_every_core_operation_declares_a_typed_response_schema() -> None:
    from atrium.core.api import api

    assert untyped_core_operations(api) == []


def test_the_core_walk_finds_untyped_operations() -> None:
    probe = Router()

    @probe.get("/loose")
    def loose(request: Any) -> dict[str, Any]:
        return {}

    @probe.get("/loose-schema", response=dict[str, Any])
    def loose_schema(request: Any) -> dict[str, Any]:
        return {}

    @probe.get("/typed", response=list[int])
    def fine(request: Any) -> list[int]:
        return []

    api = NinjaAPI(urls_namespace="probe")
    api.add_router("/probe", probe)
    assert untyped_core_operations(api) == [
        "['GET'] /probe/loose 200",
        "['GET'] /probe/loose-schema 200",
    ]
