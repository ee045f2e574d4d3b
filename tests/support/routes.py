"""Paths and the process that must answer each, derived from the one route table.

For every mount: its prefix, a path below it, and a path that only shares its first
letters (``/api/v1/chatter`` is not chat's). The composed gateway, the real nginx config
and the Ingress are all checked against these cases.
"""

from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from atrium.common.routing import MOUNTS, Mount, Service


def _parent_owner(mount: Mount) -> Service:
    """Who owns ``prefix + "ter"``: the longest other mount above it, else the dashboard."""
    above = [m for m in MOUNTS if m is not mount and mount.prefix.startswith(m.prefix + "/")]
    return max(above, key=lambda m: len(m.prefix)).service if above else "web"


def _cases() -> list[tuple[str, Service]]:
    cases: list[tuple[str, Service]] = [
        ("/", "web"),
        ("/learn/tracks", "web"),
        ("/_next/static/chunk.js", "web"),
        ("/api/v1/health/", "core"),
        ("/api/v1/docs", "core"),
        ("/.well-known/jwks.json", "core"),
        ("/static/admin/css/base.css", "core"),
    ]
    for mount in MOUNTS:
        cases += [
            (mount.prefix, mount.service),
            (mount.prefix + "/some/thing", mount.service),
            (mount.prefix + "ter", _parent_owner(mount)),
        ]
    return cases


ROUTE_CASES = _cases()


def api_routes(app: FastAPI) -> list[RouteContext]:
    """Every API route of a FastAPI app, included routers flattened to their full paths."""
    return [
        route
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
    ]
