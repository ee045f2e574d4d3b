"""Core on PostgreSQL as real processes, and an organization with a catalog, made over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import Proc, atrium, http_ok, run_atrium, wait_until
from tests.support.services import free_port

PASSWORD = "a long enough test password 42"


@dataclass
class Cores:
    urls: list[str]
    env: dict[str, str]


@pytest.fixture(scope="session")
def pg_env(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var_dir = tmp_path_factory.mktemp("learning-pg")
    env = {"ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(var_dir), "DATABASE_URL": postgres_url}
    run_atrium("migrate", env=env)
    return env


@pytest.fixture(scope="module")
def two_cores(pg_env: dict[str, str]) -> Iterator[Cores]:
    """Two core servers (one gunicorn worker each) on the same PostgreSQL database."""
    logs = Path(pg_env["ATRIUM_VAR_DIR"]) / "logs"
    procs: list[Proc] = []
    urls = []
    try:
        for name in ("core-a", "core-b"):
            port = free_port()
            args = ("serve", "core", "--port", str(port), "--workers", "1")
            procs.append(atrium(name, *args, env=pg_env, logs=logs).start())
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_until(http_ok(f"{url}/api/v1/docs"), 60, url, procs)
        yield Cores(urls, pg_env)
    finally:
        for proc in procs:
            proc.stop()


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


def owner_with_item(core: str, email: str) -> tuple[dict[str, str], int]:
    """Register ``email``, create an organization and a published quiz in its catalog."""
    with httpx.Client(base_url=core, timeout=30) as http:
        creds = {"email": email, "password": PASSWORD}
        _ok(http.post("/api/v1/auth/register", json=creds), 201)
        tokens = _ok(http.post("/api/v1/auth/token", json=creds))
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        org = _ok(http.post("/api/v1/organizations/", json={"name": "Race"}, headers=auth), 201)
        switch = {"refresh_token": tokens["refresh_token"], "organization_id": org["id"]}
        tokens = _ok(http.post("/api/v1/auth/refresh", json=switch))
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        track = _ok(
            http.post(
                "/api/v1/catalog/tracks", json={"title": "Race", "state": "published"}, headers=auth
            ),
            201,
        )
        module = _ok(
            http.post(
                f"/api/v1/catalog/tracks/{track['id']}/modules", json={"title": "M"}, headers=auth
            ),
            201,
        )
        item = _ok(
            http.post(
                "/api/v1/catalog/items",
                json={
                    "module_id": module["id"],
                    "kind": "quiz",
                    "title": "Q",
                    "state": "published",
                },
                headers=auth,
            ),
            201,
        )
    return auth, item["id"]
