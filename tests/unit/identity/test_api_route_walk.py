"""Every organization-scoped route of api, found by walking the route table, refuses a
token of another organization (and no token, and a token with no organization)."""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import RouteContext
from fastapi.testclient import TestClient

from atrium.api.deps import OrgInPath, get_active_org
from atrium.api.main import create_app
from tests.support.auth import TokenIssuer, api_auth  # noqa: F401 (fixture)
from tests.support.routes import api_routes

ORG_A, ORG_B = 101, 202


def _uses(dependant: Dependant, call: Any) -> bool:
    return dependant.call is call or any(_uses(d, call) for d in dependant.dependencies)


def org_scoped_routes(app: FastAPI) -> list[RouteContext]:
    return [r for r in api_routes(app) if _uses(r.dependant, get_active_org)]


def _url(route: RouteContext) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(ORG_B if m[1] == "org_id" else 1), route.path)


def assert_tenancy(app: FastAPI, issuer: TokenIssuer) -> list[str]:
    client = TestClient(app)
    checked = []
    for route in org_scoped_routes(app):
        url = _url(route)
        for method in route.methods:
            assert client.request(method, url).status_code == 401, (method, url)
            no_org = issuer.header(1)
            assert client.request(method, url, headers=no_org).status_code == 403, (method, url)
            if "{org_id}" in route.path:
                other = issuer.header(1, ORG_A, "owner")
                answer = client.request(method, url, headers=other)
                assert answer.status_code == 403, (method, url, answer.text)
            checked.append(f"{method} {route.path}")
    return checked


def test_every_org_scoped_api_route_refuses_other_organizations(
    api_auth: TokenIssuer,  # noqa: F811
) -> None:
    assert_tenancy(create_app(), api_auth)


def test_the_walk_finds_org_scoped_routes(api_auth: TokenIssuer) -> None:  # noqa: F811
    app = create_app()

    @app.get("/api/v1/probe/{org_id}/things")
    async def probe(org: OrgInPath) -> int:
        return org.id

    assert "GET /api/v1/probe/{org_id}/things" in assert_tenancy(app, api_auth)
