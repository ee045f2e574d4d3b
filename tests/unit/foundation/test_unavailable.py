"""A database or server that cannot answer is a 503 with a ``detail`` in core and api,
and each driver is given the deadlines the settings state."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import exc as sa

from atrium.api.edge import ApiEdgeMiddleware
from atrium.api.errors import install_error_handlers
from atrium.common import slots
from atrium.common.cache import get_cache
from atrium.common.deadlines import GRACE_S, DatabaseDeadlines
from atrium.config import get_settings
from tests.support.auth import bearer_for, make_user
from tests.support.services import free_port


@contextmanager
def database_gone() -> Iterator[None]:
    """Every query fails as it does against a stopped or timed-out server."""

    def refuse(*_: Any) -> None:
        raise OperationalError("connection to server failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def assert_503(status: int, body: dict[str, Any], headers: Any) -> None:
    assert status == 503
    assert body["detail"]
    assert int(headers["Retry-After"]) >= 1


@pytest.mark.django_db
def test_core_api_answers_503_with_a_detail_when_its_database_cannot_answer(
    client: Client,
) -> None:
    auth = bearer_for(make_user("reader@example.com"))
    with database_gone():
        response = client.get("/api/v1/catalog/items", **auth)
    assert_503(response.status_code, response.json(), response.headers)
    assert response.json()["detail"] == "The database is unavailable; retry shortly"


@pytest.mark.django_db
def test_core_views_outside_the_api_answer_503_too(client: Client) -> None:
    with database_gone():
        response = client.post("/admin/login/", {"username": "a@b.c", "password": "x"})
    assert_503(response.status_code, response.json(), response.headers)


def test_liveness_needs_no_database(client: Client) -> None:
    with database_gone():
        assert client.get("/healthz").status_code == 200


def api_raising(error: Exception) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(ApiEdgeMiddleware)  # answers a bug's 500

    @app.get("/boom")
    async def boom() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        TimeoutError(),
        sa.TimeoutError("QueuePool limit reached, connection timed out"),
        sa.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
    ],
    ids=["refused", "timed out", "pool exhausted", "operational"],
)
def test_api_answers_503_when_a_server_it_needs_cannot_answer(error: Exception) -> None:
    response = api_raising(error).get("/boom")
    assert_503(response.status_code, response.json(), response.headers)


def test_api_keeps_500_for_a_bug() -> None:
    response = api_raising(ValueError("a bug")).get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error"}


def test_each_driver_gets_the_stated_deadlines() -> None:
    deadlines = DatabaseDeadlines(connect_s=3, statement_s=10)
    assert deadlines.answer_s == 10 + GRACE_S
    libpq = deadlines.libpq()
    assert libpq["connect_timeout"] == 3
    assert libpq["options"] == "-c statement_timeout=10000"
    assert libpq["tcp_user_timeout"] == (10 + GRACE_S) * 1000
    assert deadlines.mysql() == {"connect_timeout": 3, "read_timeout": 12, "write_timeout": 12}
    assert deadlines.asyncpg() == {
        "timeout": 3,
        "command_timeout": 10 + GRACE_S,
        "server_settings": {"statement_timeout": "10000"},
    }


def test_no_statement_timeout_lifts_every_limit_but_connecting() -> None:
    unlimited = DatabaseDeadlines(connect_s=3, statement_s=0)
    assert unlimited.answer_s is None
    assert "options" not in unlimited.libpq()
    assert unlimited.mysql() == {"connect_timeout": 3}
    assert unlimited.asyncpg() == {"timeout": 3}


@pytest.fixture
def unreachable_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """The shared cache pointed at a loopback port nothing listens on."""
    monkeypatch.setattr(get_settings(), "redis_url", f"redis://127.0.0.1:{free_port()}/0")
    get_cache.cache_clear()
    yield get_cache.cache_clear
    get_cache.cache_clear()


async def test_the_concurrency_cap_admits_while_redis_does_not_answer(
    unreachable_redis: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.CRITICAL, "cashews")  # it logs each refused command's traceback
    assert await slots.take("chat:user:1", limit=1)
    assert await slots.take("chat:user:1", limit=1)  # uncounted: a second holder too
    await slots.release("chat:user:1")


def test_after_a_failed_connection_core_refuses_new_ones_at_once_for_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db.utils import ConnectionHandler

    from atrium.core.postgresql import base

    monkeypatch.setattr(base, "CONNECTS", base.ConnectBackoff())
    closed_port = str(free_port())
    database = {
        "ENGINE": "atrium.core.postgresql",
        "NAME": "atrium",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": closed_port,
        "OPTIONS": {"connect_timeout": 30},
    }
    wrapper = ConnectionHandler({"default": database})["default"]
    params = wrapper.get_connection_params()  # what Django connects with, not blocked here
    with pytest.raises(psycopg.OperationalError, match="refused"):
        wrapper.get_new_connection(params)
    with pytest.raises(psycopg.OperationalError, match="the next one in"):
        wrapper.get_new_connection(params)
